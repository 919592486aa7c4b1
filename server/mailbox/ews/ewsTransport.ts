import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { XhrApi } from "@ewsjs/xhr";
import { AnswerTooLargeError, answerCaps, decodeCapped } from "../../net/answerCaps";
import type { ServerFence } from "../../net/userServers";
import { checkServerUrl, fencedLookup } from "../../net/userServers";

/** How a provider authenticates to EWS. */
export type EwsAuth =
  | { readonly kind: "bearer"; readonly accessToken: string }
  | { readonly kind: "basic"; readonly username: string; readonly password: string }
  | { readonly kind: "ntlm"; readonly username: string; readonly password: string };

/** Whatever came back over HTTP; what it means is decided by the reader (ewsAnswer.ts). */
export interface EwsHttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Posts one SOAP request. Network failures and timeouts reject with the socket's error (its `code` set). */
export interface EwsTransport {
  post(soap: string): Promise<EwsHttpAnswer>;
}

export interface TransportOptions {
  readonly url: string;
  readonly auth: EwsAuth;
  /** Extra request headers (X-AnchorMailbox). */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /**
   * Set when a user or admin named the server (a service account's EWS URL): the network rule applies to every
   * connection. Unset for the operator's configured endpoint.
   */
  readonly fence?: ServerFence;
}

// One pool of keep-alive connections for every mailbox: 30,000 calls an idle cycle must not each pay a TLS handshake.
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256 });
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 256 });

const USER_AGENT = "CrmMailSync/1.0";

export function createTransport(o: TransportOptions): EwsTransport {
  const transport = o.auth.kind === "ntlm" ? ntlmTransport(o, o.auth) : directTransport(o);
  const fence = o.fence;
  if (!fence) return transport;
  // The form is checked before anything is sent (an IP literal never goes through a DNS lookup the fence could see).
  return {
    post: async (soap) => {
      checkServerUrl(o.url, "ewsUrl", fence);
      return transport.post(soap);
    },
  };
}

/**
 * Bearer and Basic: a plain POST on the shared keep-alive agents, the body written in one piece, a deadline for the
 * whole exchange (not just for socket silence).
 */
function directTransport(o: TransportOptions): EwsTransport {
  const url = new URL(o.url);
  const secure = url.protocol === "https:";
  const authorization =
    o.auth.kind === "bearer" ? `Bearer ${o.auth.accessToken}` : `Basic ${Buffer.from(`${o.auth.username}:${o.auth.password}`).toString("base64")}`;
  const base = {
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    method: "POST",
    agent: secure ? httpsAgent : httpAgent,
    ...(o.fence ? { lookup: fencedLookup(o.fence) } : {}),
  };
  const send = secure ? httpsRequest : httpRequest;
  const attempt = (body: Buffer, mayRetry: boolean): Promise<EwsHttpAnswer> =>
    new Promise<EwsHttpAnswer>((resolve, reject) => {
      const req = send(
        {
          ...base,
          headers: {
            "Content-Type": "text/xml; charset=utf-8",
            Accept: "text/xml",
            "Accept-Encoding": "gzip, deflate",
            "User-Agent": USER_AGENT,
            Authorization: authorization,
            "Content-Length": body.length,
            ...o.headers,
          },
        },
        (res) => readAnswer(res).then(resolve, reject),
      );
      const deadline = setTimeout(() => req.destroy(Object.assign(new Error(`timeout of ${o.timeoutMs} ms exceeded`), { code: "ETIMEDOUT" })), o.timeoutMs);
      req.once("close", () => clearTimeout(deadline));
      req.once("error", (err: NodeJS.ErrnoException) => {
        // A kept-alive connection the server closed just as we reused it: the request never arrived; send it again
        // once, on a fresh connection (both operations only read).
        if (mayRetry && req.reusedSocket && err.code === "ECONNRESET") attempt(body, false).then(resolve, reject);
        else reject(err);
      });
      req.end(body);
    });
  return { post: (soap) => attempt(Buffer.from(soap, "utf8"), true) };
}

function readAnswer(res: IncomingMessage): Promise<EwsHttpAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (c: Buffer) => {
      size += c.length;
      if (size > answerCaps.maxBytes) res.destroy(new AnswerTooLargeError(answerCaps.maxBytes, "as sent"));
      else chunks.push(c);
    });
    res.once("error", reject);
    res.once("end", () => {
      try {
        const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
        const bytes = decodeCapped(raw, String(res.headers["content-encoding"] ?? ""));
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString("utf8") });
      } catch (err) {
        reject(err);
      }
    });
  });
}

/** The XMLHttpRequest-like shape @ewsjs/xhr answers (and rejects) with. */
interface XhrLike {
  status?: number;
  response?: unknown;
  responseText?: unknown;
  headers?: IncomingHttpHeaders;
  message?: string;
  code?: string;
}

/**
 * NTLM (on-premises Exchange): the handshake is per connection, which @ewsjs/xhr implements; it answers non-200
 * statuses by rejecting, which we turn back into answers.
 */
function ntlmTransport(o: TransportOptions, auth: { username: string; password: string }): EwsTransport {
  // Loaded on first use: only on-premises NTLM needs it, and with axios it costs about 30 MB of memory.
  let client: Promise<XhrApi> | null = null;
  const connect = () =>
    (client ??= import("@ewsjs/xhr").then(({ XhrApi: Xhr }) => new Xhr({ timeout: o.timeoutMs, httpsAgent, httpAgent, ...cappedAxiosOptions(o.fence) }).useNtlmAuthentication(auth.username, auth.password)));
  const toAnswer = (r: XhrLike): EwsHttpAnswer => ({ status: r.status ?? 0, headers: r.headers ?? {}, body: String(r.responseText ?? r.response ?? "") });
  return {
    async post(soap) {
      const xhr = await connect();
      try {
        const r = (await xhr.xhr({
          type: "POST",
          url: o.url,
          data: soap,
          headers: { "Content-Type": "text/xml; charset=utf-8", Accept: "text/xml", "User-Agent": USER_AGENT, ...o.headers },
        })) as unknown as XhrLike;
        return toAnswer(r);
      } catch (err) {
        const r = err as XhrLike;
        if (typeof r?.status === "number" && r.status > 0) return toAnswer(r);
        throw Object.assign(new Error(r?.message ?? String(err)), { code: r?.code });
      }
    },
  };
}

/**
 * Options @ewsjs/xhr hands to axios on every request (its NTLM handshake swaps the agents but keeps these): the answer
 * cap, counted by axios after decompression, and the fenced DNS lookup for a server a user named.
 */
export function cappedAxiosOptions(fence: ServerFence | undefined): Record<string, unknown> {
  return { maxContentLength: answerCaps.maxDecodedBytes, maxBodyLength: answerCaps.maxBytes, ...(fence ? { lookup: fencedLookup(fence) } : {}) };
}
