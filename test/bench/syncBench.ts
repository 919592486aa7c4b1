import { cpus } from "node:os";
import type { BenchLine } from "./benchLine";
import { rssSampler } from "./benchLine";
import type { BenchWorld, CycleCost } from "./benchWorld";
import { runCycle, startBenchWorld } from "./benchWorld";
import { transportFloor } from "./transportFloor";

/**
 * Where the cycle's time went: CPU seconds and mean event-loop delay of the server (this process) and of the
 * simulators, and on PostgreSQL its backends' CPU. `_cpu_bound_seconds` is all that CPU spread over every core of the
 * machine, the shortest the cycle could be here whatever the latency allows; `_over_cpu_bound` says how far the
 * measured cycle is from it (near 1: the machine's cores are the limit, not waiting).
 */
function cpuLines(prefix: string, cost: CycleCost): BenchLine[] {
  const all = cost.serverCpuSeconds + cost.simulatorCpuSeconds + (cost.postgresCpuSeconds ?? 0);
  const bound = all / cpus().length;
  return [
    { name: `${prefix}_server_cpu_seconds`, value: cost.serverCpuSeconds, unit: "s" },
    { name: `${prefix}_simulator_cpu_seconds`, value: cost.simulatorCpuSeconds, unit: "s" },
    ...(cost.postgresCpuSeconds === null ? [] : [{ name: `${prefix}_postgres_cpu_seconds`, value: cost.postgresCpuSeconds, unit: "s" }]),
    { name: `${prefix}_server_loop_delay_ms`, value: cost.serverLoopDelayMs, unit: "ms" },
    { name: `${prefix}_simulator_loop_delay_ms`, value: cost.simulatorLoopDelayMs, unit: "ms" },
    { name: `${prefix}_cpu_bound_seconds`, value: bound, unit: `s (all CPU / ${cpus().length} cores)` },
    { name: `${prefix}_over_cpu_bound`, value: cost.seconds / bound, unit: "x" },
  ];
}

export type Transport = "ews" | "graph";

/** Figure names: EWS's keep their original names, Graph's carry a `graph_` prefix. */
const named = (t: Transport, name: string) => (t === "ews" ? name : `graph_${name}`);

/**
 * The idle cycle: 10,000 active mailboxes with nothing new, 3 folders each, 20 ms of Exchange latency per call.
 * ratio = wall time / (calls x latency / allowed concurrency), where the allowed concurrency is the budget the cycle
 * may use: over EWS one app-only account for the tenant, EWS_CALLS_PER_ACCOUNT calls at once; over Graph the app's
 * budget in the tenant, GRAPH_CALLS_PER_TENANT calls at once (each capped by the syncs the server runs at once).
 * Calls are HTTP requests: over Graph an idle mailbox's three folder deltas share one `$batch`.
 */
export async function idleCycleBench(transport: Transport, mailboxes = 10_000, latencyMs = 20): Promise<BenchLine[]> {
  const w = await startBenchWorld({ mailboxes, transport, exchangeLatencyMs: latencyMs });
  try {
    const db = w.server.services.db;
    await runCycle(w); // first turn: every folder's initial (empty) sync
    const failed = await db.query<{ n: number }>("select count(*)::int as n from sync_runs where outcome <> 'ok'");
    if ((failed[0]?.n ?? 0) > 0) throw new Error(`${failed[0]?.n} runs failed in the first cycle: ${await firstErrors(w)}`);
    await db.query("update mailboxes set next_sync_at = now()");
    const before = await db.query<{ id: number }>("select coalesce(max(id), 0)::int as id from sync_runs");
    const rss = rssSampler();
    const cost = await runCycle(w, named(transport, "idle_cycle"));
    const peak = rss.stop();
    const runs = await db.query<{ n: number; calls: number; ok: number }>(
      "select count(*)::int as n, coalesce(sum(calls), 0)::int as calls, count(*) filter (where outcome = 'ok')::int as ok from sync_runs where id > $1",
      [before[0]?.id ?? 0],
    );
    const r = runs[0] ?? { n: 0, calls: 0, ok: 0 };
    if (r.ok !== mailboxes) throw new Error(`only ${r.ok} of ${mailboxes} idle runs succeeded`);
    const budget = transport === "ews" ? w.concurrency.callsPerAccount : w.concurrency.graphCallsPerTenant;
    const allowed = Math.min(w.concurrency.syncs, budget);
    const ideal = (r.calls * (latencyMs / 1000)) / allowed;
    return [
      { name: named(transport, "idle_cycle_seconds"), value: cost.seconds, unit: "s" },
      { name: named(transport, "idle_cycle_ratio"), value: cost.seconds / ideal, unit: "x" },
      { name: named(transport, "peak_rss_mb"), value: peak, unit: "MB" },
      { name: transport === "ews" ? "calls_per_idle_mailbox" : "graph_http_calls_per_idle_mailbox", value: r.calls / mailboxes, unit: "calls" },
      ...cpuLines(named(transport, "idle_cycle"), cost),
      // Over Graph the goal is close to what the machine allows at all: the same calls alone say how close.
      ...(transport === "graph" ? await floorLines(w, allowed, latencyMs, cost.seconds) : []),
    ];
  } finally {
    await w.close();
  }
}

