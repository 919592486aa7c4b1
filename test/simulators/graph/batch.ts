/**
 * POST /$batch (json-batching.md): at most 20 requests with unique ids; `dependsOn` orders them and a failed
 * dependency answers 424; the outer answer is 200 whatever the inner statuses (429s inside carry their own
 * Retry-After header). Graph runs at most 4 Outlook requests of a batch at once; independent requests finish in any
 * order, and the responses are listed in the order they finished (clients must match by id).
 */
import type { GraphCaller } from "./auth";
import type { GraphRequest } from "./context";
import type { GraphDeps } from "./dispatch";
import { dispatch } from "./dispatch";
import { GraphError, errorReply, type GraphReply } from "./errors";

const MAX_REQUESTS = 20;
const PARALLEL = 4;

interface Step {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly dependsOn: readonly string[];
}

interface InnerResponse {
  readonly id: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

export async function handleBatch(deps: GraphDeps, caller: GraphCaller, payload: unknown): Promise<GraphReply> {
  const steps = parseSteps(payload);
  const finished: InnerResponse[] = [];
  const outcome = new Map<string, Promise<number>>();
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    while (running >= PARALLEL) await new Promise<void>((r) => waiting.push(r));
    running++;
  };
  const free = () => {
    running--;
    waiting.shift()?.();
  };
  for (const step of steps) {
    outcome.set(
      step.id,
      (async () => {
        const statuses = await Promise.all(step.dependsOn.map((d) => outcome.get(d) as Promise<number>));
        let reply: GraphReply;
        if (statuses.some((s) => s >= 400)) {
          reply = errorReply(new GraphError(424, "FailedDependency", "The request depends on a request that failed."), deps.now(), undefined);
        } else {
          await slot();
          try {
            reply = await dispatch(deps, caller, toRequest(step), "batch");
          } finally {
            free();
          }
        }
        // Inner headers as the 2025 json-batching sample shows them for Outlook and directory answers.
        const headers = { "Cache-Control": "no-cache", ...(reply.status < 300 && reply.body !== undefined ? { "OData-Version": "4.0" } : {}), ...reply.headers };
        finished.push({ id: step.id, status: reply.status, headers, ...(reply.body === undefined ? {} : { body: reply.body }) });
        return reply.status;
      })(),
    );
  }
  await Promise.all(outcome.values());
  return { status: 200, headers: { "Content-Type": "application/json" }, body: { responses: finished } };
}

function parseSteps(payload: unknown): Step[] {
  const bad = (message: string) => new GraphError(400, "BadRequest", message);
  if (!payload || typeof payload !== "object" || !Array.isArray((payload as { requests?: unknown }).requests)) throw bad("Invalid batch payload format: expected {\"requests\": [...]}.");
  const raw = (payload as { requests: unknown[] }).requests;
  if (raw.length === 0) throw bad("The batch has no requests.");
  if (raw.length > MAX_REQUESTS) throw bad(`The number of batch requests exceeds the allowed limit of ${MAX_REQUESTS}.`);
  const ids = new Set<string>();
  const steps: Step[] = [];
  for (const [i, r] of raw.entries()) {
    if (!r || typeof r !== "object") throw bad(`Request ${i + 1} of the batch is not an object.`);
    const o = r as Record<string, unknown>;
    if (typeof o.id !== "string" || o.id === "") throw bad(`Request ${i + 1} of the batch needs a string "id".`);
    if (ids.has(o.id)) throw bad(`Batch request ids must be unique; '${o.id}' is used twice.`);
    if (typeof o.method !== "string" || typeof o.url !== "string") throw bad(`Request '${o.id}' needs "method" and "url".`);
    const dependsOn = o.dependsOn === undefined ? [] : o.dependsOn;
    if (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== "string" || !ids.has(d))) {
      throw bad(`Request '${o.id}' has a dependsOn naming a request that is not earlier in the batch.`);
    }
    const headers = Object.fromEntries(Object.entries((o.headers as Record<string, unknown>) ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    ids.add(o.id);
    steps.push({ id: o.id, method: o.method, url: o.url, headers, body: o.body, dependsOn: dependsOn as string[] });
  }
  return steps;
}

/** Batch urls are relative to the version root: "/me/messages" or "users?$select=…". */
function toRequest(step: Step): GraphRequest {
  const [path, query] = splitUrl(step.url);
  return { method: step.method, path, query: new URLSearchParams(query), headers: step.headers, body: step.body };
}

function splitUrl(url: string): [string, string] {
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  return [path.startsWith("/") ? path : `/${path}`, q < 0 ? "" : url.slice(q + 1)];
}
