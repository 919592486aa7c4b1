import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import type { AddressInfo, Server } from "node:net";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { ConfigError, loadConfig, tenantConfigured } from "../server/config";
import { createLogger } from "../server/logger";
import { startServer } from "../server/main";
import { ensureDevCertificates } from "../server/tls/devCertificates";
import type { DemoEnvironment } from "./demo/demoEnvironment";
import { activityMinutesFrom, demoUserLines, startDemoEnvironment } from "./demo/demoEnvironment";
import { setUpBlockedTenant } from "./demo/blockedTenant";
import { connectSalesforce } from "./demo/salesforceConnect";

/**
 * `npm start`: the sidebar, the console and the sync server in one process. With no Microsoft tenant configured it
 * starts the bundled simulators first and points the server at them (demo mode), and says so loudly.
 */
async function main(): Promise<void> {
  const envFile = resolve(process.cwd(), ".env");
  if (existsSync(envFile)) process.loadEnvFile(envFile);

  // `npm run web` / `npm run worker` pass their role on the command line; ROLE in the environment works too.
  const roleArg = process.argv.find((a) => a.startsWith("--role="))?.slice("--role=".length);
  if (roleArg) process.env.ROLE = roleArg;
  const demo = !tenantConfigured(process.env) && process.env.NODE_ENV !== "production";
  if (demo && process.env.ROLE && process.env.ROLE !== "all") {
    console.error(`ROLE=${process.env.ROLE} is for a fleet on PostgreSQL with a configured tenant (ENTRA_CLIENT_ID, DATABASE_URL); the demo runs as one process: npm start`);
    process.exit(2);
  }
  if (demo) {
    // The server calls the simulators over HTTPS with the development CA; Node reads NODE_EXTRA_CA_CERTS only at start.
    const tls = await ensureDevCertificates(process.env.DEV_CERTS_DIR);
    if (process.env.NODE_EXTRA_CA_CERTS !== tls.caFile) return reexecTrusting(tls.caFile);
  }

  let env: Record<string, string | undefined> = process.env;
  let stopDemo: (() => Promise<void>) | undefined;
  let environment: DemoEnvironment | undefined;
  let listenOn: Server | undefined;
  if (demo) {
    // The simulators register this server's URL (Entra redirect URIs) before it starts, so its port is bound first
    // and handed to the server bound: PORT=0 takes any free port, and the banner names the one it got.
    try {
      listenOn = await bindPort(Number(process.env.PORT ?? 3000), process.env.HOST ?? "127.0.0.1");
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      console.error(e.code === "EADDRINUSE" ? `Port ${process.env.PORT ?? 3000} is already in use: stop the other server or set PORT to a free port (0 = any).` : `The server could not start: ${e.message}`);
      process.exit(1);
    }
    const port = (listenOn.address() as AddressInfo).port;
    const publicUrl = (process.env.PUBLIC_URL ?? `https://localhost:${port}`).replace(/\/+$/, "");
    let activityMinutes: number;
    try {
      activityMinutes = activityMinutesFrom(process.env);
    } catch (err) {
      console.error((err as Error).message);
      process.exit(2);
    }
    environment = await startDemoEnvironment({ portBase: Number(process.env.SIMULATOR_PORT_BASE ?? 4001), publicUrl, activityMinutes });
    env = { ...process.env, ...environment.env, PORT: String(port) };
    stopDemo = environment.close;
  }

  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      await stopDemo?.();
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  let server;
  try {
    server = await startServer(config, logger, { demoRoutes: environment?.routes, listenOn });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    console.error(
      e.code === "EADDRINUSE"
        ? `Port ${config.http.port} is already in use: stop the other server or set PORT to a free port.`
        : `The server could not start: ${e.message}`,
    );
    await stopDemo?.();
    process.exit(1);
  }
  if (environment) {
    // In the demo, Contoso's admin has already connected Salesforce: through the same connect flow the console uses,
    // with the simulator approving at once as its administrator (a real admin does it from the console's CRM page).
    const w = environment.world;
    await server.services.mailboxes.ensureTenant(w.contoso.tenantId, "Contoso");
    // The simulators start afresh each time, so the demo reconnects each time (a reconnect replaces the old one).
    const connected = await connectSalesforce(server.services.crmConnect, { tenantId: w.contoso.tenantId, oid: "demo-start-up", actor: "demo start-up" }, { username: w.crmConnection.username });
    if (connected.result !== "connected") console.error(`The demo could not connect Salesforce: ${connected.message}`);
    await setUpBlockedTenant(server, w);
  }
  const url = config.http.publicUrl;
  const demoBanner = environment
    ? [
        "",
        "==========================================================================================",
        " DEMO MODE: no Microsoft tenant is configured (ENTRA_CLIENT_ID is not set).",
        ` Start here: ${url}/demo  (an Outlook-like page with the real sidebar: pick a rep, Set up sync)`,
        ` What reached Salesforce: ${url}/demo/salesforce`,
        " Demo users (sign in at the Entra ID simulator):",
        ...demoUserLines(environment.world.password).map((line) => `   ${line}`),
        ` Woodgrove, a second organisation whose Exchange Online blocks EWS: its app-only mailboxes move to Microsoft Graph`,
        `   by themselves; see it in the console as admin@woodgrove.com (Sync administrator) password ${environment.world.password}`,
        environment.activityMinutes > 0
          ? ` New customer mail arrives every ${environment.activityMinutes} min (DEMO_ACTIVITY_MINUTES; 0 = off).`
          : " New customer mail arrives only on demand (DEMO_ACTIVITY_MINUTES=0).",
        " Running against the bundled simulators; nothing reaches Microsoft or Salesforce:",
        ...environment.describe.map((line) => `   ${line}`),
        " To use a real tenant, set ENTRA_CLIENT_ID and ENTRA_CLIENT_SECRET (README, 'Register the Entra app').",
        "==========================================================================================",
      ]
    : [];
  if (config.role === "worker") console.warn(`Sync worker ready (no HTTP), store: PostgreSQL, up to ${config.sync.concurrency} mailboxes at once`);
  else
    console.warn(
      [
        ...demoBanner,
        `Sync server ready at ${url}${config.role === "web" ? " (web only: sync workers run elsewhere)" : ""}`,
        ...(environment ? [`  demo Outlook:        ${url}/demo`] : []),
        `  sidebar (task pane): ${url}/taskpane.html`,
        `  console:             ${url}/console.html`,
        `  manifest:            ${url}/manifest.xml and ${url}/manifest.json  (sideload into Outlook, see README)`,
        `  health:              ${url}/healthz`,
      ].join("\n"),
    );
  environment?.activity.start(environment.activityMinutes);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, deadlineSeconds: config.shutdownDeadlineSeconds }, "stopping");
    // Whatever happens (a database that does not answer), the process is gone by the deadline; leases it could not
    // release run out by themselves.
    setTimeout(() => process.exit(0), config.shutdownDeadlineSeconds * 1000).unref();
    // Syncs get the deadline less a margin for releasing leases and closing the store.
    await server.close(Math.max(500, config.shutdownDeadlineSeconds * 1000 - 2000));
    await stopDemo?.();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

/** Runs this same script again with the development CA trusted, passing signals and the exit code through. */
function reexecTrusting(caFile: string): void {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/** Binds the port now (0 = any free one) and keeps the socket listening for the server to take over. */
async function bindPort(port: number, host: string): Promise<Server> {
  const socket = createServer();
  await new Promise<void>((done, fail) => {
    socket.once("error", fail);
    socket.listen(port, host, () => done());
  });
  return socket;
}
