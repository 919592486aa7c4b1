/**
 * The Graph face over HTTP, mounted at /v1.0 on the online Exchange simulator's origin: authenticate, then $batch or a
 * single request; every answer carries request-id and client-request-id like Graph's.
 */
import { randomUUID } from "node:crypto";
import express from "express";
import type { Request, Response } from "express";
import type { GraphTokenVerifier } from "./auth";
import { handleBatch } from "./batch";
import type { GraphRequest } from "./context";
import type { GraphDeps } from "./dispatch";
import { dispatch } from "./dispatch";
import { GraphError, errorReply, type GraphReply } from "./errors";

async function readBody(req: Request): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function headersOf(req: Request): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function send(res: Response, reply: GraphReply, clientRequestId: string | undefined): void {
  const requestId = randomUUID();
  res.status(reply.status);
  res.setHeader("request-id", requestId);
  res.setHeader("client-request-id", clientRequestId ?? requestId);
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  if (reply.body === undefined) res.end();
  else res.end(JSON.stringify(reply.body));
}

export function graphRouter(deps: GraphDeps, verifier: Pick<GraphTokenVerifier, "verify">): express.Router {
  const r = express.Router();
  r.use(async (req: Request, res: Response) => {
    deps.counters.httpRequests++;
    const headers = headersOf(req);
    const clientRequestId = headers["client-request-id"];
    try {
      const caller = await verifier.verify(headers.authorization);
      const q = req.originalUrl.indexOf("?");
      const request: GraphRequest = {
        method: req.method,
        path: req.path,
        query: new URLSearchParams(q < 0 ? "" : req.originalUrl.slice(q + 1)),
        headers,
        body: undefined,
      };
      if (request.path === "/$batch") {
        if (req.method !== "POST") throw new GraphError(405, "BadRequest", "Specified HTTP method is not allowed for the request target.");
        deps.counters.batches++;
        let payload: unknown;
        try {
          payload = JSON.parse(await readBody(req));
        } catch {
          throw new GraphError(400, "BadRequest", "Invalid batch payload format: the body is not JSON.");
        }
        return send(res, await handleBatch(deps, caller, payload), clientRequestId);
      }
      send(res, await dispatch(deps, caller, request, "direct"), clientRequestId);
    } catch (err) {
      if (err instanceof GraphError) return send(res, errorReply(err, deps.now(), clientRequestId), clientRequestId);
      send(res, errorReply(new GraphError(500, "generalException", "An unexpected error occurred in the simulator."), deps.now(), clientRequestId), clientRequestId);
      console.error("graph simulator:", err);
    }
  });
  return r;
}
