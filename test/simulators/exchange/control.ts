/**
 * The typed in-process control surface: build tenants, mailboxes and accounts, seed and mutate mailbox content, read
 * ground truth and call counters, inject faults, set latency and throttling. The HTTP routes under /_control call the
 * same methods, so both validate input through the same zod schemas.
 */
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { prettifyError } from "zod";
import type { SimulatedClock } from "../shared/clock";
import type { AnchorMailboxPolicy } from "./auth/impersonation";
import type { AutodiscoverRedirects } from "./autodiscover/redirects";
import type {
  AddAccountInput, AnchorMailboxPolicyInput, AutodiscoverRedirectInput, CreateEventInput, CreateMailboxInput, CreateTenantInput, DeleteItemInput, DeliverMailInput,
  FaultInput, LatencyInput, SeedInput, ThrottlingInput, UpdateItemInput, UpdateMailboxInput, UpdateTenantInput,
} from "./controlSchemas";
import {
  addAccountInput, anchorMailboxPolicyInput, autodiscoverRedirectInput, createEventInput, createMailboxInput, createTenantInput, deleteItemInput, deliverMailInput,
  faultInput, latencyInput, seedInput, throttlingInput, updateItemInput, updateMailboxInput, updateTenantInput,
} from "./controlSchemas";
import type { CancelOccurrenceInput, CreateRecurringEventInput, MigrateMailboxInput, ModifyOccurrenceInput, MoveEventInput } from "./controlSchemas";
import { cancelOccurrenceInput, createRecurringEventInput, migrateMailboxInput, modifyOccurrenceInput, moveEventInput } from "./controlSchemas";
import type { MailboxMigrations } from "./migration/migrations";
import type { GraphControl } from "../graph/control";
import { originalStarts } from "../graph/instances";
import type { FaultInjector } from "./faults/injector";
import type { GroundTruthItem } from "./groundTruth";
import { groundTruth } from "./groundTruth";
import type { Attendee, CalendarItemData, MeetingRequestData, MessageData, Participant } from "./model/types";
import type { ItemFolderName } from "./store/folders";
import { ITEM_FOLDERS } from "./store/folders";
import { createGenerator, defaultColleagues, defaultExternals } from "./store/generator";
import type { Mailbox } from "./store/mailbox";
import type { MailboxStore } from "./store/mailboxStore";
import { DirectoryError } from "./store/mailboxStore";
import type { ConcurrencyLimiter } from "./throttle/concurrency";

export class ControlError extends Error {
  constructor(message: string, readonly status: 400 | 404 | 409) {
    super(message);
    this.name = "ControlError";
  }
}

export interface MailboxInfo {
  readonly smtp: string;
  readonly displayName: string;
  readonly tenantId: string;
  readonly mailboxGuid: string;
  /** Graph user id (Entra object id). */
  readonly userId: string;
}

export interface ItemRef {
  readonly id: string;
  readonly changeKey: string;
}

export interface LatencySettings {
  defaultMs: number;
  readonly perMailbox: Map<string, number>;
}

export interface ControlDeps {
  readonly store: MailboxStore;
  readonly faults: FaultInjector;
  readonly limiter: ConcurrencyLimiter;
  readonly redirects: AutodiscoverRedirects;
  readonly migrations: MailboxMigrations;
  readonly latency: LatencySettings;
  readonly clock: SimulatedClock;
  readonly anchorPolicy: { value: AnchorMailboxPolicy };
  /** The Graph face's control; online simulators only. */
  readonly graph?: GraphControl;
}

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ControlError(`invalid ${what}: ${prettifyError(result.error)}`, 400);
  return result.data;
}

function directory<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DirectoryError) throw new ControlError(err.message, 409);
    throw err;
  }
}

const uidPrefix = "040000008200E00074C5B7101A82E00800000000";

export class ExchangeControl {
  constructor(private readonly deps: ControlDeps) {}

