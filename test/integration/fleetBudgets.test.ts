import type { SyncWorld } from "../support/syncWorld";
import { startSyncWorld } from "../support/syncWorld";
import type { WorkerProcess } from "../support/workerProcess";
import { killLeftovers, processEnv, sharedEncryptionKeys, startWorkerProcess, untilProcesses } from "../support/workerProcess";

jest.setTimeout(400_000);

const budget = 4;
const sellers = 24;

/**
 * Three worker processes sync one tenant's mailboxes through its app-only account. EWS_CALLS_PER_ACCOUNT is the
 * account's budget across the fleet: the Exchange simulator counts the calls in flight per caller account and never
 * sees more, though each worker alone could run twice as many syncs as the budget allows calls.
 */
describe("call budgets across worker processes", () => {
  let w: SyncWorld;
  const keys = sharedEncryptionKeys();
  const procs: WorkerProcess[] = [];

  beforeAll(async () => {
    w = await startSyncWorld("postgres", { messagesPerMailbox: 4, eventsPerMailbox: 1, env: { ENCRYPTION_KEYS: keys } });
    const { entra, contoso, app } = w.world;
    entra.control.grantAdminConsent({ tenant: contoso.tenantId, clientId: app.clientId });
    await w.ts.server.services.tenants.recordAdminConsent(contoso.tenantId, true);
    for (let i = 0; i < sellers; i++) w.world.exchange.control.createMailbox({ smtp: `seller${i}@contoso.com`, displayName: `Seller ${i}`, tenantId: contoso.tenantId });
    await w.ts.server.services.db.query(
      `insert into mailboxes (tenant_id, email, provider, access, status, next_sync_at)
       select $1, 'seller' || g || '@contoso.com', 'ews', 'app_only', 'active', now() from generate_series(0, $2 - 1) as g`,
      [contoso.tenantId, sellers],
    );
  });
  afterAll(async () => {
    killLeftovers(procs);
    await w?.dispose();
  });

  it(`three workers syncing one app-only tenant never have more than EWS_CALLS_PER_ACCOUNT=${budget} calls in flight together`, async () => {
    const ex = w.world.exchange.control;
    // Slow enough that calls overlap; Exchange itself would allow 27.
    ex.setLatency({ ms: 150 });
    ex.resetPeakInFlight();
    const env = processEnv(w, keys, { EWS_CALLS_PER_ACCOUNT: String(budget), SYNC_CONCURRENCY: String(budget * 2) });
    for (let i = 0; i < 3; i++) procs.push(startWorkerProcess(env));
    const db = w.ts.server.services.db;
    await untilProcesses(
      "every seller's mailbox synced",
      async () => (await db.query<{ n: number }>("select count(distinct mailbox_id)::int as n from sync_runs where outcome = 'ok'"))[0]?.n === sellers,
      300_000,
      ...procs,
    );
    const peaks = ex.peakInFlight();
    const peak = Math.max(0, ...Object.values(peaks));
    expect(peak).toBeLessThanOrEqual(budget);
    // The calls did overlap: the budget was used, not just never reached.
    expect(peak).toBeGreaterThanOrEqual(2);
    // Each mailbox ran once, and none failed on the way.
    const runs = await db.query<{ outcome: string; n: number }>("select outcome, count(*)::int as n from sync_runs group by outcome");
    expect(runs).toEqual([{ outcome: "ok", n: sellers }]);
    for (const p of procs) p.child.kill("SIGTERM");
    expect((await Promise.all(procs.map((p) => p.exited()))).map((e) => e.code)).toEqual([0, 0, 0]);
    expect((await db.query<{ n: number }>("select count(*)::int as n from call_budget_shares"))[0]?.n).toBe(0);
  });
});
