import type { Request, Response } from "express";
import type { SimulatedClock } from "../shared/clock";
import type { RequestStamp } from "./errors";
import { isGuid, newGuid } from "./ids";

const stamps = new WeakMap<Request, RequestStamp>();

/**
 * Trace and correlation ids of a request. Entra adopts the client's `client-request-id` header (MSAL sends one) as the
 * correlation id and echoes it, and returns its own trace id as `x-ms-request-id`; error bodies quote both.
 */
export function stampRequest(req: Request, res: Response, clock: SimulatedClock): RequestStamp {
  const known = stamps.get(req);
  if (known) return known;
  const clientRequestId = req.get("client-request-id");
  const stamp: RequestStamp = {
    traceId: newGuid(),
    correlationId: clientRequestId && isGuid(clientRequestId) ? clientRequestId.toLowerCase() : newGuid(),
    nowMs: clock.now(),
  };
  stamps.set(req, stamp);
  res.setHeader("x-ms-request-id", stamp.traceId);
  res.setHeader("client-request-id", stamp.correlationId);
  return stamp;
}