  /** Faults, access policies, concurrency and counters of the Graph face (online mode). */
  get graph(): GraphControl {
    if (!this.deps.graph) throw new ControlError("this simulator has no Graph face (on-premises mode)", 404);
    return this.deps.graph;
  }

  private mailbox(smtp: string): Mailbox {
    const mailbox = this.deps.store.mailbox(smtp);
    if (!mailbox) throw new ControlError(`no mailbox ${smtp}`, 404);
    return mailbox;
  }

  createTenant(input: CreateTenantInput): { tenantId: string } {
    const t = parse(createTenantInput, input, "tenant");
    const org = directory(() => this.deps.store.createOrganization({ id: t.tenantId, domains: t.domains, ewsEnabled: t.ewsEnabled, ewsAllowedAppIds: t.ewsAllowedAppIds }));
    return { tenantId: org.id };
  }

  updateTenant(tenantId: string, input: UpdateTenantInput): void {
    const t = parse(updateTenantInput, input, "tenant update");
    const org = this.deps.store.organization(tenantId);
    if (!org) throw new ControlError(`no tenant ${tenantId}`, 404);
    if (t.domains) org.domains.splice(0, org.domains.length, ...t.domains.map((d) => d.toLowerCase()));
    if (t.ewsEnabled !== undefined) org.ewsEnabled = t.ewsEnabled;
    if (t.ewsAllowedAppIds !== undefined) org.ewsAllowedAppIds = t.ewsAllowedAppIds?.map((a) => a.toLowerCase()) ?? undefined;
  }

  createMailbox(input: CreateMailboxInput): MailboxInfo {
    const m = parse(createMailboxInput, input, "mailbox");
    const store = this.deps.store;
    if (store.mode === "online" && !m.tenantId) throw new ControlError("invalid mailbox: tenantId is required in online mode", 400);
    const domain = m.smtp.split("@")[1]?.toLowerCase() ?? "";
    const mailbox = directory(() => store.createMailbox({ smtp: m.smtp, displayName: m.displayName, orgId: m.tenantId ?? domain, userId: m.userId }));
    if (m.ewsEnabled !== undefined) mailbox.ewsEnabled = m.ewsEnabled;
    if (m.restApi !== undefined) mailbox.restApi = m.restApi;
    if (m.ewsLicensed !== undefined) mailbox.ewsLicensed = m.ewsLicensed;
    if (m.account) {
      const account = m.account;
      directory(() => store.addAccount({ ...account, orgId: mailbox.orgId, mailboxSmtp: mailbox.smtp }));
    }
    return { smtp: mailbox.smtp, displayName: mailbox.displayName, tenantId: mailbox.orgId, mailboxGuid: mailbox.guid.toString("hex"), userId: mailbox.userId };
  }

  updateMailbox(smtp: string, input: UpdateMailboxInput): void {
    const m = parse(updateMailboxInput, input, "mailbox update");
    const mailbox = this.mailbox(smtp);
    if (m.ewsEnabled !== undefined) mailbox.ewsEnabled = m.ewsEnabled;
    if (m.ewsLicensed !== undefined) mailbox.ewsLicensed = m.ewsLicensed;
    if (m.restApi !== undefined) mailbox.restApi = m.restApi;
  }

  addAccount(input: AddAccountInput): { login: string; upn: string } {
    const a = parse(addAccountInput, input, "account");
    const store = this.deps.store;
    const orgId = a.org ?? (a.mailbox ? store.mailbox(a.mailbox)?.orgId : undefined) ?? a.upn?.split("@")[1];
    if (!orgId || !store.organization(orgId)) throw new ControlError("invalid account: org is required (and must exist)", 400);
    const account = directory(() =>
      store.addAccount({
        domain: a.domain,
        username: a.username,
        password: a.password,
        upn: a.upn,
        orgId,
        mailboxSmtp: a.mailbox,
        impersonation:
          a.impersonation === "all"
            ? { kind: "all" }
            : a.impersonation
              ? { kind: "mailboxes", mailboxes: new Set(a.impersonation.mailboxes.map((x) => x.toLowerCase())) }
              : { kind: "none" },
      }),
    );
    return { login: `${account.domain}\\${account.username}`, upn: account.upn };
  }

