import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { createGunzip, createInflate } from "node:zlib";
import type { Readable } from "node:stream";

/** One HTTP answer from Graph, its body already parsed (null when empty or not JSON). */
export interface GraphHttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

export interface GraphRequest {
  readonly method: "GET" | "POST";
  /** Absolute https URL (a nextLink or deltaLink is used as Graph gave it). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly timeoutMs: number;
}

// One pool of keep-alive connections for every mailbox: an idle cycle of 10,000 mailboxes must not pay a TLS
// handshake per call. Graph is one host, so the pool is the concurrency we allow it.
const agent = new HttpsAgent({ keepAlive: true, maxSockets: 256 });

/**
 * A delta page of 1,000 messages with bodies is a few MB; a runaway answer must not take the process down. Above this
 * the call fails (transient) instead of being buffered.
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

const USER_AGENT = "CrmMailSync/1.0";

/** Connection resets one request may go through before it fails. */
const RESET_RETRIES = 3;

/** Sends one request on the shared keep-alive agent. Network failures reject with the socket's error (its `code` set). */
export function graphHttp(r: GraphRequest): Promise<GraphHttpAnswer> {
  const url = new URL(r.url);
  if (url.protocol !== "https:") return Promise.reject(new Error(`Graph is reached over https only, not ${url.protocol}`));
  const payload = r.body === undefined ? null : Buffer.from(JSON.stringify(r.body), "utf8");
  const attempt = (resetRetries: number): Promise<GraphHttpAnswer> =>
    new Promise<GraphHttpAnswer>((resolve, reject) => {
      const req = httpsRequest(
        {
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port || undefined,
          path: `${url.pathname}${url.search}`,
          method: r.method,
          agent,
          headers: {
            Accept: "application/json",
            "Accept-Encoding": "gzip, deflate",
            "User-Agent": USER_AGENT,
            ...(payload ? { "Content-Type": "application/json", "Content-Length": payload.length } : {}),
            ...r.headers,
          },
        },
        (res) => readAnswer(res).then(resolve, reject),
      );
      const deadline = setTimeout(() => req.destroy(Object.assign(new Error(`timeout of ${r.timeoutMs} ms exceeded`), { code: "ETIMEDOUT" })), r.timeoutMs);
      req.once("close", () => clearTimeout(deadline));
      req.once("error", (err: NodeJS.ErrnoException) => {
        // A connection reset before the answer: most often a kept-alive connection the server closed as we reused
        // it, and the next pooled one may have gone the same way (a busy process serves the server's close late).
        // Every call we make only reads (a $batch of GETs too), so sending it again is safe; a few tries, then the
        // run fails as transient.
        if (resetRetries > 0 && err.code === "ECONNRESET") attempt(resetRetries - 1).then(resolve, reject);
        else reject(err);
      });
      req.end(payload ?? undefined);
    });
  return attempt(RESET_RETRIES);
}

function readAnswer(res: IncomingMessage): Promise<GraphHttpAnswer> {
  return new Promise((resolve, reject) => {
    const encoding = String(res.headers["content-encoding"] ?? "").toLowerCase();
    const stream: Readable = encoding === "gzip" ? res.pipe(createGunzip()) : encoding === "deflate" ? res.pipe(createInflate()) : res;
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_ANSWER_BYTES) {
        res.destroy();
        stream.destroy(Object.assign(new Error(`Graph's answer exceeded ${MAX_ANSWER_BYTES} bytes`), { code: "EANSWERTOOBIG" }));
        return;
      }
      chunks.push(c);
    });
    stream.once("error", reject);
    res.once("error", reject);
    stream.once("end", () => {
      const text = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString("utf8");
      chunks.length = 0;
      let body: unknown = null;
      if (text.length > 0) {
        try {
          body = JSON.parse(text);
        } catch {
          body = null; // an HTML error page from a proxy: the status decides
        }
      }
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
    });
  });
}
