import { apiToken } from "../support/signIn";
import type { SyncWorld } from "../support/syncWorld";
import { expectedActivities, startSyncWorld } from "../support/syncWorld";
import type { WorkerProcess } from "../support/workerProcess";
import { killLeftovers, processEnv, sharedEncryptionKeys, startWorkerProcess, untilProcesses } from "../support/workerProcess";

jest.setTimeout(300_000);

/**
 * `npm start` as one process on its embedded store, killed with SIGKILL in the middle of a mailbox's first sync and
 * started again: the rep's "Sync now" answers that the run starts now (no dead lease to wait for) and a run starts
 * within 2 minutes; the CRM ends with exactly the ground truth.
 */
describe("one process on the embedded store, killed and restarted", () => {
  let w: SyncWorld;
  const keys = sharedEncryptionKeys();
  const procs: WorkerProcess[] = [];

  beforeAll(async () => {
    w = await startSyncWorld("embedded", { messagesPerMailbox: 120, eventsPerMailbox: 10, env: { ENCRYPTION_KEYS: keys } });
  });
  afterAll(async () => {
    killLeftovers(procs);
    await w?.ts.dispose().catch(() => undefined);
    await w?.world.close();
  });

  it("kill -9 mid-run, restart, Sync now: a run starts within 2 minutes and nothing is missing or twice", async () => {
    const id = await w.connect("megan");
    const token = await apiToken(w.world, w.world.users.megan, w.url);
    // The data folder is one process's at a time: the test's own server lets go of it for the product's process.
    await w.ts.server.close();
    const env = processEnv(w, keys, { PORT: String(w.ts.config.http.port), LOG_LEVEL: "debug" });
    const sf = w.world.salesforce.control;
    sf.setLatency({ ms: 150 });
    const first = startWorkerProcess(env, "all");
    procs.push(first);
    await untilProcesses("the first process writing to Salesforce", async () => sf.activities(w.world.salesforceOrgId).tasks.length > 0, 120_000, first);
    first.child.kill("SIGKILL");
    await first.exited();
    const partial = sf.activities(w.world.salesforceOrgId).tasks.length;

    sf.setLatency({ ms: 0 });
    const second = startWorkerProcess(env, "all");
    procs.push(second);
    await second.port();
    const restartedAt = Date.now();
    const res = await fetch(`${w.url}/api/me/sync-now`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(202);
    // The dead process's lease went with it: the mailbox is free (startsBy null), or the restarted process already runs
    // it (its own fresh lease); either way the answer promises a start within 2 minutes, not the old 30.
    const { startsBy } = (await res.json()) as { startsBy: string | null };
    if (startsBy !== null) expect(Date.parse(startsBy) - Date.now()).toBeLessThanOrEqual(120_000);
    await untilProcesses("a run of the mailbox starting", async () => new RegExp(`"mailboxId":"${id}"[^\\n]*sync run started`).test(second.output()), 120_000, second);
    expect(Date.now() - restartedAt).toBeLessThan(120_000);

    const expected = expectedActivities(w.world.exchange.control.listItems("megan@contoso.com"), new Set([...w.world.customers.contacts, ...w.world.customers.leads]));
    await untilProcesses("the run finishing", async () => sf.activities(w.world.salesforceOrgId).tasks.length === expected.emails.size, 120_000, second);
    const { tasks, events } = sf.activities(w.world.salesforceOrgId);
    expect(partial).toBeLessThan(expected.emails.size);
    expect(new Set(tasks.map((t) => t.fields.Sync_Key__c)).size).toBe(tasks.length);
    await untilProcesses("the meetings", async () => sf.activities(w.world.salesforceOrgId).events.length === expected.meetings.size, 30_000, second);
    expect(events.length).toBeLessThanOrEqual(expected.meetings.size);
    second.child.kill("SIGTERM");
    expect((await second.exited()).code).toBe(0);
  });
});
