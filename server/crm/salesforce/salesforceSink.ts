import type { Connection } from "jsforce";
import type { ActivityWrite, CrmPerson, CrmSink, WriteResult } from "../crmSink";
import { callFailure, recordFailure } from "./salesforceErrors";
import { inLists } from "./soqlBatches";
import type { SalesforceRecordError } from "./salesforceErrors";

/** sObject collections take at most 200 records a call. */
const collectionSize = 200;
/** Emails per SOQL IN (...): well inside SOQL's 100,000-character limit. */
const lookupBatch = 200;

interface CollectionResult {
  id?: string;
  success: boolean;
  created?: boolean;
  errors?: SalesforceRecordError[];
}

interface QueryPage<T> {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: T[];
}

/**
 * Salesforce's shared activities relate up to 50 contacts, or a single lead, to one Task or Event; a lead's activity
 * has no related record (WhatId). Key prefixes tell contacts (003) from leads (00Q).
 */
export function whoFor(w: ActivityWrite): { who: string[]; whatId: string | null } {
  const contacts = w.whoIds.filter((id) => id.startsWith("003"));
  if (contacts.length > 0) return { who: contacts.slice(0, 50), whatId: w.whatId };
  const lead = w.whoIds.find((id) => id.startsWith("00Q"));
  return { who: lead ? [lead] : [], whatId: lead ? null : w.whatId };
}

/** Connection resets one call may go through before it fails as "Salesforce could not be reached". */
const CONNECTION_RESET_RETRIES = 2;

/** node-fetch's FetchError for a connection closed or reset before the answer ("socket hang up" is ECONNRESET too). */
function isConnectionReset(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === "ECONNRESET";
}

/** Salesforce refuses an Event longer than 14 days. */
const maxEventMs = 14 * 86_400_000;

const dateOnly = (d: Date) => d.toISOString().slice(0, 10);

export interface SalesforceSinkOptions {
  /** External-ID, unique text field on Activity (Task and Event) holding our key. */
  readonly keyField: string;
  /** Names a failure that concerns the whole org (refresh refused, API limit), rather than this call. */
  readonly classify?: (err: unknown) => Promise<Error | null>;
}

/**
 * Salesforce through jsforce: contacts and leads by email, emails as completed Tasks (TaskSubtype Email), meetings as
 * Events, upserted by our key so a repeated write changes nothing; extra people as TaskRelation/EventRelation.
 */
export class SalesforceSink implements CrmSink {
  private callCount = 0;
  private readonly users = new Map<string, string | null>();

  constructor(
    private readonly conn: Connection,
    private readonly options: SalesforceSinkOptions,
  ) {}

  get calls(): number {
    return this.callCount;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    this.callCount++;
    for (let resets = 0; ; resets++) {
      try {
        return await fn();
      } catch (err) {
        // Cut off before an answer (jsforce opens a connection per request, and a busy Salesforce may drop one):
        // every call here reads or upserts by our key, so sending it again changes nothing.
        if (resets < CONNECTION_RESET_RETRIES && isConnectionReset(err)) continue;
        throw (await this.options.classify?.(err)) ?? callFailure(err);
      }
    }
  }

  /** SOQL through the REST query resource, following nextRecordsUrl to the end. */
  private async queryAll<T>(soql: string): Promise<T[]> {
    const records: T[] = [];
    let url: string | undefined = `/query?q=${encodeURIComponent(soql)}`;
    while (url) {
      const next: string = url;
      const page = await this.call(() => this.conn.request<QueryPage<T>>(next));
      records.push(...page.records);
      url = page.done ? undefined : page.nextRecordsUrl;
    }
    return records;
  }

