/**
 * "Check Salesforce": what the org must have for sync to work, each check one line with the exact fix. Run at connect
 * time and on demand, as the connected (integration) user, so describe shows what that user can see.
 */
import type { Config } from "../../config";
import type { PreflightCheck, PreflightReport } from "../../domain/crmConnection";
import type { CrmConnectionRepository } from "../../store/crmConnectionRepository";
import type { OrgTokens } from "./orgTokens";
import { inLists } from "./soqlBatches";

/** Our keys are SHA-256 in base64url (sync/activityKey.ts crmKey): 43 characters. */
export const activityKeyLength = 43;
/** Below this share of the daily API requests left, the check warns. */
const apiWarnShare = 0.1;
/** Emails per SOQL IN (...) for the rep lookup (the URI budget may make lists shorter). */
const userLookupBatch = 100;

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly limitInfo: string | null;
}

interface FieldDescribe {
  name: string;
  type: string;
  length: number;
  externalId: boolean;
  unique: boolean;
  createable: boolean;
  updateable: boolean;
}

interface ObjectSummary {
  name: string;
  createable: boolean;
  queryable: boolean;
}

export interface PreflightDeps {
  readonly config: Config;
  readonly connections: CrmConnectionRepository;
  readonly tokens: OrgTokens;
  /** The organisation's active reps' mailbox addresses (activity owners are matched by Salesforce user email). */
  readonly repEmails: (tenantId: string) => Promise<string[]>;
}


/** Salesforce's own error code from a REST error body (`[{message, errorCode}]`). */
function errorCodeOf(body: unknown): string {
  const first = Array.isArray(body) ? (body[0] as { errorCode?: string; message?: string } | undefined) : undefined;
  return first?.errorCode ? `${first.errorCode}: ${first.message ?? ""}`.trim() : "no answer";
}

export class Preflight {
  constructor(private readonly d: PreflightDeps) {}

