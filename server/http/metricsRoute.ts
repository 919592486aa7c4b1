import type { RequestHandler } from "express";
import type { ServerMetrics } from "../metrics/serverMetrics";
import type { AddressList } from "../net/addressList";

/**
 * GET /metrics for clients in the allow list. No token (scrapers carry none), so the address is the gate: the
 * caller's address as Express sees it (behind a proxy on this machine, the forwarded client, so a public request
 * relayed by a local proxy is not mistaken for a local one).
 */
export function metricsRoute(metrics: ServerMetrics, allow: AddressList): RequestHandler {
  return (req, res, next) => {
    if (!allow.allows(req.ip)) {
      res.status(403).json({
        error: "forbidden",
        message: `/metrics is open only to the networks in METRICS_ALLOW (${allow.entries.join(", ")}); ${req.ip ?? "this client"} is not among them.`,
      });
      return;
    }
    metrics.render().then((text) => {
      res.set("Cache-Control", "no-store").type(metrics.contentType).send(text);
    }, next);
  };
}
