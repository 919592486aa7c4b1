import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { turnOffsetSeconds } from "../../server/jobs/turns";
import { projectRoot } from "../../server/paths";
import { databaseQueries } from "../../server/metrics/instruments";
import { createPostgresDatabaseUrl } from "../support/databases";
import { scrape } from "../support/metricsText";
import { freePort } from "../support/ports";
import type { BenchLine } from "./benchLine";
import { BackendCpu, cpuMs } from "./backendCpu";
import { startBenchWorld } from "./benchWorld";

/**
 * Rows written to the fleet's call-budget table so far (each ask or renewal of a share writes one): what the budget
 * bookkeeping costs. The statistics reach the view when a backend goes idle or disconnects, so read it after the
 * workers have exited.
 */
async function budgetWrites(db: { query<T>(sql: string, params?: unknown[]): Promise<T[]> }): Promise<number> {
  const rows = await db.query<{ n: number }>(
    "select (n_tup_ins + n_tup_upd + n_tup_del)::int as n from pg_stat_user_tables where relname = 'call_budget_shares'",
  );
  return rows[0]?.n ?? 0;
}

/** Peak resident memory of a process so far, in MB. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Math.round(Number(m?.[1] ?? 0) / 1024);
}

/** A worker process and the port of its /metrics (METRICS_PORT), where it counts the queries it sent. */
interface Worker {
  readonly proc: ChildProcess;
  readonly metricsPort: number;
}

/** mailsync_db_queries_total of a worker so far: every round trip it made to the database, pg-boss's included. */
async function workerQueries(w: Worker): Promise<number> {
  const sample = (await scrape(`http://127.0.0.1:${w.metricsPort}/metrics`)).find("mailsync_db_queries_total");
  if (!sample) throw new Error("a worker's /metrics has no mailsync_db_queries_total");
  return sample.value;
}

/** mailsync_db_queries_total of this process (the bench's own server, which queues the cycle's turns). */
async function ownQueries(): Promise<number> {
  return (await databaseQueries.get()).values[0]?.value ?? 0;
}

/** Transactions committed in the database so far: each statement outside a transaction is one. */
async function commits(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: string }>("select xact_commit::text as n from pg_stat_database where datname = current_database()");
    return Number(r.rows[0]?.n ?? 0);
  } finally {
    await c.end();
  }
}

async function startWorker(env: Record<string, string>, profileDir: string | undefined): Promise<Worker> {
  // BENCH_FLEET_CPU_PROFILE=<folder>: each worker writes a V8 CPU profile there when it exits (open in Chrome DevTools).
  const prof = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const metricsPort = await freePort();
  // Started as `npm run worker` starts it: the heap cap is what keeps a worker's resident memory near its live data.
  const proc = spawn(process.execPath, ["--max-old-space-size=1024", ...prof, join(projectRoot, "dist/scripts/start.js"), "--role=worker"], {
    env: { ...process.env, ...env, LOG_LEVEL: "error", METRICS_PORT: String(metricsPort), METRICS_HOST: "127.0.0.1" },
    stdio: "ignore",
  });
  return { proc, metricsPort };
}

/**
 * Idle cycles by separate worker processes (the built `npm run worker`) on PostgreSQL, the simulators in their own
 * process: every mailbox is made due, and the cycle ends when each has a new run. Runs once with 1 worker and once with
 * 3. The world is the issue's: `mailboxes` (BENCH_FLEET_MAILBOXES, default 100,000) spread over `tenants`
 * (BENCH_FLEET_TENANTS, default 100), each tenant its own Entra tenant with admin consent (app-only), its own Exchange
 * organisation and so its own call budget, 3 folders per mailbox, 20 ms per Exchange call.
 *
 * On a 2-core machine the cycle is CPU-bound: the bound is the CPU the cycle cost (workers + simulators + the
 * database's backends) spread over every core, and `fleet_cycle_over_cpu_bound` says how far the measured cycle is
 * from it (1 = every core busy with this cycle all along; more = waiting, or the cores shared with other work).
 */