  /** Replaces the mailbox's content with N messages and M events generated lazily from the seed. */
  /** A password change in Active Directory: Basic and new NTLM handshakes need the new one, authenticated connections too. */
  changePassword(login: string, password: string): void {
    if (!password) throw new ControlError("invalid password: must not be empty", 400);
    const store = this.deps.store;
    directory(() => store.changePassword(login, password));
  }

  seedMailbox(smtp: string, input: SeedInput): { inbox: number; sentitems: number; calendar: number } {
    const s = parse(seedInput, input, "seed");
    const mailbox = this.mailbox(smtp);
    const generator = createGenerator(
      {
        seed: s.seed,
        messages: s.messages,
        events: s.events,
        colleagues: s.colleagues ?? defaultColleagues(mailbox.domain, mailbox.smtp),
        externals: s.externals ?? defaultExternals(),
        customerRatio: s.customerRatio,
        privateRatio: s.privateRatio,
        attachmentRatio: s.attachmentRatio,
        meetingRequestRatio: s.meetingRequestRatio,
        sentRatio: s.sentRatio,
        unreadRatio: s.unreadRatio,
        endTime: s.endTime ? Date.parse(s.endTime) : Math.floor(this.deps.clock.now() / 1000) * 1000,
        spanDays: s.spanDays,
      },
      { name: mailbox.displayName, email: mailbox.smtp, messageIdHost: mailbox.messageIdHost },
    );
    mailbox.reset(generator);
    return { inbox: generator.count("inbox"), sentitems: generator.count("sentitems"), calendar: generator.count("calendar") };
  }

  deliverMail(smtp: string, input: DeliverMailInput): ItemRef & { internetMessageId: string; folder: ItemFolderName } {
    const m = parse(deliverMailInput, input, "message");
    const mailbox = this.mailbox(smtp);
    const now = this.deps.clock.now();
    const folder = m.folder ?? "inbox";
    const data: MessageData = {
      kind: "message",
      subject: m.subject,
      body: m.body ?? "",
      sensitivity: m.sensitivity ?? "Normal",
      importance: m.importance ?? "Normal",
      attachments: m.attachments ?? [],
      created: now,
      lastModified: now,
      from: m.from,
      sender: m.from,
      to: m.to ?? [mailbox.owner],
      cc: m.cc ?? [],
      bcc: m.bcc ?? [],
      isRead: m.isRead ?? folder === "sentitems",
      internetMessageId: m.internetMessageId ?? `<${randomBytes(16).toString("hex").toUpperCase()}@${hostOf(m.from, mailbox)}>`,
      received: now,
      sent: now - 2000,
    };
    const { id, item } = mailbox.deliver(folder, data);
    return { id, changeKey: mailbox.changeKey(item.version), internetMessageId: data.internetMessageId, folder };
  }

