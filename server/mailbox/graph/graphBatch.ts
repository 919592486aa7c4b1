import { retryAfterMs } from "./graphErrors";

/** One GET inside a `$batch`: `url` relative to the version root ("/users/…"), as json-batching.md requires. */
export interface BatchGet {
  readonly id: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface BatchAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** Graph takes at most 20 requests per `$batch` (json-batching.md). */
export const BATCH_LIMIT = 20;

/** Sends one `$batch` POST (through the source's guard, so it counts and waits like any call) and answers its JSON. */
export type PostBatch = (requests: readonly BatchGet[]) => Promise<unknown>;

export interface BatchOptions {
  readonly sleep: (ms: number) => Promise<void>;
  /** Longest total wait for throttled inner requests; what is still throttled then is answered as throttled. */
  readonly maxTotalWaitMs: number;
  /** Counts every inner request sent again after a 429/503/504 (the run history and tests read it). */
  readonly onRetry?: (n: number) => void;
}

const retriable = (status: number) => status === 429 || status === 503 || status === 504;

/**
 * GETs through `$batch`, 20 at a time. A 200 for the batch says nothing about its requests (json-batching.md): each
 * inner 429/503/504 is sent again after the longest Retry-After among them, the others are answered as they came.
 */
export async function batchGets(post: PostBatch, gets: readonly BatchGet[], o: BatchOptions): Promise<Map<string, BatchAnswer>> {
  const answers = new Map<string, BatchAnswer>();
  let pending = [...gets];
  let waited = 0;
  while (pending.length > 0) {
    const throttled: BatchGet[] = [];
    let wait = 0;
    for (let i = 0; i < pending.length; i += BATCH_LIMIT) {
      const chunk = pending.slice(i, i + BATCH_LIMIT);
      const byId = new Map(chunk.map((g) => [g.id, g]));
      const body = (await post(chunk)) as { responses?: { id?: unknown; status?: unknown; headers?: Record<string, string>; body?: unknown }[] } | null;
      for (const r of body?.responses ?? []) {
        const get = byId.get(String(r.id));
        if (!get) continue;
        byId.delete(get.id);
        const answer: BatchAnswer = { status: Number(r.status), headers: r.headers ?? {}, body: r.body ?? null };
        if (retriable(answer.status)) {
          throttled.push(get);
          wait = Math.max(wait, retryAfterMs(answer.headers) ?? 2_000);
        }
        answers.set(get.id, answer);
      }
      // A request the answer left out is treated as throttled: asked again, never silently lost.
      for (const missing of byId.values()) throttled.push(missing);
    }
    if (throttled.length === 0 || waited + wait > o.maxTotalWaitMs) break;
    await o.sleep(wait);
    waited += wait;
    o.onRetry?.(throttled.length);
    pending = throttled;
  }
  return answers;
}
