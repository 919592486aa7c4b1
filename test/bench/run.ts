import { spawnSync } from "node:child_process";
import { ensureDevCertificates } from "../../server/tls/devCertificates";
import type { BenchLine } from "./benchLine";
import { printLine } from "./benchLine";

/** `npm run bench`: every figure as `BENCH <name> <value> <unit>`; a benchmark that fails says so and the rest go on. */
async function main(): Promise<void> {
  // The server calls the simulators over HTTPS with the development CA; Node reads NODE_EXTRA_CA_CERTS only at start.
  const tls = await ensureDevCertificates();
  if (process.env.NODE_EXTRA_CA_CERTS !== tls.caFile) {
    const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit", env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.caFile } });
    process.exit(child.status ?? 1);
  }
  const only = process.argv[2];
  // Each bench loads its own modules when it runs: the sync figures' peak RSS is the server's, not also the browser
  // driver's and the other benches' (loading them all up front added about 55 MB to every process figure).
  const sync = () => import("./syncBench.js");
  const consoleBenches = () => import("./consoleBench.js");
  const benches: [string, () => Promise<BenchLine[]>][] = [
    ["idle", async () => (await sync()).idleCycleBench("ews", Number(process.env.BENCH_MAILBOXES ?? 10_000))],
    ["initial", async () => (await sync()).initialSyncBench("ews")],
    ["graph-idle", async () => (await sync()).idleCycleBench("graph", Number(process.env.BENCH_MAILBOXES ?? 10_000))],
    ["graph-initial", async () => (await sync()).initialSyncBench("graph")],
    ["pane", async () => (await import("./paneBench.js")).paneBench()],
    ["console", async () => (await consoleBenches()).consoleListBench()],
    ["activation", async () => (await consoleBenches()).massActivationBench()],
    ["salesforce", async () => (await import("./salesforceBench.js")).salesforceSimulatorBench()],
    ["fleet", async () => (await import("./fleetBench.js")).fleetBench()],
  ];
  let failed = 0;
  for (const [name, bench] of benches) {
    // `-- graph` runs every Graph figure; `-- graph-idle` one of them.
    if (only && only !== name && !(only === "graph" && name.startsWith("graph-"))) continue;
    try {
      for (const line of await bench()) printLine(line);
    } catch (err) {
      failed++;
      console.error(`bench ${name} failed: ${(err as Error).stack ?? String(err)}`);
    }
  }
  process.exit(failed > 0 ? 1 : 0);
}

void main();