  /** A calendar item (and, with meetingRequest, the invitation in the Inbox). */
  createEvent(smtp: string, input: CreateEventInput): { calendarItem: ItemRef; meetingRequest?: ItemRef; uid: string } {
    const e = parse(createEventInput, input, "event");
    const mailbox = this.mailbox(smtp);
    const now = this.deps.clock.now();
    const ownerOrganizes = e.organizer.email.toLowerCase() === mailbox.smtp;
    const attendee = (a: { name: string; email: string; response?: Attendee["response"] }): Attendee => ({
      person: { name: a.name, email: a.email },
      response: a.response ?? (ownerOrganizes ? "NoResponseReceived" : "Unknown"),
    });
    const meeting = {
      uid: e.uid ?? uidPrefix + randomBytes(24).toString("hex").toUpperCase(),
      start: Date.parse(e.start),
      end: Date.parse(e.end),
      isAllDay: e.isAllDay ?? false,
      location: e.location ?? "",
      organizer: e.organizer,
      required: (e.required ?? []).map(attendee),
      optional: (e.optional ?? []).map(attendee),
      isCancelled: false,
      sequence: 0,
    };
    const calendarItem: CalendarItemData = {
      kind: "calendarItem",
      subject: e.subject,
      body: e.body ?? "",
      sensitivity: e.sensitivity ?? "Normal",
      importance: "Normal",
      attachments: [],
      created: now,
      lastModified: now,
      meeting,
      myResponse: e.myResponse ?? (ownerOrganizes ? "Organizer" : "NoResponseReceived"),
    };
    const cal = mailbox.deliver("calendar", calendarItem);
    let meetingRequest: ItemRef | undefined;
    if (e.meetingRequest) {
      const request: MeetingRequestData = {
        kind: "meetingRequest",
        subject: e.subject,
        body: e.body ?? "",
        sensitivity: e.sensitivity ?? "Normal",
        importance: "Normal",
        attachments: [],
        created: now,
        lastModified: now,
        from: e.organizer,
        sender: e.organizer,
        to: meeting.required.map((a) => a.person),
        cc: meeting.optional.map((a) => a.person),
        bcc: [],
        isRead: false,
        internetMessageId: `<${randomBytes(16).toString("hex").toUpperCase()}@${hostOf(e.organizer, mailbox)}>`,
        received: now,
        sent: now - 2000,
        meeting,
      };
      const mr = mailbox.deliver("inbox", request);
      meetingRequest = { id: mr.id, changeKey: mailbox.changeKey(mr.item.version) };
    }
    return { calendarItem: { id: cal.id, changeKey: mailbox.changeKey(cal.item.version) }, meetingRequest, uid: meeting.uid };
  }

  /**
   * A recurring series (its master in the Calendar). EWS shows the master item only; Graph's calendarView expands the
   * occurrences. The UID is the series' (CleanGlobalObjectId form); each occurrence's iCalUId adds its date.
   */
  createRecurringEvent(smtp: string, input: CreateRecurringEventInput): { calendarItem: ItemRef; uid: string } {
    const r = parse(createRecurringEventInput, input, "recurring event");
    const { pattern, interval, numberOfOccurrences, ...event } = r;
    const created = this.createEvent(smtp, event);
    const mailbox = this.mailbox(smtp);
    const updated = mailbox.update(created.calendarItem.id, { recurrence: { pattern, interval, numberOfOccurrences, exceptions: [], cancelled: [] } }, this.deps.clock.now());
    return { calendarItem: { id: created.calendarItem.id, changeKey: mailbox.changeKey(updated?.version ?? 0) }, uid: created.uid };
  }

  /** A meeting moved to another time (a whole series moves with its start). */
  moveEvent(smtp: string, itemId: string, input: MoveEventInput): ItemRef {
    const m = parse(moveEventInput, input, "move");
    return this.updateItem(smtp, itemId, { start: m.start, end: m.end });
  }

  /** Cancels one occurrence of a series (it leaves the calendar; the series stays). */
  cancelOccurrence(smtp: string, seriesId: string, input: CancelOccurrenceInput): ItemRef {
    const c = parse(cancelOccurrenceInput, input, "occurrence");
    const { recurrence, original } = this.occurrence(smtp, seriesId, c.originalStart);
    return this.patchRecurrence(smtp, seriesId, { ...recurrence, cancelled: [...recurrence.cancelled.filter((t) => t !== original), original] });
  }

  /** Moves or renames one occurrence: it becomes an exception of the series. */
  modifyOccurrence(smtp: string, seriesId: string, input: ModifyOccurrenceInput): ItemRef {
    const o = parse(modifyOccurrenceInput, input, "occurrence change");
    const { recurrence, original } = this.occurrence(smtp, seriesId, o.originalStart);
    const exception = { originalStart: original, start: Date.parse(o.start), end: Date.parse(o.end), subject: o.subject, location: o.location };
    return this.patchRecurrence(smtp, seriesId, { ...recurrence, exceptions: [...recurrence.exceptions.filter((e) => e.originalStart !== original), exception] });
  }

