import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { Config } from "../../server/config";
import { loadConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import type { HostResolver } from "../../server/mailbox/onprem/hostResolver";
import type { RunningServer } from "../../server/main";
import { startServer } from "../../server/main";
import type { StoreKind } from "./databases";
import { createPostgresDatabaseUrl } from "./databases";
import type { ReservedPort } from "./ports";
import { reservePort } from "./ports";

/** The server in this process, on a store of the test's choice, with every log line kept for inspection. */
export interface TestServer {
  readonly server: RunningServer;
  readonly config: Config;
  readonly logs: string[];
  /**
   * Stops the server and starts it again on the same store and keys (a restart); `env` changes settings for this and
   * later restarts, as an operator does who fixes a setting and restarts.
   */
  restart(env?: Record<string, string>): Promise<RunningServer>;
  dispose(): Promise<void>;
}

/**
 * `port`: a port the test reserved because its URL had to be known first (redirect URIs registered in Entra); the
 * server takes the bound socket over. Without one, the server binds any free port and reports it (server.port).
 */
export async function startTestServer(options: { store: StoreKind; port?: ReservedPort; env: Record<string, string>; scheduler?: boolean; resolver?: HostResolver }): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "mailsync-server-"));
  const pgDb = options.store === "postgres" ? await createPostgresDatabaseUrl() : null;
  let settings: Record<string, string> = {
    PORT: String(options.port?.port ?? 0),
    DATA_DIR: dataDir,
    LOG_LEVEL: "debug",
    ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
    ...options.env,
  };
  let config = loadConfig(settings);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger("debug", sink);
  const start = (listenOn: ReservedPort | undefined) => startServer(config, logger, { scheduler: options.scheduler ?? false, resolver: options.resolver, listenOn: listenOn?.socket });
  let server = await start(options.port);
  return {
    get server() {
      return server;
    },
    get config() {
      return config;
    },
    logs,
    async restart(env) {
      await server.close();
      if (env) {
        settings = { ...settings, ...env };
        config = loadConfig(settings);
      }
      // The same URL as before (Entra knows it): the port is bound again the moment the old server let it go.
      server = await start(options.port ? await reservePort(options.port.port) : undefined);
      return server;
    },
    async dispose() {
      await server.close();
      await pgDb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
