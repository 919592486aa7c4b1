import { mailboxView } from "../../server/api/mailboxView";
import { ScheduleRepository } from "../../server/store/scheduleRepository";
import { crmKey } from "../../server/sync/activityKey";
import type { SyncWorld } from "../support/syncWorld";
import { expectedActivities, startSyncWorld } from "../support/syncWorld";
import { withClockAhead } from "../support/timeTravel";

jest.setTimeout(120_000);

/**
 * One simulated world for the file (starting it is the slow part); every test brings its mailboxes up to date itself and
 * leaves no fault behind, so each passes alone, in any order (jest --randomize) and on any date (dates come from the clock).
 */
describe("syncing mailboxes into Salesforce", () => {
  let w: SyncWorld;
  let adele: string;
  let diego: string;

  beforeAll(async () => {
    w = await startSyncWorld("embedded", { messagesPerMailbox: 80, eventsPerMailbox: 12 });
    adele = await w.connect("adele");
    diego = await w.connect("diego");
  });
  afterAll(() => w?.dispose());

  beforeEach(async () => {
    // What a test before may have left: an attention state, a failure count, a fault, a blocked tenant.
    w.world.exchange.control.clearFaults();
    w.world.salesforce.control.clearFaults();
    w.world.exchange.control.updateTenant(w.world.contoso.tenantId, { ewsEnabled: true });
    await w.ts.server.services.db.query(
      "update mailboxes set status = 'active', reason = null, reason_detail = null, consecutive_failures = 0, next_sync_at = now() where id = any($1::uuid[])",
      [[adele, diego]],
    );
  });

  const orgActivities = () => w.world.salesforce.control.activities(w.world.salesforceOrgId);
  const crmEmails = () => new Set([...w.world.customers.contacts, ...w.world.customers.leads]);
  const run = (id: string) => w.ts.server.services.runner.run(id, "schedule");
  /** Runs a mailbox until it has nothing left to log, so a test starts from a known, synced state. */
  const upToDate = async (...ids: string[]) => {
    for (const id of ids) expect((await run(id)).outcome).toBe("ok");
  };
  const customer = { name: "Bea Buyer", email: "buyer@fabrikam.com" };
  /** A whole-hour instant `days` from now, in the format Salesforce returns. */
  const hoursFromNow = (hours: number) => new Date(Math.ceil(Date.now() / 3600_000) * 3600_000 + hours * 3600_000);
  const sfDateTime = (d: Date) => d.toISOString().replace("Z", "+0000");
  const linkedKeys = async (mailboxId: string) =>
    (await w.ts.server.services.db.query<{ dedup_key: string }>("select dedup_key from activity_mailboxes where mailbox_id = $1", [mailboxId])).map((r) => r.dedup_key);

  it("a seeded mailbox's first sync creates exactly the expected CRM records", async () => {
    const megan = await w.connect("megan");
    const result = await run(megan);
    expect(result.outcome).toBe("ok");
    const truth = w.world.exchange.control.listItems("megan@contoso.com");
    const expected = expectedActivities(truth, crmEmails());
    expect(expected.emails.size).toBeGreaterThan(5);
    expect(expected.meetings.size).toBeGreaterThan(0);
    const expectedKeys = new Set([...[...expected.emails].map((e) => `msg:${e}`), ...[...expected.meetings].map((u) => `cal:${u}`)]);
    expect(new Set(await linkedKeys(megan))).toEqual(expectedKeys);
    // Each expected activity is in Salesforce under its key, once.
    const tenant = w.world.contoso.tenantId;
    const { tasks, events } = orgActivities();
    const keyOf = (r: { fields: Record<string, unknown> }) => r.fields.Sync_Key__c;
    for (const e of expected.emails) expect(tasks.filter((t) => keyOf(t) === crmKey(tenant, `msg:${e}`))).toHaveLength(1);
    for (const u of expected.meetings) expect(events.filter((t) => keyOf(t) === crmKey(tenant, `cal:${u}`))).toHaveLength(1);
    expect(result.stats.logged).toBe(expectedKeys.size);
    expect(result.stats.skipped.internal_only ?? 0).toBeGreaterThan(0);
    for (const t of tasks) expect(t.fields).toMatchObject({ Status: "Completed", TaskSubtype: "Email" });
    // A second turn with nothing new writes nothing and makes one call per folder.
    w.world.exchange.control.resetCallCounters("megan@contoso.com");
    const tasksBefore = orgActivities().tasks.length;
    const idle = await run(megan);
    expect(idle.stats.written).toBe(0);
    expect(w.world.exchange.control.callCounters("megan@contoso.com")).toEqual({ SyncFolderItems: 3 });
    expect(orgActivities().tasks).toHaveLength(tasksBefore);
  });

  it("mail delivered afterwards appears on the next turn; internal mail does not", async () => {
    await upToDate(adele);
    const before = orgActivities().tasks.length;
    w.world.exchange.control.deliverMail("adele@contoso.com", { from: customer, to: [{ name: "Adele", email: "adele@contoso.com" }], subject: "Signed order" });
    w.world.exchange.control.deliverMail("adele@contoso.com", { from: { name: "Diego", email: "diego@contoso.com" }, to: [{ name: "Adele", email: "adele@contoso.com" }], subject: "Lunch?" });
    const r = await run(adele);
    expect(r.stats.written).toBe(1);
    expect(r.stats.skipped.internal_only).toBe(1);
    const tasks = orgActivities().tasks;
    expect(tasks).toHaveLength(before + 1);
    expect(tasks.at(-1)?.fields.Subject).toBe("Email: Signed order");
  });

  it("two reps receiving the same email: one Salesforce Task, linked to both mailboxes", async () => {
    await upToDate(adele, diego);
    const before = orgActivities().tasks.length;
    const shared = { from: { name: "Cyd", email: "cto@fabrikam.com" }, to: [{ name: "Adele", email: "adele@contoso.com" }, { name: "Diego", email: "diego@contoso.com" }], subject: "Architecture review", internetMessageId: "<review-42@fabrikam.com>" };
    w.world.exchange.control.deliverMail("adele@contoso.com", shared);
    w.world.exchange.control.deliverMail("diego@contoso.com", shared);
    await Promise.all([run(adele), run(diego)]);
    const tasks = orgActivities().tasks.filter((t) => t.fields.Subject === "Email: Architecture review");
    expect(tasks).toHaveLength(1);
    expect(orgActivities().tasks).toHaveLength(before + 1);
    const links = await w.ts.server.services.db.query<{ mailbox_id: string }>("select mailbox_id from activity_mailboxes where dedup_key = 'msg:review-42@fabrikam.com'");
    expect(new Set(links.map((l) => l.mailbox_id))).toEqual(new Set([adele, diego]));
  });

  it("a meeting moved updates its Event; deleted from the calendar, the Event goes", async () => {
    await upToDate(adele);
    const start = hoursFromNow(24);
    const created = w.world.exchange.control.createEvent("adele@contoso.com", {
      subject: "Pricing call",
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
      organizer: { name: "Adele", email: "adele@contoso.com" },
      required: [{ name: "Tia", email: "ceo@tailspin.com" }],
    });
    await run(adele);
    const find = () => orgActivities().events.filter((e) => e.fields.Subject === "Pricing call");
    expect(find()).toHaveLength(1);
    const moved = hoursFromNow(49);
    w.world.exchange.control.updateItem("adele@contoso.com", created.calendarItem.id, { start: moved.toISOString(), end: new Date(moved.getTime() + 3600_000).toISOString() });
    await run(adele);
    expect(find()).toHaveLength(1);
    expect(find()[0]?.fields.StartDateTime).toBe(sfDateTime(moved));
    w.world.exchange.control.deleteItem("adele@contoso.com", created.calendarItem.id, { mode: "hard" });
    const r = await run(adele);
    expect(r.stats.removed).toBe(1);
    expect(find()).toHaveLength(0);
  });

  it("a meeting deleted from one rep's calendar stays in the CRM while another synced calendar holds it", async () => {
    await upToDate(adele, diego);
    const start = hoursFromNow(72);
    const meeting = {
      subject: "Joint renewal review",
      start: start.toISOString(),
      end: new Date(start.getTime() + 3600_000).toISOString(),
      organizer: { name: "Tia", email: "ceo@tailspin.com" },
      required: [{ name: "Adele", email: "adele@contoso.com" }, { name: "Diego", email: "diego@contoso.com" }],
      uid: `joint-review-${Date.now()}@tailspin.com`,
    };
    const inAdeles = w.world.exchange.control.createEvent("adele@contoso.com", meeting);
    w.world.exchange.control.createEvent("diego@contoso.com", meeting);
    await upToDate(adele, diego);
    const find = () => orgActivities().events.filter((e) => e.fields.Subject === meeting.subject);
    expect(find()).toHaveLength(1);

    w.world.exchange.control.deleteItem("adele@contoso.com", inAdeles.calendarItem.id, { mode: "hard" });
    const r = await run(adele);
    expect(r.outcome).toBe("ok");
    expect(r.stats.removed).toBe(0);
    expect(find()).toHaveLength(1);
    const links = await w.ts.server.services.db.query<{ mailbox_id: string }>("select mailbox_id from activity_mailboxes where dedup_key = $1", [`cal:${meeting.uid.toLowerCase()}`]);
    expect(links.map((l) => l.mailbox_id)).toContain(diego);
  });

  it("throttling: retries after Exchange's back-off as many times as it was told to wait, and finishes the run", async () => {
    await upToDate(adele);
    w.world.exchange.control.resetCallCounters("adele@contoso.com");
    w.world.exchange.control.injectFault({ fault: { kind: "serverBusy", backOffMs: 50 }, mailbox: "adele@contoso.com", operation: "SyncFolderItems", count: 2 });
    w.world.exchange.control.deliverMail("adele@contoso.com", { from: { name: "Otto", email: "ops@tailspin.com" }, to: [{ name: "Adele", email: "adele@contoso.com" }], subject: "Delivery slot" });
    const r = await run(adele);
    expect(r.verdict).toBeNull();
    expect(r.outcome).toBe("ok");
    // Three folders, each synced once, plus one repeat per ErrorServerBusy answer.
    expect(w.world.exchange.control.callCounters("adele@contoso.com").SyncFolderItems).toBe(3 + 2);
    expect(orgActivities().tasks.filter((t) => t.fields.Subject === "Email: Delivery slot")).toHaveLength(1);
  });

  it("a CRM outage fails the run without losing the page; the next turn logs it", async () => {
    await upToDate(adele);
    w.world.exchange.control.deliverMail("adele@contoso.com", { from: { name: "Fin", email: "finance@wingtip.com" }, to: [{ name: "Adele", email: "adele@contoso.com" }], subject: "Invoice 7" });
    w.world.salesforce.control.startOutage({ scope: "api", requests: 20 });
    const failed = await run(adele);
    expect(failed.outcome).toBe("failed");
    expect(failed.verdict).toMatchObject({ kind: "retry" });
    expect(orgActivities().tasks.filter((t) => t.fields.Subject === "Email: Invoice 7")).toHaveLength(0);
    w.world.salesforce.control.clearFaults();
    const ok = await run(adele);
    expect(ok.outcome).toBe("ok");
    expect(orgActivities().tasks.filter((t) => t.fields.Subject === "Email: Invoice 7")).toHaveLength(1);
  });

  it("an invalid sync state: the folder is synced again from the start, without duplicates", async () => {
    await upToDate(adele);
    const before = orgActivities();
    w.world.exchange.control.injectFault({ fault: { kind: "invalidSyncState" }, mailbox: "adele@contoso.com", operation: "SyncFolderItems", count: 1 });
    const r = await run(adele);
    expect(r.outcome).toBe("ok");
    expect(r.stats.resyncs).toEqual([{ folder: "inbox", reason: "sync_state_rejected", detail: { message: "Exchange no longer accepts the saved sync state", answer: expect.stringMatching(/^ErrorInvalidSyncStateData/) } }]);
    // Everything the Inbox held was logged before: read again, counted as already logged, not as logged.
    expect(r.stats.logged).toBe(0);
    expect(r.stats.alreadyLogged).toBeGreaterThan(0);
    expect(orgActivities().tasks).toHaveLength(before.tasks.length);
    expect(orgActivities().events).toHaveLength(before.events.length);
  });

  it("EWS blocked for the tenant: the rep's mailbox moves to Graph and asks them to reconnect, nothing lost", async () => {
    await upToDate(diego);
    w.world.exchange.control.deliverMail("diego@contoso.com", { from: customer, to: [{ name: "Diego", email: "diego@contoso.com" }], subject: "Sent while blocked" });
    w.world.exchange.control.updateTenant(w.world.contoso.tenantId, { ewsEnabled: false });
    const r = await run(diego);
    expect(r.verdict).toMatchObject({ kind: "attention", reason: "move_to_graph" });
    const m = await w.ts.server.services.mailboxes.getById(diego);
    expect(m?.state).toMatchObject({ status: "attention", reason: "move_to_graph" });
    expect(m?.provider).toBe("graph");
    // The admin allows EWS again and support moves the mailbox back: the mail is there once, nothing before it is logged again.
    w.world.exchange.control.updateTenant(w.world.contoso.tenantId, { ewsEnabled: true });
    const before = orgActivities().tasks.length;
    await w.ts.server.services.db.query("update mailboxes set status = 'active', reason = null, reason_detail = null, provider = 'ews' where id = $1", [diego]);
    const retried = await run(diego);
    expect(retried.outcome).toBe("ok");
    expect(retried.stats.written).toBe(1);
    expect(orgActivities().tasks).toHaveLength(before + 1);
    expect(orgActivities().tasks.filter((t) => t.fields.Subject === "Email: Sent while blocked")).toHaveLength(1);
  });

  it("a revoked grant: attention 'reconnect_required'", async () => {
    const grady = await w.connect("grady");
    await upToDate(grady);
    w.world.entra.control.revokeSessions({ user: "grady@contoso.com", surfaceAs: 70008 });
    const r = await withClockAhead(2 * 3600_000, () => run(grady));
    expect(r.verdict).toMatchObject({ kind: "attention", reason: "reconnect_required" });
  });

  it("tells the sidebar when the last sync ran and how much was logged today", async () => {
    await upToDate(adele);
    const summaryOf = async () => new ScheduleRepository(w.ts.server.services.db).summary(adele);
    const before = await summaryOf();
    w.world.exchange.control.deliverMail("adele@contoso.com", { from: customer, to: [{ name: "Adele", email: "adele@contoso.com" }], subject: "Logged today" });
    const startedAt = new Date();
    await run(adele);
    const m = await w.ts.server.services.mailboxes.getById(adele);
    if (!m) throw new Error("no mailbox");
    const view = mailboxView(w.ts.config, m, await summaryOf());
    expect(view.lastSync).toMatchObject({ outcome: "ok", logged: 1 });
    expect(Date.parse(view.lastSync?.at ?? "")).toBeGreaterThanOrEqual(startedAt.getTime() - 1000);
    expect(view.loggedToday).toBe(before.loggedToday + 1);
  });

  it("records each run with counts, calls and outcome", async () => {
    await upToDate(adele);
    const [last] = await w.ts.server.services.db.query<{ id: number }>("select coalesce(max(id), 0)::int as id from sync_runs where mailbox_id = $1", [adele]);
    w.world.exchange.control.deliverMail("adele@contoso.com", { from: customer, to: [{ name: "Adele", email: "adele@contoso.com" }], subject: "Counted" });
    w.world.salesforce.control.startOutage({ scope: "api", requests: 20 });
    await run(adele);
    w.world.salesforce.control.clearFaults();
    await run(adele);
    const runs = await w.ts.server.services.db.query<{ outcome: string; calls: number; crm_calls: number; logged: number; error: string | null }>(
      "select outcome, calls, crm_calls, logged, error from sync_runs where mailbox_id = $1 and id > $2 order by id",
      [adele, last?.id ?? 0],
    );
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ outcome: "failed", logged: 0 });
    expect(runs[0]?.error).toBeTruthy();
    expect(runs[1]).toMatchObject({ outcome: "ok", logged: 1, error: null });
    expect(runs[1]?.calls).toBeGreaterThanOrEqual(3);
    expect(runs[1]?.crm_calls).toBeGreaterThan(0);
  });
});