  private occurrence(smtp: string, seriesId: string, originalStartIso: string) {
    const found = this.mailbox(smtp).lookup(seriesId);
    if (found.status !== "found") throw new ControlError(`no item ${seriesId} in ${smtp}`, 404);
    const data = found.item.data;
    const recurrence = data.kind === "calendarItem" ? data.meeting.recurrence : undefined;
    if (data.kind !== "calendarItem" || !recurrence) throw new ControlError(`item ${seriesId} is not a recurring series`, 400);
    const original = Date.parse(originalStartIso);
    if (!originalStarts(data.meeting, recurrence).includes(original)) throw new ControlError(`the series has no occurrence starting ${originalStartIso}`, 400);
    return { recurrence, original };
  }

  private patchRecurrence(smtp: string, seriesId: string, recurrence: NonNullable<CalendarItemData["meeting"]["recurrence"]>): ItemRef {
    const mailbox = this.mailbox(smtp);
    const updated = mailbox.update(seriesId, { recurrence }, this.deps.clock.now());
    if (!updated) throw new ControlError(`no item ${seriesId} in ${smtp}`, 404);
    return { id: seriesId, changeKey: mailbox.changeKey(updated.version) };
  }

  /** E.g. a meeting moved (start/end) or cancelled (isCancelled), a message marked read. */
  updateItem(smtp: string, itemId: string, input: UpdateItemInput): ItemRef {
    const u = parse(updateItemInput, input, "item update");
    const mailbox = this.mailbox(smtp);
    const updated = mailbox.update(
      itemId,
      {
        ...(u.subject !== undefined ? { subject: u.subject } : {}),
        ...(u.body !== undefined ? { body: u.body } : {}),
        ...(u.isRead !== undefined ? { isRead: u.isRead } : {}),
        ...(u.sensitivity !== undefined ? { sensitivity: u.sensitivity } : {}),
        ...(u.start !== undefined ? { start: Date.parse(u.start) } : {}),
        ...(u.end !== undefined ? { end: Date.parse(u.end) } : {}),
        ...(u.location !== undefined ? { location: u.location } : {}),
        ...(u.isCancelled !== undefined ? { isCancelled: u.isCancelled } : {}),
      },
      this.deps.clock.now(),
    );
    if (!updated) throw new ControlError(`no item ${itemId} in ${smtp}`, 404);
    return { id: itemId, changeKey: mailbox.changeKey(updated.version) };
  }

  /** "soft" (default) moves to Deleted Items as Outlook does; "hard" purges. */
  deleteItem(smtp: string, itemId: string, input: DeleteItemInput = {}): { deletedItemsId?: string } {
    const d = parse(deleteItemInput, input, "delete");
    const result = this.mailbox(smtp).delete(itemId, d.mode);
    if (!result) throw new ControlError(`no item ${itemId} in ${smtp}`, 404);
    return result;
  }

  /** Ground truth: every live item (newest first per folder). O(items); fine for tests, not for hot paths. */
  listItems(smtp: string, folder?: ItemFolderName): GroundTruthItem[] {
    const mailbox = this.mailbox(smtp);
    if (folder && !(ITEM_FOLDERS as readonly string[]).includes(folder)) throw new ControlError(`unknown folder ${folder}`, 400);
    const folders = folder ? [folder] : ITEM_FOLDERS;
    return folders.flatMap((f) => mailbox.folder(f).all().map((item) => groundTruth(mailbox, f, item)));
  }

  /** One live item's plain-text body, or null when no folder holds it (the demo Outlook's reading pane). */
  itemBody(smtp: string, itemId: string): string | null {
    const mailbox = this.mailbox(smtp);
    for (const f of ITEM_FOLDERS) {
      const item = mailbox.folder(f).all().find((i) => mailbox.itemId(f, i.key) === itemId);
      if (item) return item.data.body;
    }
    return null;
  }