  async findPeople(emails: readonly string[]): Promise<Map<string, CrmPerson>> {
    const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e.includes("@")))];
    const found = new Map<string, CrmPerson>();
    const contactQuery = "SELECT Id, Name, Email, AccountId, Account.Name, Owner.Name FROM Contact WHERE Email IN (";
    for (const soql of inLists(contactQuery, ")", wanted, { maxItems: lookupBatch })) {
      const contacts = await this.queryAll<{ Id: string; Name: string; Email: string; AccountId: string | null; Account?: { Name?: string } | null; Owner?: { Name?: string } | null }>(soql);
      for (const c of contacts) {
        const email = c.Email.toLowerCase();
        if (!found.has(email)) {
          found.set(email, { id: c.Id, kind: "contact", email, name: c.Name, company: c.Account?.Name ?? null, accountId: c.AccountId, ownerName: c.Owner?.Name ?? null, url: this.recordUrl("Contact", c.Id) });
        }
      }
    }
    const rest = wanted.filter((e) => !found.has(e));
    for (const soql of inLists("SELECT Id, Name, Email, Company, Owner.Name FROM Lead WHERE Email IN (", ") AND IsConverted = false", rest, { maxItems: lookupBatch })) {
      const leads = await this.queryAll<{ Id: string; Name: string; Email: string; Company: string | null; Owner?: { Name?: string } | null }>(soql);
      for (const l of leads) {
        const email = l.Email.toLowerCase();
        if (!found.has(email)) found.set(email, { id: l.Id, kind: "lead", email, name: l.Name, company: l.Company, accountId: null, ownerName: l.Owner?.Name ?? null, url: this.recordUrl("Lead", l.Id) });
      }
    }
    return found;
  }

  activityUrl(kind: "email" | "meeting", id: string): string {
    return this.recordUrl(kind === "email" ? "Task" : "Event", id);
  }

  recordUrl(type: string, id: string): string {
    return `${this.conn.instanceUrl}/lightning/r/${type}/${id}/view`;
  }

  /** Salesforce user ids for the reps' emails (the activity owners); reps without a Salesforce user stay unassigned. */
  private async ownerIds(emails: readonly string[]): Promise<Map<string, string | null>> {
    const missing = [...new Set(emails.map((e) => e.toLowerCase()))].filter((e) => !this.users.has(e));
    if (missing.length > 0) {
      const rows: { Id: string; Email: string }[] = [];
      for (const soql of inLists("SELECT Id, Email FROM User WHERE IsActive = true AND Email IN (", ")", missing)) rows.push(...(await this.queryAll<{ Id: string; Email: string }>(soql)));
      for (const e of missing) this.users.set(e, null);
      for (const r of rows) this.users.set(r.Email.toLowerCase(), r.Id);
    }
    return this.users;
  }

  async upsertActivities(writes: readonly ActivityWrite[]): Promise<WriteResult[]> {
    const owners = await this.ownerIds(writes.map((w) => w.ownerEmail));
    const results = new Map<string, WriteResult>();
    for (const kind of ["email", "meeting"] as const) {
      const group = writes.filter((w) => w.kind === kind);
      for (let i = 0; i < group.length; i += collectionSize) {
        const chunk = group.slice(i, i + collectionSize);
        for (const r of await this.upsertChunk(kind, chunk, owners, true)) results.set(r.key, r);
      }
    }
    // Shared activities: everyone beyond the primary WhoId, once (a repeat is DUPLICATE_VALUE, which is fine).
    const relations = writes.flatMap((w) => {
      const r = results.get(w.key);
      return r?.ok ? whoFor(w).who.slice(1).map((who) => ({ kind: w.kind, activityId: r.crmId, who })) : [];
    });
    await this.addRelations(relations);
    return writes.map((w) => results.get(w.key) ?? { ok: false, key: w.key, error: { code: "NO_RESULT", message: "no result for this record", transient: true } });
  }

  private record(w: ActivityWrite, owners: Map<string, string | null>, withSubtype: boolean): Record<string, unknown> {
    const ownerId = owners.get(w.ownerEmail.toLowerCase()) ?? undefined;
    const { who, whatId } = whoFor(w);
    const common = {
      [this.options.keyField]: w.key,
      Subject: w.subject,
      Description: w.description,
      WhoId: who[0] ?? null,
      WhatId: whatId,
      ...(ownerId ? { OwnerId: ownerId } : {}),
    };
    if (w.kind === "email") {
      return { attributes: { type: "Task" }, ...common, ActivityDate: dateOnly(w.start), Status: "Completed", Priority: "Normal", ...(withSubtype ? { TaskSubtype: "Email" } : {}) };
    }
    const end = w.end && w.end > w.start ? new Date(Math.min(w.end.getTime(), w.start.getTime() + maxEventMs)) : new Date(w.start.getTime() + 30 * 60_000);
    return w.isAllDay
      ? { attributes: { type: "Event" }, ...common, IsAllDayEvent: true, ActivityDate: dateOnly(w.start), DurationInMinutes: 1440, Location: w.location }
      : { attributes: { type: "Event" }, ...common, IsAllDayEvent: false, StartDateTime: w.start.toISOString(), EndDateTime: end.toISOString(), Location: w.location };
  }

  private async upsertChunk(kind: "email" | "meeting", chunk: readonly ActivityWrite[], owners: Map<string, string | null>, withSubtype: boolean): Promise<WriteResult[]> {
    const type = kind === "email" ? "Task" : "Event";
    const body = { allOrNone: false, records: chunk.map((w) => this.record(w, owners, withSubtype)) };
    const answer = await this.call(() => this.conn.requestPatch<CollectionResult[]>(`/composite/sobjects/${type}/${this.options.keyField}`, body));
    const out: WriteResult[] = [];
    const retryWithoutSubtype: ActivityWrite[] = [];
    chunk.forEach((w, i) => {
      const r = answer[i];
      if (r?.success && r.id) out.push({ ok: true, key: w.key, crmId: r.id });
      else if (withSubtype && kind === "email" && r?.errors?.some((e) => (e.statusCode ?? e.errorCode) === "INVALID_FIELD_FOR_INSERT_UPDATE" || /TaskSubtype/.test(`${e.message ?? ""} ${(e.fields ?? []).join(" ")}`)))
        retryWithoutSubtype.push(w);
      else out.push({ ok: false, key: w.key, error: recordFailure(r?.errors) });
    });
    // TaskSubtype can be set when a Task is created, not changed: an update of an existing Task goes again without it.
    if (retryWithoutSubtype.length > 0) out.push(...(await this.upsertChunk(kind, retryWithoutSubtype, owners, false)));
    return out;
  }

  private async addRelations(relations: readonly { kind: "email" | "meeting"; activityId: string; who: string }[]): Promise<void> {
    for (let i = 0; i < relations.length; i += collectionSize) {
      const records = relations.slice(i, i + collectionSize).map((r) =>
        r.kind === "email" ? { attributes: { type: "TaskRelation" }, TaskId: r.activityId, RelationId: r.who } : { attributes: { type: "EventRelation" }, EventId: r.activityId, RelationId: r.who },
      );
      const answer = await this.call(() => this.conn.requestPost<CollectionResult[]>("/composite/sobjects", { allOrNone: false, records }));
      const failed = answer.find((r) => !r.success && !r.errors?.every((e) => (e.statusCode ?? e.errorCode) === "DUPLICATE_VALUE"));
      if (failed) throw callFailure(Object.assign(new Error(failed.errors?.[0]?.message ?? "relation refused"), { errorCode: failed.errors?.[0]?.statusCode ?? failed.errors?.[0]?.errorCode }));
    }
  }

  async createLead(lead: { email: string; firstName: string | null; lastName: string; company: string }): Promise<CrmPerson> {
    const existing = (await this.findPeople([lead.email])).get(lead.email.toLowerCase());
    if (existing) return existing;
    const answer = await this.call(() =>
      this.conn.requestPost<CollectionResult>("/sobjects/Lead", { Email: lead.email, FirstName: lead.firstName, LastName: lead.lastName, Company: lead.company }),
    );
    if (!answer.success || !answer.id) throw callFailure(Object.assign(new Error(answer.errors?.[0]?.message ?? "lead refused"), { errorCode: answer.errors?.[0]?.statusCode }));
    const name = [lead.firstName, lead.lastName].filter(Boolean).join(" ");
    return { id: answer.id, kind: "lead", email: lead.email.toLowerCase(), name, company: lead.company, accountId: null, ownerName: null, url: this.recordUrl("Lead", answer.id) };
  }

  async deleteActivities(kind: "email" | "meeting", keys: readonly string[]): Promise<WriteResult[]> {
    const type = kind === "email" ? "Task" : "Event";
    const out: WriteResult[] = [];
    for (let i = 0; i < keys.length; i += collectionSize) {
      const chunk = keys.slice(i, i + collectionSize);
      const rows: { Id: string; [k: string]: unknown }[] = [];
      for (const soql of inLists(`SELECT Id, ${this.options.keyField} FROM ${type} WHERE ${this.options.keyField} IN (`, ")", chunk)) rows.push(...(await this.queryAll<{ Id: string; [k: string]: unknown }>(soql)));
      const idByKey = new Map(rows.map((r) => [String(r[this.options.keyField]), r.Id]));
      const ids = chunk.map((k) => idByKey.get(k)).filter((id): id is string => Boolean(id));
      const answer = ids.length > 0 ? await this.call(() => this.conn.request<CollectionResult[]>({ method: "DELETE", url: `/composite/sobjects?allOrNone=false&ids=${ids.join(",")}` })) : [];
      const byId = new Map(ids.map((id, j) => [id, answer[j]]));
      for (const k of chunk) {
        const id = idByKey.get(k);
        const r = id ? byId.get(id) : undefined;
        if (!id || r?.success || r?.errors?.some((e) => (e.statusCode ?? e.errorCode) === "ENTITY_IS_DELETED")) out.push({ ok: true, key: k, crmId: id ?? "" });
        else out.push({ ok: false, key: k, error: recordFailure(r?.errors) });
      }
    }
    return out;
  }
}
