import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { turnOffsetSeconds } from "../../server/jobs/turns";
import { apiToken } from "../support/signIn";
import type { SyncWorld } from "../support/syncWorld";
import { startSyncWorld } from "../support/syncWorld";
import type { WorkerProcess } from "../support/workerProcess";
import { killLeftovers, processEnv, sharedEncryptionKeys, startWorkerProcess, untilProcesses } from "../support/workerProcess";

jest.setTimeout(600_000);

/**
 * The clock is compressed: SYNC_INTERVAL_SECONDS=30 gives every mailbox a turn each 30 s (the product's default is 30
 * minutes, and SYNC_INTERVAL_MINUTES cannot go below 5), and the due turns are queued every 10 s instead of every
 * minute. Five intervals stand for the "10 minutes of simulated turns".
 */
const intervalSeconds = 30;
const watchSeconds = 5 * intervalSeconds;

/** DATABASE_URL names this machine's own cluster, which the test may restart. */
function localCluster(url: string): string | null {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1"].includes(host) || !existsSync("/usr/bin/pg_ctlcluster") || !existsSync("/etc/postgresql")) return null;
  return readdirSync("/etc/postgresql")[0] ?? null;
}

/** Two web processes and three sync workers, separate processes on one PostgreSQL, all started with `--role=`. */
describe("a fleet of web and worker processes on PostgreSQL", () => {
  let w: SyncWorld;
  const keys = sharedEncryptionKeys();
  const procs: WorkerProcess[] = [];
  let env: Record<string, string>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    w = await startSyncWorld("postgres", { messagesPerMailbox: 8, eventsPerMailbox: 2, env: { ENCRYPTION_KEYS: keys } });
    for (const rep of ["adele", "diego", "megan", "grady"] as const) ids[rep] = await w.connect(rep);
    env = processEnv(w, keys, { PORT: "0", SYNC_INTERVAL_SECONDS: String(intervalSeconds), SYNC_LEASE_SECONDS: "15", SHUTDOWN_DEADLINE_SECONDS: "5" });
  });
  afterAll(async () => {
    killLeftovers(procs);
    await w?.dispose();
  });

  const db = () => w.ts.server.services.db;
  const runsOf = async (id: string, since: Date) =>
    db().query<{ started_at: Date; trigger: string; outcome: string }>(
      "select started_at, trigger, outcome from sync_runs where mailbox_id = $1 and started_at >= $2 order by started_at",
      [id, since],
    );

  it("each mailbox's turn runs exactly once per interval; Sync now through either web process is run by a worker", async () => {
    const webs = [startWorkerProcess(env, "web"), startWorkerProcess(env, "web")];
    const workers = [startWorkerProcess(env), startWorkerProcess(env), startWorkerProcess(env)];
    procs.push(...webs, ...workers);
    const ports = await Promise.all(webs.map((p) => p.port()));
    // Every mailbox has had its first sync: from here on, only turns.
    await untilProcesses("every first sync", async () => {
      const n = await db().query<{ n: number }>("select count(distinct mailbox_id)::int as n from sync_runs where outcome = 'ok'");
      return n[0]?.n === 4;
    }, 180_000, ...workers);
    const from = new Date();
    await new Promise((r) => setTimeout(r, watchSeconds * 1000));
    const to = new Date();

    for (const [rep, id] of Object.entries(ids)) {
      const offset = turnOffsetSeconds(id, intervalSeconds / 60);
      const runs = (await runsOf(id, from)).filter((r) => r.started_at < to);
      expect(runs.every((r) => r.outcome === "ok")).toBe(true);
      // Each run's interval slot: the turns of this mailbox are at offset + k * interval.
      const slots = runs.map((r) => Math.floor((r.started_at.getTime() / 1000 - offset) / intervalSeconds));
      expect({ rep, slots: new Set(slots).size }).toEqual({ rep, slots: slots.length });
      const first = slots[0] ?? 0;
      expect({ rep, slots }).toEqual({ rep, slots: slots.map((_, i) => first + i) });
      expect(slots.length).toBeGreaterThanOrEqual(watchSeconds / intervalSeconds - 1);
    }
    // Sync now through each web process: a worker runs it.
    for (const [i, rep] of (["megan", "diego"] as const).entries()) {
      const token = await apiToken(w.world, w.world.users[rep], w.url);
      const asked = new Date();
      const res = await fetch(`https://localhost:${ports[i] ?? 0}/api/me/sync-now`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(202);
      await untilProcesses(`a worker running ${rep}'s Sync now`, async () => (await runsOf(ids[rep] ?? "", asked)).some((r) => r.trigger === "sync_now" && r.outcome === "ok"), 30_000, ...workers);
    }
    for (const p of procs) p.child.kill("SIGTERM");
    const exits = await Promise.all(procs.map((p) => p.exited()));
    expect(exits.map((e) => e.code)).toEqual([0, 0, 0, 0, 0]);
    expect((await db().query<{ n: number }>("select count(*)::int as n from mailboxes where lease_owner is not null"))[0]?.n).toBe(0);
  });

  const cluster = localCluster(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
  // Restarts the machine's shared PostgreSQL: only against a local cluster, and kept short.
  (cluster ? it : it.skip)("PostgreSQL restarted mid-cycle: web and worker processes reconnect and the turns go on", async () => {
    const web = startWorkerProcess(env, "web");
    const worker = startWorkerProcess(env);
    procs.push(web, worker);
    const port = await web.port();
    await untilProcesses("the worker started", async () => /sync worker started/.test(worker.output()), 120_000, worker);
    const up = new Date();
    await untilProcesses("the worker running turns", async () => (await runsOf(ids.adele ?? "", up)).length > 0, 120_000, worker);
    execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", cluster ?? "", "main", "restart"], { stdio: "ignore" });
    const back = new Date();
    // Every mailbox gets its next turn after the restart, run by the same worker process.
    for (const id of Object.values(ids)) await untilProcesses("a turn after the restart", async () => (await runsOf(id, back)).some((r) => r.outcome === "ok"), 120_000, worker);
    const ready = await untilProcesses("the web process ready again", async () => (await fetch(`https://localhost:${port}/readyz`)).status === 200, 30_000, web);
    expect(ready).toBe(true);
    expect(worker.child.exitCode).toBeNull();
    expect(web.child.exitCode).toBeNull();
    web.child.kill("SIGTERM");
    worker.child.kill("SIGTERM");
    expect((await worker.exited()).code).toBe(0);
    expect((await web.exited()).code).toBe(0);
  });
});
