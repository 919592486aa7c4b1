import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { Logger } from "../logger";
import type { ServerMetrics } from "../metrics/serverMetrics";
import type { AddressList } from "../net/addressList";
import { metricsRoute } from "./metricsRoute";
import { requestLog } from "./requestLog";

export interface MetricsListener {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * /metrics on a port of its own (METRICS_PORT), in plain HTTP as Prometheus scrapes by default: meant for an internal
 * interface or a port the firewall keeps inside. Nothing else is served there; no proxy is trusted (the socket's
 * address is the client's).
 */
export async function startMetricsListener(o: { host: string; port: number; metrics: ServerMetrics; allow: AddressList; logger: Logger }): Promise<MetricsListener> {
  const app = express();
  app.disable("x-powered-by");
  app.use(requestLog(o.logger));
  app.get("/metrics", metricsRoute(o.metrics, o.allow));
  app.use((_req, res) => {
    res.status(404).json({ error: "not_found", message: "This port serves GET /metrics only." });
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