/**
 * The idle cycle's Graph calls with nothing else (see transportFloor): `_transport_floor_ratio` is on the same scale
 * as the cycle's ratio, the best the cycle's could be here; `_over_transport_floor` is the sync engine's own share
 * (queue, leases, run records, the store), near 1 when it costs nothing.
 */
async function floorLines(w: BenchWorld, allowed: number, latencyMs: number, cycleSeconds: number): Promise<BenchLine[]> {
  const floor = await transportFloor(w, allowed);
  const ideal = (floor.calls * (latencyMs / 1000)) / allowed;
  return [
    { name: "graph_idle_transport_floor_seconds", value: floor.seconds, unit: "s" },
    { name: "graph_idle_transport_floor_ratio", value: floor.seconds / ideal, unit: "x" },
    { name: "graph_idle_transport_floor_server_cpu_seconds", value: floor.serverCpuSeconds, unit: "s" },
    { name: "graph_idle_transport_floor_simulator_cpu_seconds", value: floor.simulatorCpuSeconds, unit: "s" },
    { name: "graph_idle_cycle_over_transport_floor", value: cycleSeconds / floor.seconds, unit: "x" },
  ];
}

/** The distinct errors of failed runs, so a failed benchmark says why. */
async function firstErrors(w: BenchWorld): Promise<string> {
  const rows = await w.server.services.db.query<{ error: string | null; n: number }>(
    "select error, count(*)::int as n from sync_runs where outcome <> 'ok' group by error order by n desc limit 3",
  );
  return rows.map((r) => `${r.n} x ${r.error ?? "(no error text)"}`).join("; ");
}

/** Initial sync: 100 mailboxes x 2,000 items, 10 % with customer participants, all the way into the CRM simulator. */
export async function initialSyncBench(transport: Transport, mailboxes = 100, itemsPerMailbox = 2000): Promise<BenchLine[]> {
  const customers = Array.from({ length: 200 }, (_, i) => `buyer${i}@customer${i % 40}.com`);
  const strangers = Array.from({ length: 50 }, (_, i) => `someone${i}@elsewhere${i}.org`);
  const w = await startBenchWorld({
    mailboxes,
    transport,
    exchangeLatencyMs: 0,
    salesforceContacts: customers,
    seed: {
      baseSeed: 7,
      messages: itemsPerMailbox,
      events: 0,
      colleagues: [{ name: "Colleague", email: "colleague@contoso.com" }],
      externals: [...customers, ...strangers].map((email) => ({ name: email.split("@")[0] ?? email, email })),
      customerRatio: 0.1,
      spanDays: 365,
    },
  });
  try {
    const rss = rssSampler();
    const cost = await runCycle(w, named(transport, "initial_sync"));
    const peak = rss.stop();
    const seconds = cost.seconds;
    const rows = await w.server.services.db.query<{ items: number; logged: number; failed: number }>(
      "select coalesce(sum(items_seen), 0)::int as items, coalesce(sum(logged), 0)::int as logged, count(*) filter (where outcome <> 'ok')::int as failed from sync_runs",
    );
    const r = rows[0] ?? { items: 0, logged: 0, failed: 0 };
    if (r.failed > 0) throw new Error(`${r.failed} initial syncs failed: ${await firstErrors(w)}`);
    return [
      { name: named(transport, "initial_sync_items_per_second"), value: r.items / seconds, unit: "items/s" },
      { name: named(transport, "initial_sync_seconds"), value: seconds, unit: "s" },
      { name: named(transport, "initial_sync_activities_logged"), value: r.logged, unit: "activities" },
      ...(transport === "graph" ? [{ name: "graph_initial_sync_peak_rss_mb", value: peak, unit: "MB" }] : []),
      ...cpuLines(named(transport, "initial_sync"), cost),
    ];
  } finally {
    await w.close();
  }
}
