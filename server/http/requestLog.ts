import type { RequestHandler } from "express";
import type { Logger } from "../logger";

/**
 * One log line per request. Only the path is logged, never the query string: OAuth callbacks carry codes and state there.
 * The path is the one the client asked for (originalUrl): inside a router mounted at /api, `req.path` has lost the prefix.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const path = req.originalUrl.split("?")[0] ?? "/";
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "debug";
      logger[level]({ method: req.method, path, status: res.statusCode, ms: Math.round(ms) }, "request");
    });
    next();
  };
}
