import { mailboxView } from "../../server/api/mailboxView";
import { ScheduleRepository } from "../../server/store/scheduleRepository";
import type { SyncWorld } from "../support/syncWorld";
import { expectedActivities, startSyncWorld } from "../support/syncWorld";
import { withClockAhead } from "../support/timeTravel";

jest.setTimeout(120_000);

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

  const orgActivities = () => w.world.salesforce.control.activities(w.world.salesforceOrgId);
  const crmEmails = () => new Set([...w.world.customers.contacts, ...w.world.customers.leads]);
  const run = (id: string) => w.ts.server.services.runner.run(id, "schedule");

  it("a seeded mailbox's first sync creates exactly the expected CRM records", async () => {
    const result = await run(adele);
    expect(result.outcome).toBe("ok");
    const truth = w.world.exchange.control.listItems("adele@contoso.com");
    const expected = expectedActivities(truth, crmEmails());
    expect(expected.emails.size + expected.meetings.size).toBeGreaterThan(5);
    const { tasks, events } = orgActivities();
    expect(tasks).toHaveLength(expected.emails.size);
    expect(events).toHaveLength(expected.meetings.size);
    expect(result.stats.logged).toBe(expected.emails.size + expected.meetings.size);
    expect(result.stats.skipped.internal_only ?? 0).toBeGreaterThan(0);
    for (const t of tasks) expect(t.fields).toMatchObject({ Status: "Completed", TaskSubtype: "Email" });
    // A second turn with nothing new writes nothing and makes one call per folder.
    w.world.exchange.control.resetCallCounters("adele@contoso.com");
    const idle = await run(adele);
    expect(idle.stats.written).toBe(0);
    expect(w.world.exchange.control.callCounters("adele@contoso.com")).toEqual({ SyncFolderItems: 3 });
    expect(orgActivities().tasks).toHaveLength(expected.emails.size);
  });

  it("mail delivered afterwards appears on the next turn; internal mail does not", async () => {
    const before = orgActivities().tasks.length;
    w.world.exchange.control.deliverMail("adele@contoso.com", { from: { name: "Bea Buyer", email: "buyer@fabrikam.com" }, to: [{ name: "Adele", email: "adele@contoso.com" }], subject: "Signed order" });
    w.world.exchange.control.deliverMail("adele@contoso.com", { from: { name: "Diego", email: "diego@contoso.com" }, to: [{ name: "Adele", email: "adele@contoso.com" }], subject: "Lunch?" });
    const r = await run(adele);
    expect(r.stats.written).toBe(1);
    expect(r.stats.skipped.internal_only).toBe(1);
    const tasks = orgActivities().tasks;
    expect(tasks).toHaveLength(before + 1);
    expect(tasks.at(-1)?.fields.Subject).toBe("Email: Signed order");
  });

  it("two reps receiving the same email: one Salesforce Task, linked to both mailboxes", async () => {
    await run(diego);
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
    const created = w.world.exchange.control.createEvent("adele@contoso.com", {
      subject: "Pricing call",
      start: "2026-11-24T15:00:00Z",
      end: "2026-11-24T15:30:00Z",
      organizer: { name: "Adele", email: "adele@contoso.com" },
      required: [{ name: "Tia", email: "ceo@tailspin.com" }],
    });
    await run(adele);
    const find = () => orgActivities().events.filter((e) => e.fields.Subject === "Pricing call");
    expect(find()).toHaveLength(1);
    w.world.exchange.control.updateItem("adele@contoso.com", created.calendarItem.id, { start: "2026-11-25T16:00:00Z", end: "2026-11-25T17:00:00Z" });
    await run(adele);
    expect(find()).toHaveLength(1);
    expect(find()[0]?.fields.StartDateTime).toBe("2026-11-25T16:00:00.000+0000");
    w.world.exchange.control.deleteItem("adele@contoso.com", created.calendarItem.id, { mode: "hard" });
    const r = await run(adele);
    expect(r.stats.removed).toBe(1);
    expect(find()).toHaveLength(0);
  });

  it("throttling: waits Exchange's back-off and finishes the run", async () => {
    w.world.exchange.control.injectFault({ fault: { kind: "serverBusy", backOffMs: 300 }, mailbox: "adele@contoso.com", operation: "SyncFolderItems", count: 2 });
    w.world.exchange.control.deliverMail("adele@contoso.com", { from: { name: "Otto", email: "ops@tailspin.com" }, to: [{ name: "Adele", email: "adele@contoso.com" }], subject: "Delivery slot" });
    const started = Date.now();
    const r = await run(adele);
    expect(r.verdict).toBeNull();
    expect(r.outcome).toBe("ok");
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    expect(orgActivities().tasks.some((t) => t.fields.Subject === "Email: Delivery slot")).toBe(true);
  });

  it("a CRM outage fails the run without losing the page; the next turn logs it", async () => {
    w.world.exchange.control.deliverMail("adele@contoso.com", { from: { name: "Fin", email: "finance@wingtip.com" }, to: [{ name: "Adele", email: "adele@contoso.com" }], subject: "Invoice 7" });
    w.world.salesforce.control.startOutage({ scope: "api", requests: 20 });
    const failed = await run(adele);
    expect(failed.outcome).toBe("failed");
    expect(failed.verdict).toMatchObject({ kind: "retry" });
    w.world.salesforce.control.clearFaults();
    await w.ts.server.services.db.query("update mailboxes set next_sync_at = now() where id = $1", [adele]);
    const ok = await run(adele);
    expect(ok.outcome).toBe("ok");
    expect(orgActivities().tasks.filter((t) => t.fields.Subject === "Email: Invoice 7")).toHaveLength(1);
  });

  it("an invalid sync state: the folder is synced again from the start, without duplicates", async () => {
    const before = orgActivities();
    w.world.exchange.control.injectFault({ fault: { kind: "invalidSyncState" }, mailbox: "adele@contoso.com", operation: "SyncFolderItems", count: 1 });
    const r = await run(adele);
    expect(r.outcome).toBe("ok");
    expect(r.stats.resyncs).toBe(1);
    expect(orgActivities().tasks).toHaveLength(before.tasks.length);
    expect(orgActivities().events).toHaveLength(before.events.length);
  });

  it("EWS blocked for the tenant: the rep's mailbox moves to Graph and asks them to reconnect, nothing lost", async () => {
    w.world.exchange.control.updateTenant(w.world.contoso.tenantId, { ewsEnabled: false });
    const r = await run(diego);
    expect(r.verdict).toMatchObject({ kind: "attention", reason: "move_to_graph" });
    const m = await w.ts.server.services.mailboxes.getById(diego);
    expect(m?.state).toMatchObject({ status: "attention", reason: "move_to_graph" });
    expect(m?.provider).toBe("graph");
    w.world.exchange.control.updateTenant(w.world.contoso.tenantId, { ewsEnabled: true });
  });

  it("a revoked grant: attention 'reconnect_required'", async () => {
    w.world.entra.control.revokeSessions({ user: "adele@contoso.com", surfaceAs: 70008 });
    const r = await withClockAhead(2 * 3600_000, () => run(adele));
    expect(r.verdict).toMatchObject({ kind: "attention", reason: "reconnect_required" });
  });

  it("tells the sidebar when the last sync ran and how much was logged today", async () => {
    const m = await w.ts.server.services.mailboxes.getById(diego);
    expect(m).not.toBeNull();
    const summary = await w.ts.server.services.db.query<{ n: number }>("select count(*)::int as n from activity_mailboxes where mailbox_id = $1", [diego]);
    if (!m) throw new Error("no mailbox");
    const view = mailboxView(w.ts.config, m, await new ScheduleRepository(w.ts.server.services.db).summary(diego));
    expect(view.lastSync).toMatchObject({ outcome: "failed" });
    expect(view.loggedToday).toBe(summary[0]?.n);
    expect(view.loggedToday).toBeGreaterThan(0);
  });

  it("records each run with counts, calls and outcome", async () => {
    const runs = await w.ts.server.services.db.query<{ outcome: string; calls: number; crm_calls: number; logged: number }>(
      "select outcome, calls, crm_calls, logged from sync_runs where mailbox_id = $1 order by id",
      [adele],
    );
    expect(runs.length).toBeGreaterThanOrEqual(8);
    expect(runs[0]).toMatchObject({ outcome: "ok" });
    expect(runs[0]?.calls).toBeGreaterThan(3);
    expect(runs.some((r) => r.outcome === "failed")).toBe(true);
  });
});
