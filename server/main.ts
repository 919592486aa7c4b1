import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Config } from "./config";
import { createHttpApp } from "./http/app";
import type { Logger } from "./logger";
import { openDatabase } from "./store/openDatabase";
import { ensureDevCertificates, loadTlsMaterial } from "./tls/devCertificates";

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Composition root: config -> store -> services -> http (+ jobs). Nothing else wires things together. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const db = await openDatabase(config.storage);
  const tls =
    config.http.tls.kind === "files"
      ? loadTlsMaterial({ certFile: config.http.tls.certFile, keyFile: config.http.tls.keyFile, caFile: "" })
      : await ensureDevCertificates(config.http.tls.dir);
  const app = createHttpApp({ config, db, logger });
  const server = createServer({ cert: tls.cert, key: tls.key }, app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, store: db.kind, demo: config.demo }, "server listening");
  return {
    url: `https://localhost:${port}`,
    port,
    async close() {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