  /** A GET on the org's REST API as the connected user; one refresh on 401. */
  private async get(tenantId: string, path: string): Promise<Answer> {
    let access = await this.d.tokens.current(tenantId);
    if (!access) throw new Error("no CRM is connected for this organisation");
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${access.instanceUrl}/services/data/v${this.d.config.salesforce.apiVersion}${path}`, {
        headers: { Authorization: `Bearer ${access.accessToken}`, Accept: "application/json" },
        signal: AbortSignal.timeout(30_000),
      });
      if (res.status === 401 && attempt === 0) {
        access = await this.d.tokens.refresh(tenantId, access.generation);
        continue;
      }
      const text = await res.text();
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      return { status: res.status, body, limitInfo: res.headers.get("sforce-limit-info") };
    }
  }

  async run(tenantId: string): Promise<PreflightReport> {
    const keyField = this.d.config.salesforce.activityKeyField;
    const global = await this.get(tenantId, "/sobjects/");
    const objects = new Map<string, ObjectSummary>();
    if (global.status === 200) for (const o of (global.body as { sobjects: ObjectSummary[] }).sobjects) objects.set(o.name, o);
    const describes = new Map<string, FieldDescribe[] | string>();
    for (const name of ["Task", "Event"]) {
      const a = await this.get(tenantId, `/sobjects/${name}/describe`);
      describes.set(name, a.status === 200 ? (a.body as { fields: FieldDescribe[] }).fields : `${name} could not be described (${a.status} ${errorCodeOf(a.body)})`);
    }
    const checks: PreflightCheck[] = [
      this.keyFieldCheck(keyField, describes),
      this.sharedActivitiesCheck(objects),
      this.permissionsCheck(objects, global),
      await this.apiLimitsCheck(tenantId, global.limitInfo),
      await this.repUsersCheck(tenantId),
    ];
    const report: PreflightReport = { checkedAt: new Date().toISOString(), checks };
    await this.d.connections.saveCheck(tenantId, report);
    return report;
  }

  private keyFieldCheck(keyField: string, describes: Map<string, FieldDescribe[] | string>): PreflightCheck {
    const title = `Activity key field ${keyField}`;
    const fix = `In Salesforce Setup -> Object Manager -> Activity -> Fields & Relationships, add a Text(255) field ${keyField} with "Unique" (case insensitive) and "External ID" checked, and make it visible and editable for the connecting user (field-level security).`;
    const problems: string[] = [];
    for (const [object, fields] of describes) {
      if (typeof fields === "string") {
        problems.push(fields);
        continue;
      }
      const f = fields.find((x) => x.name.toLowerCase() === keyField.toLowerCase());
      if (!f) problems.push(`${keyField} is missing on ${object}, or not visible to this user`);
      else {
        if (f.type !== "string") problems.push(`${object}.${keyField} is ${f.type}, not Text`);
        if (!f.externalId) problems.push(`${object}.${keyField} is not an External ID`);
        if (!f.unique) problems.push(`${object}.${keyField} is not Unique (a repeated write could make a second record)`);
        if (f.length < activityKeyLength) problems.push(`${object}.${keyField} holds ${f.length} characters; our keys need ${activityKeyLength}`);
        if (!f.createable || !f.updateable) problems.push(`${object}.${keyField} is read-only for this user`);
      }
    }
    return problems.length === 0
      ? { id: "key_field", title, status: "passed", detail: `${keyField} is a unique Text External ID on Task and Event.`, fix: null }
      : { id: "key_field", title, status: "failed", detail: problems.join("; "), fix };
  }

  private sharedActivitiesCheck(objects: Map<string, ObjectSummary>): PreflightCheck {
    const title = "Shared Activities";
    return objects.has("TaskRelation")
      ? { id: "shared_activities", title, status: "passed", detail: "On: one email or meeting is related to every contact on it.", fix: null }
      : {
          id: "shared_activities",
          title,
          status: "failed",
          detail: "Off: each email and meeting can name only one contact, so every other contact on it is lost.",
          fix: "In Salesforce Setup -> Activity Settings, check \"Allow Users to Relate Multiple Contacts to Tasks and Events\" (Shared Activities), then Check Salesforce again.",
        };
  }

  private permissionsCheck(objects: Map<string, ObjectSummary>, global: Answer): PreflightCheck {
    const title = "Permissions of the connecting user";
    if (global.status !== 200) {
      return { id: "permissions", title, status: "failed", detail: `The object list could not be read (${global.status} ${errorCodeOf(global.body)}).`, fix: "Give the connecting user the \"API Enabled\" permission (Setup -> Permission Sets), then Check Salesforce again." };
    }
    const missing = [
      ...["Task", "Event", "Lead"].filter((n) => !objects.get(n)?.createable).map((n) => `create ${n}`),
      ...["Contact", "Lead", "Account", "User"].filter((n) => !objects.get(n)?.queryable).map((n) => `read ${n}`),
    ];
    return missing.length === 0
      ? { id: "permissions", title, status: "passed", detail: "Can create Task, Event and Lead, and read Contact, Lead, Account and User.", fix: null }
      : { id: "permissions", title, status: "failed", detail: `The connecting user cannot ${missing.join(", ")}.`, fix: `Assign the connecting user a permission set granting: ${missing.join(", ")} (Setup -> Permission Sets -> Object Settings), then Check Salesforce again.` };
  }

  private async apiLimitsCheck(tenantId: string, header: string | null): Promise<PreflightCheck> {
    const title = "API access and daily requests";
    const limits = await this.get(tenantId, "/limits");
    let used: { max: number; remaining: number } | null = null;
    if (limits.status === 200) {
      const d = (limits.body as { DailyApiRequests?: { Max: number; Remaining: number } }).DailyApiRequests;
      if (d) used = { max: d.Max, remaining: d.Remaining };
    }
    // Without "View Setup and Configuration" /limits is refused; every answer's Sforce-Limit-Info still says it.
    const m = /api-usage=(\d+)\/(\d+)/.exec(limits.limitInfo ?? header ?? "");
    if (!used && m) used = { max: Number(m[2]), remaining: Number(m[2]) - Number(m[1]) };
    if (!used) return { id: "api_limits", title, status: "warning", detail: "Salesforce did not say how many API requests are left today.", fix: "Give the connecting user \"View Setup and Configuration\" so the daily API limit can be read." };
    const share = used.max > 0 ? used.remaining / used.max : 0;
    const detail = `${used.remaining.toLocaleString("en-US")} of ${used.max.toLocaleString("en-US")} daily API requests left.`;
    if (used.remaining <= 0) return { id: "api_limits", title, status: "failed", detail, fix: "The org has used all of today's API requests: sync pauses until the rolling 24-hour limit frees some. Buy more API capacity or reduce other integrations' use." };
    if (share < apiWarnShare) return { id: "api_limits", title, status: "warning", detail: `${detail} Below 10 %: sync may pause when they run out.`, fix: "Buy more API capacity (Setup -> Company Information shows the allocation) or reduce other integrations' use." };
    return { id: "api_limits", title, status: "passed", detail: `API enabled; ${detail}`, fix: null };
  }

  private async repUsersCheck(tenantId: string): Promise<PreflightCheck> {
    const title = "Reps with a Salesforce user";
    const emails = [...new Set((await this.d.repEmails(tenantId)).map((e) => e.toLowerCase()))];
    const found = new Set<string>();
    for (const soql of inLists("SELECT Email FROM User WHERE IsActive = true AND Email IN (", ")", emails, { maxItems: userLookupBatch })) {
      const a = await this.get(tenantId, `/query?q=${encodeURIComponent(soql)}`);
      if (a.status !== 200) return { id: "rep_users", title, status: "warning", detail: `Salesforce users could not be read (${a.status}).`, fix: "Give the connecting user read access to User, then Check Salesforce again." };
      for (const r of (a.body as { records: { Email: string }[] }).records) found.add(r.Email.toLowerCase());
    }
    const missing = emails.filter((e) => !found.has(e));
    if (missing.length === 0) return { id: "rep_users", title, status: "passed", detail: emails.length === 0 ? "No active mailboxes yet." : emails.length === 1 ? "The one rep has an active Salesforce user." : `All ${emails.length} reps have an active Salesforce user.`, fix: null };
    const shown = missing.slice(0, 20).join(", ") + (missing.length > 20 ? ` and ${missing.length - 20} more` : "");
    return {
      id: "rep_users",
      title,
      status: "warning",
      detail: `${missing.length} rep${missing.length === 1 ? " has" : "s have"} no active Salesforce user with their email: ${shown}. Their activities are owned by the integration user.`,
      fix: "Give each of them a Salesforce user whose Email is their mailbox address (or fix the Email on their user), then Check Salesforce again.",
    };
  }
}