  folderCounts(smtp: string): Record<ItemFolderName, { total: number; unread: number }> {
    const mailbox = this.mailbox(smtp);
    return Object.fromEntries(ITEM_FOLDERS.map((f) => [f, { total: mailbox.folder(f).totalCount, unread: mailbox.folder(f).unreadCount }])) as Record<
      ItemFolderName,
      { total: number; unread: number }
    >;
  }

  /** EWS calls that reached the mailbox, by operation (including refused and faulted ones). */
  callCounters(smtp: string): Record<string, number> {
    return this.mailbox(smtp).callCounters();
  }

  resetCallCounters(smtp?: string): void {
    if (smtp) this.mailbox(smtp).resetCounters();
    else for (const m of this.deps.store.allMailboxes()) m.resetCounters();
  }

  injectFault(input: FaultInput): { id: number } {
    const f = parse(faultInput, input, "fault");
    const rule = this.deps.faults.add(f.fault, { mailbox: f.mailbox, operation: f.operation, count: f.count, skip: f.skip });
    return { id: rule.id };
  }

  clearFaults(): void {
    this.deps.faults.clear();
  }

  setLatency(input: LatencyInput): void {
    const l = parse(latencyInput, input, "latency");
    if (l.mailbox) this.deps.latency.perMailbox.set(l.mailbox.toLowerCase(), l.ms);
    else this.deps.latency.defaultMs = l.ms;
  }

  /** The most calls each caller account had in flight at once since the last reset (refused calls are not counted). */
  peakInFlight(): Record<string, number> {
    return this.deps.limiter.peakInFlight();
  }

  resetPeakInFlight(): void {
    this.deps.limiter.resetPeaks();
  }

  setThrottling(input: ThrottlingInput): { maxConcurrency: number; concurrentSyncCalls: number } {
    const t = parse(throttlingInput, input, "throttling");
    const current = this.deps.limiter.current;
    const next = { maxConcurrency: t.maxConcurrency ?? current.maxConcurrency, concurrentSyncCalls: t.concurrentSyncCalls ?? current.concurrentSyncCalls };
    this.deps.limiter.setLimits(next);
    return next;
  }

  setAutodiscoverRedirect(input: AutodiscoverRedirectInput): void {
    const r = parse(autodiscoverRedirectInput, input, "autodiscover redirect");
    if ("clear" in r) this.deps.redirects.set(r.address, null);
    else if ("redirectAddress" in r) this.deps.redirects.set(r.address, { redirectAddress: r.redirectAddress });
    else this.deps.redirects.set(r.address, { redirectUrl: r.redirectUrl });
  }

  /**
   * Moves a mailbox off this Exchange (hybrid: on-premises to Exchange Online). "moving": EWS answers
   * ErrorMailboxMoveInProgress; "moved": EWS has no mailbox and Autodiscover redirects to `cloudAddress`; null: back
   * home. The other instance's copy of the mailbox is the test's to seed.
   */
  migrateMailbox(input: MigrateMailboxInput): void {
    const m = parse(migrateMailboxInput, input, "mailbox migration");
    const smtp = this.mailbox(m.smtp).smtp;
    if (m.phase === "moved") {
      this.deps.migrations.set(smtp, { phase: "moved", cloudAddress: m.cloudAddress });
      this.deps.redirects.set(smtp, { redirectAddress: m.cloudAddress });
      return;
    }
    this.deps.migrations.set(smtp, m.phase === "moving" ? { phase: "moving" } : null);
    this.deps.redirects.set(smtp, null);
  }

  /** "require" (default online): app-only requests without a matching X-AnchorMailbox get HTTP 503. */
  setAnchorMailboxPolicy(input: AnchorMailboxPolicyInput): void {
    this.deps.anchorPolicy.value = parse(anchorMailboxPolicyInput, input, "anchor mailbox policy").policy;
  }
}

function hostOf(from: Participant, mailbox: Mailbox): string {
  const domain = from.email.split("@")[1]?.toLowerCase() ?? "example.com";
  return domain === mailbox.domain ? mailbox.messageIdHost : `mail.${domain}`;
}
