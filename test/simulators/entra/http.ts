import type { NextFunction, Request, RequestHandler, Response } from "express";
import { aadsts } from "./aadsts";
import type { EntraContext } from "./context";
import { renderErrorPage } from "./errorPage";
import { tokenErrorBody, type EntraError } from "./errors";
import type { FaultEndpoint } from "./faults";
import { stampRequest } from "./requestStamp";

/** Small HTTP helpers shared by the protocol routes. */

/** A single string parameter from a parsed query or form body (repeated parameters: the first wins). */
export function stringParam(source: unknown, name: string): string | undefined {
  if (!source || typeof source !== "object") return undefined;
  const value = (source as Record<string, unknown>)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first : undefined;
}

/** Headers Entra puts on token-endpoint answers: never cache, and callable from a browser (SPA redemption is CORS). */
export function tokenEndpointHeaders(res: Response): void {
  res.setHeader("Cache-Control", "no-store, no-cache");
  res.setHeader("Pragma", "no-cache");
  res.setHeader("Access-Control-Allow-Origin", "*");
}

export function sendJsonError(ctx: EntraContext, req: Request, res: Response, err: EntraError): void {
  const stamp = stampRequest(req, res, ctx.clock);
  tokenEndpointHeaders(res);
  res.status(err.status).json(tokenErrorBody(err, stamp));
}

export function sendErrorPage(ctx: EntraContext, req: Request, res: Response, err: EntraError): void {
  const stamp = stampRequest(req, res, ctx.clock);
  res.status(err.status >= 500 ? err.status : 400).type("html").send(renderErrorPage(err, stamp));
}

/**
 * Applies injected faults before a route: waits the configured latency (real time: latency is about wall-clock
 * behaviour of clients, not token lifetimes), then answers with the outage if one is active.
 */
export function faultGate(ctx: EntraContext, endpoint: FaultEndpoint, answer: "json" | "html"): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const outcome = ctx.faults.take(endpoint);
    const proceed = () => {
      if (!outcome.outage) return next();
      const err =
        outcome.outage.status === 429 ? aadsts.throttled() : outcome.outage.status === 500 ? aadsts.serverError() : aadsts.temporarilyUnavailable();
      if (outcome.outage.retryAfterSeconds !== undefined) res.setHeader("Retry-After", String(outcome.outage.retryAfterSeconds));
      if (answer === "json") sendJsonError(ctx, req, res, err);
      else sendErrorPage(ctx, req, res, err);
    };
    if (outcome.latencyMs > 0) setTimeout(proceed, outcome.latencyMs);
    else proceed();
  };
}
