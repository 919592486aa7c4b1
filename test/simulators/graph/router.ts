/**
 * The Graph face over HTTP, at /v1.0 on the online Exchange simulator's origin: authenticate, then $batch or a single
 * request; every answer carries request-id and client-request-id like Graph's. A plain Node handler in front of the
 * simulator's express app (see graphPath): Graph traffic is the benchmark's hot path, and express's routing layers cost
 * more per request than everything this face does for an idle delta.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GraphTokenVerifier } from "./auth";
import { handleBatch } from "./batch";
import type { GraphRequest } from "./context";
import type { GraphDeps } from "./dispatch";
import { dispatch } from "./dispatch";
import { GraphError, errorReply, type GraphReply } from "./errors";
import { readBody } from "../shared/readBody";

export type GraphHandler = (req: IncomingMessage, res: ServerResponse, path: string) => void;

/**
 * The path below /v1.0 when `url` is Graph's, as express's `app.use("/v1.0")` matched it: the first segment compared
 * case-insensitively, "/" for the version root itself; undefined for any other URL.
 */
export function graphPath(url: string): string | undefined {
  const q = url.indexOf("?");
  const pathname = q < 0 ? url : url.slice(0, q);
  if (pathname.slice(0, 5).toLowerCase() !== "/v1.0") return undefined;
  const rest = pathname.slice(5);
  if (rest !== "" && !rest.startsWith("/")) return undefined;
  return rest || "/";
}

function headersOf(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function send(res: ServerResponse, reply: GraphReply, clientRequestId: string | undefined): void {
  const requestId = randomUUID();
  res.statusCode = reply.status;
  res.setHeader("request-id", requestId);
  res.setHeader("client-request-id", clientRequestId ?? requestId);
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  if (reply.body === undefined) res.end();
  else res.end(JSON.stringify(reply.body));
}

export function graphRouter(deps: GraphDeps, verifier: Pick<GraphTokenVerifier, "verify">): GraphHandler {
  const handle = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    deps.counters.httpRequests++;
    const headers = headersOf(req);
    const clientRequestId = headers["client-request-id"];
    const method = req.method ?? "GET";
    try {
      const caller = await verifier.verify(headers.authorization);
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const request: GraphRequest = {
        method,
        path,
        query: new URLSearchParams(q < 0 ? "" : url.slice(q + 1)),
        headers,
        body: undefined,
      };
      if (request.path === "/$batch") {
        if (method !== "POST") throw new GraphError(405, "BadRequest", "Specified HTTP method is not allowed for the request target.");
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
  };
  return (req, res, path) => {
    handle(req, res, path).catch((err: unknown) => {
      // Only sending itself can fail here (the socket went away); there is nobody left to answer.
      console.error("graph simulator: could not answer", err);
      res.destroy();
    });
  };
}
