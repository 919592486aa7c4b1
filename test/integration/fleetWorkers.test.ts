import type { SyncWorld } from "../support/syncWorld";
import { expectedActivities, startSyncWorld } from "../support/syncWorld";
import type { WorkerProcess } from "../support/workerProcess";
import { killLeftovers, processEnv, sharedEncryptionKeys, startWorkerProcess, untilProcesses } from "../support/workerProcess";

jest.setTimeout(300_000);

const leaseSeconds = 15;
const deadlineSeconds = 5;

/**
 * Sync workers as separate processes (`npm run worker`) on one PostgreSQL: one killed with SIGKILL mid-run loses its
 * mailbox to another within two minutes, with nothing missing or twice in the CRM; one stopped with SIGTERM exits 0
 * within its deadline and leaves no lease behind.
 */
describe("worker processes on PostgreSQL", () => {
  let w: SyncWorld;
  const keys = sharedEncryptionKeys();
  const workers: WorkerProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    w = await startSyncWorld("postgres", { messagesPerMailbox: 120, eventsPerMailbox: 10, env: { ENCRYPTION_KEYS: keys } });
    const storage = w.ts.server.services.db;
    expect(storage.kind).toBe("postgres");
    env = processEnv(w, keys, { SYNC_LEASE_SECONDS: String(leaseSeconds), SHUTDOWN_DEADLINE_SECONDS: String(deadlineSeconds) });
  });
  afterAll(async () => {
    killLeftovers(workers);
    await w?.dispose();
  });

  const db = () => w.ts.server.services.db;
  const leaseOf = async (id: string) => (await db().query<{ lease_owner: string | null }>("select lease_owner from mailboxes where id = $1", [id]))[0]?.lease_owner ?? null;
  const okRuns = async (id: string) => (await db().query<{ n: number }>("select count(*)::int as n from sync_runs where mailbox_id = $1 and outcome = 'ok'", [id]))[0]?.n ?? 0;

  it("a worker killed mid-run loses its mailbox to another within 2 minutes; nothing is missing or twice in the CRM", async () => {
    const id = await w.connect("megan");
    const sf = w.world.salesforce.control;
    sf.setLatency({ ms: 150 });
    const first = startWorkerProcess(env);
    workers.push(first);
    await untilProcesses("the first worker writing to Salesforce", async () => sf.activities(w.world.salesforceOrgId).tasks.length > 0, 90_000, first);
    expect(await leaseOf(id)).not.toBeNull();
    first.child.kill("SIGKILL");
    const killedAt = (await first.exited()).at;

    const second = startWorkerProcess(env);
    workers.push(second);
    await untilProcesses("another worker finishing the mailbox", async () => (await okRuns(id)) === 1, 120_000, second);
    expect(Date.now() - killedAt).toBeLessThan(120_000);

    const expected = expectedActivities(w.world.exchange.control.listItems("megan@contoso.com"), new Set([...w.world.customers.contacts, ...w.world.customers.leads]));
    const { tasks, events } = sf.activities(w.world.salesforceOrgId);
    expect(tasks).toHaveLength(expected.emails.size);
    expect(events).toHaveLength(expected.meetings.size);
    expect(new Set(tasks.map((t) => t.fields.Sync_Key__c)).size).toBe(tasks.length);
    second.child.kill("SIGTERM");
    expect((await second.exited()).code).toBe(0);
  });

  it("SIGTERM mid-run: the worker exits 0 within its deadline and holds no lease; the next worker carries on", async () => {
    const id = await w.connect("diego");
    const sf = w.world.salesforce.control;
    // Slow enough that the run is still going when the signal comes, and a page takes longer than the deadline.
    sf.setLatency({ ms: 400 });
    const worker = startWorkerProcess(env);
    workers.push(worker);
    await untilProcesses("the worker holding diego's mailbox", async () => (await leaseOf(id)) !== null, 90_000, worker);
    const before = sf.activities(w.world.salesforceOrgId).tasks.length;
    await untilProcesses("the worker writing diego's mail", async () => sf.activities(w.world.salesforceOrgId).tasks.length > before, 60_000, worker);
    const signalledAt = Date.now();
    worker.child.kill("SIGTERM");
    const exit = await worker.exited();
    expect(exit.code).toBe(0);
    expect(exit.at - signalledAt).toBeLessThan(deadlineSeconds * 1000 + 1500);
    expect(await leaseOf(id)).toBeNull();
    expect(await okRuns(id)).toBe(0);

    sf.setLatency({ ms: 0 });
    const next = startWorkerProcess(env);
    workers.push(next);
    // Released, not left to expire: the next worker's first pass takes it.
    await untilProcesses("the next worker finishing diego's mailbox", async () => (await okRuns(id)) === 1, 60_000, next);
    next.child.kill("SIGTERM");
    expect((await next.exited()).code).toBe(0);
  });
});