export async function fleetBench(
  mailboxes = Number(process.env.BENCH_FLEET_MAILBOXES ?? 100_000),
  tenants = Number(process.env.BENCH_FLEET_TENANTS ?? 100),
  latencyMs = 20,
): Promise<BenchLine[]> {
  const database = await createPostgresDatabaseUrl("mailsync_fleetbench");
  const w = await startBenchWorld({ mailboxes, tenants, exchangeLatencyMs: latencyMs, transport: "ews", databaseUrl: database.url });
  const lines: BenchLine[] = [];
  const profileDir = process.env.BENCH_FLEET_CPU_PROFILE;
  /** Every worker started: a cycle that fails leaves none behind. */
  const spawned: ChildProcess[] = [];
  try {
    const db = w.server.services.db;
    const cycle = async (workers: number, measure: boolean) => {
      const started = await Promise.all(Array.from({ length: workers }, () => startWorker({ ...w.env, SYNC_CONCURRENCY: "64" }, measure ? profileDir : undefined)));
      const procs = started.map((s) => s.proc);
      spawned.push(...procs);
      // Started and idle before the cycle: their start-up is not part of its CPU time.
      await new Promise((r) => setTimeout(r, 10_000));
      const before = (await db.query<{ id: number }>("select coalesce(max(id), 0)::int as id from sync_runs"))[0]?.id ?? 0;
      const load = loadavg()[0] ?? 0;
      const cpuBefore = procs.map((p) => cpuMs(p.pid ?? 0));
      const simBefore = await w.simulators.cpu();
      const backends = new BackendCpu();
      await backends.read(db);
      backends.start();
      const commitsBefore = await commits(database.url);
      const queriesBefore = await Promise.all(started.map(workerQueries));
      const budgetBefore = await budgetWrites(db);
      const t0 = Date.now();
      // Workers sync the mailboxes whose own turn has come meanwhile, and their row locks can deadlock with this
      // statement over all rows; PostgreSQL then cancels one side, and the bench tries again.
      for (let attempt = 1; ; attempt++) {
        try {
          await db.query("update mailboxes set next_sync_at = now() - interval '1 second'");
          break;
        } catch (err) {
          if ((err as { code?: string }).code !== "40P01" || attempt >= 5) throw err;
        }
      }
      // Until that statement has committed, workers go on running mailboxes whose own turn comes (about 55 a second
      // with 100,000 mailboxes), and the statement may then make such a mailbox due again after its run: those runs
      // are turns from before the cycle, not the cycle's (see the duplicate count below).
      const forcedAt = new Date();
      // The turns go in the queue at once (as a minute's cycle would); the idle workers take them within their poll.
      const queueingBefore = await ownQueries();
      await w.server.services.scheduler.addDueTurns({ oncePerMinute: false });
      const queueing = (await ownQueries()) - queueingBefore;
      for (;;) {
        const done = (await db.query<{ n: number }>("select count(distinct mailbox_id)::int as n from sync_runs where id > $1", [before]))[0]?.n ?? 0;
        await backends.read(db);
        if (done >= mailboxes) break;
        if (procs.some((p) => p.exitCode !== null)) throw new Error("a worker process exited during the cycle");
        await new Promise((r) => setTimeout(r, 1000));
      }
      const seconds = (Date.now() - t0) / 1000;
      const cpu = procs.reduce((sum, p, i) => sum + cpuMs(p.pid ?? 0) - (cpuBefore[i] ?? 0), 0);
      const simCpu = ((await w.simulators.cpu()).cpuSeconds - simBefore.cpuSeconds) * 1000;
      const loadAfter = loadavg()[0] ?? 0;
      const rss = Math.max(...procs.map((p) => peakRssMb(p.pid ?? 0)));
      const transactions = (await commits(database.url)) - commitsBefore;
      const queriesAfter = await Promise.all(started.map(workerQueries));
      const queries = queueing + queriesAfter.reduce((sum, n, i) => sum + n - (queriesBefore[i] ?? 0), 0);
      await Promise.all(procs.map((p) => new Promise((r) => { p.once("exit", r); p.kill("SIGTERM"); })));
      await new Promise((r) => setTimeout(r, 1000));
      const budget = (await budgetWrites(db)) - budgetBefore;
      // A duplicate is a run of a mailbox after one that ended ok in the same turn (interval slot); a mailbox whose own
      // slot came during the cycle rightly runs again.
      const runs = await db.query<{ mailbox_id: string; started_at: Date; outcome: string | null }>("select mailbox_id, started_at, outcome from sync_runs where id > $1 order by id", [before]);
      // Runs that did not end ok (a call that failed under load): they count as the mailbox's turn, so say how many.
      const notOk = runs.filter((r) => r.outcome !== "ok").length;
      // A run after a failed one in the same slot is the mailbox's own retry (its back-off), not a duplicate.
      const okSlots = new Set<string>();
      const failedSlots = new Set<string>();
      let dup = 0;
      let retried = 0;
      let ownTurns = 0;
      const period = w.env.SYNC_INTERVAL_MINUTES ? Number(w.env.SYNC_INTERVAL_MINUTES) : 30;
      for (const r of runs) {
        // A run that started before the cycle had made every mailbox due is a mailbox's own turn from before (workers
        // run the turns that come due meanwhile): the bench's statement may have made that mailbox due again after
        // the run, and the cycle runs it again in the same slot because the bench said so, which is no duplicate of
        // the product's. Counted apart (fleet_own_turns_before_forcing).
        if (r.started_at < forcedAt) {
          ownTurns++;
          continue;
        }
        const first = Math.floor((r.started_at.getTime() / 1000 - turnOffsetSeconds(r.mailbox_id, period)) / (period * 60));
        const slot = `${r.mailbox_id}:${first}`;
        if (okSlots.has(slot)) dup++;
        else if (failedSlots.has(slot)) retried++;
        (r.outcome === "ok" ? okSlots : failedSlots).add(slot);
      }
      if (!measure) return seconds;
      const bound = (cpu + simCpu + backends.ms) / 1000 / cpus().length;
      lines.push(
        { name: `fleet_idle_cycle_seconds_${workers}w`, value: seconds, unit: "s" },
        { name: `fleet_server_cpu_ms_per_idle_mailbox_${workers}w`, value: cpu / mailboxes, unit: "ms" },
        { name: `fleet_simulator_cpu_ms_per_idle_mailbox_${workers}w`, value: simCpu / mailboxes, unit: "ms" },
        { name: `fleet_postgres_cpu_ms_per_idle_mailbox_${workers}w`, value: backends.ms / mailboxes, unit: "ms" },
        { name: `fleet_cpu_bound_seconds_${workers}w`, value: bound, unit: `s (all CPU / ${cpus().length} cores)` },
        { name: `fleet_cycle_over_cpu_bound_${workers}w`, value: seconds / bound, unit: "x" },
        { name: `fleet_db_queries_per_idle_mailbox_${workers}w`, value: queries / mailboxes, unit: "queries (round trips: the workers' and the cycle's queueing)" },
        { name: `fleet_db_transactions_per_idle_mailbox_${workers}w`, value: transactions / mailboxes, unit: "transactions (the database's count)" },
        { name: `fleet_budget_share_writes_per_idle_mailbox_${workers}w`, value: budget / mailboxes, unit: "rows" },
        { name: `fleet_peak_rss_mb_per_worker_${workers}w`, value: rss, unit: "MB" },
        { name: `fleet_duplicate_runs_${workers}w`, value: dup, unit: "runs" },
        { name: `fleet_own_turns_before_forcing_${workers}w`, value: ownTurns, unit: "runs (left out of the duplicate count)" },
        { name: `fleet_runs_not_ok_${workers}w`, value: notOk, unit: "runs" },
        { name: `fleet_retries_after_failure_${workers}w`, value: retried, unit: "runs" },
        { name: `fleet_load_average_${workers}w`, value: (load + loadAfter) / 2, unit: "1-min, mean of start and end" },
      );
      return seconds;
    };
    // First turn: every folder's initial (empty) sync; three workers to get it over with.
    await cycle(3, false);
    const one = await cycle(1, true);
    const three = await cycle(3, true);
    lines.push(
      { name: "fleet_scaling_1_to_3", value: one / three, unit: "x" },
      { name: "fleet_mailboxes", value: mailboxes, unit: "mailboxes" },
      { name: "fleet_tenants", value: tenants, unit: "tenants" },
    );
    return lines;
  } finally {
    for (const p of spawned) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
    await w.close();
    await database.drop();
  }
}
