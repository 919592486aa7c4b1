import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { loadConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import type { RunningServer } from "../../server/main";
import { startServer } from "../../server/main";
import { ensureDevCertificates } from "../../server/tls/devCertificates";
import { reservePort } from "../support/ports";
import type { SimulatorHandle } from "./simulatorHandle";
import { createBenchDatabase } from "./benchDatabase";
import { BackendCpu } from "./backendCpu";
import { startCycleProfile } from "./cycleProfile";
import { startSimulatorProcess } from "./simulatorHandle";
import type { WorldSpec } from "./worldSpec";

/**
 * A benchmark world: Contoso's admin (and each further tenant's, when the spec asks for several) consented app-only
 * access (mass activation), N mailboxes exist in Exchange and are active in our store, Salesforce is connected. The simulators run in a child process, so this process is the
 * server alone (its memory and CPU are what the figures report); the scheduler is off and the benchmark drives the
 * sync cycles.
 */
export interface BenchWorld {
  readonly simulators: SimulatorHandle;
  readonly server: RunningServer;
  /** Syncs at once in the server; EWS calls at once per Exchange account; Graph calls at once per app and tenant. */
  readonly concurrency: { readonly syncs: number; readonly callsPerAccount: number; readonly graphCallsPerTenant: number };
  /** The settings the server was started with, for more server processes on the same store (the fleet bench). */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

export async function startBenchWorld(o: Omit<WorldSpec, "publicUrl"> & { databaseUrl?: string }): Promise<BenchWorld> {
  const reserved = await reservePort();
  const port = reserved.port;
  const tls = await ensureDevCertificates();
  const { databaseUrl, ...spec } = o;
  const simulators = await startSimulatorProcess({ ...spec, publicUrl: `https://localhost:${port}` }, tls.caFile);
  const sim = simulators.info;
  const dataDir = mkdtempSync(join(tmpdir(), "mailsync-bench-"));
  const database = await createBenchDatabase();
  // Graph's budget is the product's default (GRAPH_CALLS_PER_TENANT); EWS's is the bench's long-standing 10.
  const concurrency = { syncs: 64, callsPerAccount: 10, graphCallsPerTenant: 64 };
  try {
    const env: Record<string, string> = {
      ...sim.entraEnv,
      EWS_URL: sim.ewsUrl,
      GRAPH_URL: sim.graphUrl,
      GRAPH_RESOURCE: "https://graph.microsoft.com",
      SALESFORCE_LOGIN_URL: sim.salesforce.url,
      SALESFORCE_CLIENT_ID: sim.salesforce.clientId,
      SALESFORCE_CLIENT_SECRET: sim.salesforce.clientSecret,
      PORT: String(port),
      DATA_DIR: dataDir,
      ...(database.url ? { DATABASE_URL: database.url } : {}),
      LOG_LEVEL: "error",
      SYNC_CONCURRENCY: String(concurrency.syncs),
      EWS_CALLS_PER_ACCOUNT: String(concurrency.callsPerAccount),
      GRAPH_CALLS_PER_TENANT: String(concurrency.graphCallsPerTenant),
      SYNC_BACKFILL_DAYS: "3650",
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    };
    const config = loadConfig(env);
    const server = await startServer(config, createLogger("error"), { scheduler: false, listenOn: reserved.socket });
    const s = server.services;
    for (const [k, t] of sim.tenants.entries()) {
      await s.mailboxes.ensureTenant(t.tenantId, k === 0 ? "Contoso" : `Tenant ${k}`);
      await s.tenants.setTransport(t.tenantId, o.transport);
      // Salesforce connected as its Integration User (client credentials at the simulator, which stands in for a My
      // Domain); every tenant connects the same simulated org.
      await s.crmConnect.connectClientCredentials(
        { tenantId: t.tenantId, oid: "bench-admin", actor: "bench" },
        { myDomain: sim.salesforce.url, clientId: sim.salesforce.clientId, clientSecret: sim.salesforce.clientSecret },
      );
    }
    // One statement for every mailbox (a 100,000-mailbox world in seconds): mailbox g belongs to tenant g mod tenants,
    // as in the simulators.
    await s.db.query(
      `insert into mailboxes (tenant_id, email, provider, access, status, next_sync_at)
       select t.id, 'user' || g || '@' || t.domain, $4, 'app_only', 'active', now()
       from generate_series(0, $3 - 1) as g
       join unnest($1::text[], $2::text[]) with ordinality as t(id, domain, k) on t.k = g % cardinality($1::text[]) + 1
       order by g`,
      [sim.tenants.map((t) => t.tenantId), sim.tenants.map((t) => t.domain), o.mailboxes, o.transport],
    );
    return {
      simulators,
      server,
      concurrency,
      env,
      async close() {
        await server.close();
        await simulators.close();
        await database.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await simulators.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * What one cycle cost: wall time; the CPU time of this (server) process and of the simulators, in seconds; and each
 * process's mean event-loop delay (how late a ready socket or timer was served: every EWS call holds its slot that
 * much longer, on each side).
 */
export interface CycleCost {
  readonly seconds: number;
  readonly serverCpuSeconds: number;
  readonly simulatorCpuSeconds: number;
  /** The PostgreSQL backends serving the world's database; null on the embedded store (its CPU is the server's). */
  readonly postgresCpuSeconds: number | null;
  readonly serverLoopDelayMs: number;
  readonly simulatorLoopDelayMs: number;
}

/** One full cycle: every due mailbox synced once; `label` names its CPU profile when BENCH_CPU_PROFILE asks for one. */
export async function runCycle(w: BenchWorld, label?: string): Promise<CycleCost> {
  const simBefore = await w.simulators.cpu();
  const db = w.server.services.db;
  const backends = db.kind === "postgres" ? new BackendCpu() : null;
  await backends?.read(db);
  backends?.start();
  const stopProfile = label ? await startCycleProfile(label) : async () => undefined;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await w.server.services.scheduler.tick();
  await w.server.services.scheduler.pool.idle();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  await backends?.read(db);
  loop.disable();
  await stopProfile();
  const simAfter = await w.simulators.cpu();
  return {
    seconds,
    serverCpuSeconds: (cpu.user + cpu.system) / 1e6,
    simulatorCpuSeconds: simAfter.cpuSeconds - simBefore.cpuSeconds,
    postgresCpuSeconds: backends ? backends.ms / 1000 : null,
    serverLoopDelayMs: loop.mean / 1e6,
    simulatorLoopDelayMs: simAfter.loopDelayMeanMs,
  };
}
