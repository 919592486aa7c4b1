import { ScheduleRepository } from "../../server/store/scheduleRepository";
import { scrape } from "../support/metricsText";
import type { SyncWorld } from "../support/syncWorld";
import { startSyncWorld } from "../support/syncWorld";

jest.setTimeout(120_000);

/** GET /metrics around real syncs against the simulators: the families are there and their values move as work is done. */
describe("GET /metrics during syncs", () => {
  let w: SyncWorld;
  let adele: string;
  const metrics = () => scrape(`${w.url}/metrics`);

  beforeAll(async () => {
    w = await startSyncWorld("embedded", { messagesPerMailbox: 40, eventsPerMailbox: 6, env: { SYNC_CONCURRENCY: "1" } });
    adele = await w.connect("adele");
  });
  afterAll(() => w?.dispose());

  // What each test starts from, whatever ran before it: Adele's the only mailbox, active and not held by a worker,
  // and no Exchange fault waiting (the gauges below count every mailbox).
  beforeEach(async () => {
    w.world.exchange.control.clearFaults();
    const db = w.ts.server.services.db;
    await db.query("delete from mailboxes where id <> $1", [adele]);
    await db.query("update mailboxes set status = 'active', reason = null, reason_detail = null, consecutive_failures = 0, lease_owner = null, lease_until = null where id = $1", [adele]);
  });

  it("shows every family an operator needs, with no mailbox or address in any label", async () => {
    const m = await metrics();
    for (const family of [
      "mailsync_sync_runs_total",
      "mailsync_sync_run_duration_seconds",
      "mailsync_activities_logged_total",
      "mailsync_activities_skipped_total",
      "mailsync_mailbox_calls_total",
      "mailsync_mailbox_call_errors_total",
      "mailsync_throttle_waits_total",
      "mailsync_throttle_wait_seconds_total",
      "mailsync_queue_jobs",
      "mailsync_mailboxes_due",
      "mailsync_mailboxes_held",
      "mailsync_sync_lag_seconds",
      "mailsync_mailboxes",
      "mailsync_db_queries_total",
      "process_cpu_seconds_total",
    ]) {
      expect(m.families).toContain(family);
    }
    const labelValues = m.samples.flatMap((s) => Object.values(s.labels));
    expect(labelValues.filter((v) => v.includes("@") || v === adele)).toEqual([]);
  });

  it("a sync moves runs, activities logged and skipped, Exchange calls and a throttle wait by exactly what happened", async () => {
    const ex = w.world.exchange.control;
    // New mail to log (a customer's) and to skip (a colleague's), whatever earlier runs already synced.
    const to = [{ name: "Adele", email: "adele@contoso.com" }];
    ex.deliverMail("adele@contoso.com", { from: { name: "Bea Buyer", email: w.world.customers.contacts[0]! }, to, subject: "Metrics: an order" });
    ex.deliverMail("adele@contoso.com", { from: { name: "Diego", email: "diego@contoso.com" }, to, subject: "Metrics: lunch?" });
    ex.resetCallCounters("adele@contoso.com");
    // Exchange says "busy, come back in 300 ms" once: the run waits and goes on.
    ex.injectFault({ fault: { kind: "serverBusy", backOffMs: 300 }, mailbox: "adele@contoso.com", operation: "SyncFolderItems", count: 1 });
    const before = await metrics();
    const result = await w.ts.server.services.runner.run(adele, "sync_now");
    const after = await metrics();
    const delta = (name: string, labels: Record<string, string> = {}) => after.sum(name, labels) - before.sum(name, labels);

    expect(result.outcome).toBe("ok");
    expect(delta("mailsync_sync_runs_total", { outcome: "ok", trigger: "sync_now" })).toBe(1);
    expect(delta("mailsync_sync_runs_total")).toBe(1);
    expect(delta("mailsync_sync_run_duration_seconds_count", { outcome: "ok" })).toBe(1);

    expect(result.stats.logged).toBeGreaterThan(0);
    expect(delta("mailsync_activities_logged_total")).toBe(result.stats.logged);
    const internal = result.stats.skipped.internal_only ?? 0;
    expect(internal).toBeGreaterThan(0);
    expect(delta("mailsync_activities_skipped_total", { reason: "internal_only" })).toBe(internal);
    const skippedInRun = Object.values(result.stats.skipped).reduce((a, b) => a + (b ?? 0), 0);
    expect(delta("mailsync_activities_skipped_total")).toBe(skippedInRun);

    // Every call the simulator saw (the refused one included) is counted, by operation.
    const seen = ex.callCounters("adele@contoso.com");
    for (const [operation, n] of Object.entries(seen)) expect(delta("mailsync_mailbox_calls_total", { transport: "ews", operation })).toBe(n);
    expect(delta("mailsync_mailbox_calls_total", { transport: "ews" })).toBe(Object.values(seen).reduce((a, b) => a + b, 0));
    expect(delta("mailsync_mailbox_call_errors_total", { transport: "ews", code: "throttled" })).toBe(1);
    expect(delta("mailsync_throttle_waits_total", { transport: "ews" })).toBe(1);
    expect(delta("mailsync_throttle_wait_seconds_total", { transport: "ews" })).toBeCloseTo(0.3, 6);
    expect(delta("mailsync_throttle_waits_total", { transport: "graph" })).toBe(0);
    // The run claimed its mailbox, saved its pages and recorded itself: each a query to the store.
    expect(delta("mailsync_db_queries_total")).toBeGreaterThanOrEqual(3);

    // Synced: active, not due, no lag.
    expect(after.value("mailsync_mailboxes", { status: "active", reason: "" })).toBe(1);
    expect(after.value("mailsync_mailboxes_due")).toBe(0);
    expect(after.value("mailsync_sync_lag_seconds")).toBe(0);
  });

  it("a mailbox whose turn came ten minutes ago is due, and the lag says how late it is; once a worker holds it, it is held, not due", async () => {
    const db = w.ts.server.services.db;
    await db.query("update mailboxes set next_sync_at = now() - interval '10 minutes' where id = $1", [adele]);
    const late = await metrics();
    expect(late.value("mailsync_mailboxes_due")).toBe(1);
    expect(late.value("mailsync_sync_lag_seconds")).toBeGreaterThanOrEqual(600);
    // Read with the database's clock a moment after the update: well under another ten minutes later.
    expect(late.value("mailsync_sync_lag_seconds")).toBeLessThan(1200);
    // A worker takes it: no longer waiting, held instead.
    const claim = await new ScheduleRepository(db).claim(adele, "metrics-test-worker", 60);
    expect(claim).not.toBeNull();
    const taken = await metrics();
    expect(taken.value("mailsync_mailboxes_due")).toBe(0);
    expect(taken.value("mailsync_mailboxes_held")).toBe(1);
    expect(taken.value("mailsync_sync_lag_seconds")).toBe(0);
    await db.query("update mailboxes set lease_owner = null, lease_until = null where id = $1", [adele]);
    await w.ts.server.services.runner.run(adele, "schedule");
    const caughtUp = await metrics();
    expect(caughtUp.value("mailsync_mailboxes_held")).toBe(0);
    expect(caughtUp.value("mailsync_mailboxes_due")).toBe(0);
    expect(caughtUp.value("mailsync_sync_lag_seconds")).toBe(0);
  });

  it("a mailbox that needs attention is counted under its status and reason, and its run as failed", async () => {
    const diego = await w.connect("diego");
    const before = await metrics();
    w.world.exchange.control.injectFault({ fault: { kind: "nonExistentMailbox" }, mailbox: "diego@contoso.com", count: 1 });
    const r = await w.ts.server.services.runner.run(diego, "schedule");
    expect(r.outcome).toBe("failed");
    const after = await metrics();
    expect(after.value("mailsync_mailboxes", { status: "attention", reason: "mailbox_not_found" })).toBe(1);
    expect(after.value("mailsync_mailboxes", { status: "active", reason: "" })).toBe(1);
    expect(after.sum("mailsync_sync_runs_total", { outcome: "failed", trigger: "schedule" }) - before.sum("mailsync_sync_runs_total", { outcome: "failed", trigger: "schedule" })).toBe(1);
    expect(after.sum("mailsync_mailbox_call_errors_total", { code: "mailbox_not_found" }) - before.sum("mailsync_mailbox_call_errors_total", { code: "mailbox_not_found" })).toBe(1);
  });

  it("the queue shows pg-boss's jobs: waiting, taken by a worker, waiting again for a retry after a crashed run", async () => {
    const { queue, scheduler } = w.ts.server.services;
    const idle = await metrics();
    expect(idle.value("mailsync_queue_jobs", { state: "queued" })).toBe(0);
    expect(idle.value("mailsync_queue_jobs", { state: "active" })).toBe(0);
    // Two mailboxes' "Sync now" (this server runs no worker loop: nothing takes them by itself).
    const diego = await w.connect("diego");
    await scheduler.request(adele, "sync_now");
    await scheduler.request(diego, "sync_now");
    await scheduler.request(diego, "sync_now"); // a mailbox waits once
    const waiting = await metrics();
    expect(waiting.value("mailsync_queue_jobs", { state: "queued" })).toBe(2);
    const [taken] = await queue.take(1);
    const busy = await metrics();
    expect(busy.value("mailsync_queue_jobs", { state: "active" })).toBe(1);
    expect(busy.value("mailsync_queue_jobs", { state: "queued" })).toBe(1);
    await queue.complete([taken?.id ?? ""]);
    const rest = await queue.take(5);
    expect(rest).toHaveLength(1);
    await queue.fail(rest.map((j) => j.id));
    // Failed once: waiting for its retry, not failed for good.
    const retrying = await metrics();
    expect(retrying.value("mailsync_queue_jobs", { state: "queued" })).toBe(1);
    expect(retrying.value("mailsync_queue_jobs", { state: "active" })).toBe(0);
    expect(retrying.value("mailsync_queue_jobs", { state: "failed" })).toBe(0);
  });

  it("a sync over Microsoft Graph moves the Graph family by operation, one HTTP request each, and leaves EWS's alone", async () => {
    const { contoso, app, entra } = w.world;
    entra.control.grantAdminConsent({ tenant: contoso.tenantId, clientId: app.clientId });
    const m = await w.ts.server.services.mailboxes.activateManaged({ tenantId: contoso.tenantId, email: "megan@contoso.com", displayName: "Megan", access: "app_only", serviceAccountId: null, provider: "graph" });
    if (!m) throw new Error("not activated");
    const callsOfLastRun = async () =>
      (await w.ts.server.services.db.query<{ calls: number }>("select calls from sync_runs where mailbox_id = $1 order by started_at desc limit 1", [m.id]))[0]?.calls ?? -1;
    // Graph answers one delta request 429 with Retry-After: 1: counted as a call, an error and a wait.
    w.world.exchange.control.graph.injectFault({ mailbox: "megan@contoso.com", operation: "messagesDelta", fault: { kind: "throttled", retryAfterSeconds: 1 }, via: "direct", count: 1 });
    const before = await metrics();
    const first = await w.ts.server.services.runner.run(m.id, "schedule");
    const after = await metrics();
    const delta = (name: string, labels: Record<string, string> = {}) => after.sum(name, labels) - before.sum(name, labels);
    expect(first.outcome).toBe("ok");
    expect(first.stats.logged).toBeGreaterThan(0);
    expect(delta("mailsync_mailbox_calls_total", { transport: "graph", operation: "messagesDelta" })).toBeGreaterThanOrEqual(3);
    expect(delta("mailsync_mailbox_calls_total", { transport: "graph", operation: "calendarDelta" })).toBeGreaterThanOrEqual(1);
    expect(delta("mailsync_mailbox_calls_total", { transport: "graph" })).toBe(await callsOfLastRun());
    expect(delta("mailsync_mailbox_call_errors_total", { transport: "graph", code: "throttled" })).toBe(1);
    expect(delta("mailsync_throttle_waits_total", { transport: "graph" })).toBe(1);
    expect(delta("mailsync_mailbox_calls_total", { transport: "ews" })).toBe(0);

    // Nothing new: the idle turn is one $batch carrying the three folder deltas, counted once.
    const idleBefore = await metrics();
    expect((await w.ts.server.services.runner.run(m.id, "schedule")).outcome).toBe("ok");
    const idleAfter = await metrics();
    const idle = (labels: Record<string, string>) => idleAfter.sum("mailsync_mailbox_calls_total", labels) - idleBefore.sum("mailsync_mailbox_calls_total", labels);
    expect(idle({ transport: "graph", operation: "$batch" })).toBe(1);
    expect(idle({ transport: "graph" })).toBe(1);
  });
});
