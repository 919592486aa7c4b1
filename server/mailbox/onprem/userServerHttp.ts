import type { IncomingHttpHeaders } from "node:http";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { createGunzip, createInflate } from "node:zlib";
import type { Readable } from "node:stream";
import type { HostResolver } from "./hostResolver";
import type { ServerFence } from "../../net/userServers";
import { addressRefusal, unreachableText } from "../../net/userServers";

export interface UserServerRequest {
  readonly url: string;
  readonly method: "GET" | "POST";
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
  /**
   * Plain http is allowed only for Autodiscover's unauthenticated redirect probe: no Authorization header, no body.
   * Everything else, and everything that carries a credential, goes over TLS.
   */
  readonly plainProbe?: boolean;
}

export interface UserServerAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Why a user-named server could not be used; `message` is safe to show (one text for closed and not-Exchange). */
export class UserServerError extends Error {
  constructor(
    readonly code: "not_https" | "bad_url" | "address_refused" | "unreachable" | "too_large" | "timeout",
    message: string,
  ) {
    super(message);
    this.name = "UserServerError";
  }
}

/** One request to a server a user named. Never follows redirects: the caller validates each one. */
export interface UserServerHttp {
  request(r: UserServerRequest): Promise<UserServerAnswer>;
}

export interface UserServerHttpOptions {
  readonly resolver: HostResolver;
  /** The network rule for servers users name (server/net): internal networks only when the operator opened them. */
  readonly fence: ServerFence;
  /** Trust roots for TLS (public roots plus an internal CA); undefined: Node's defaults. */
  readonly ca?: readonly string[];
  /** Cap on an answer's size, compressed and decompressed. */
  readonly maxBytes: number;
}

export function createUserServerHttp(o: UserServerHttpOptions): UserServerHttp {
  return {
    async request(r) {
      let url: URL;
      try {
        url = new URL(r.url);
      } catch {
        throw new UserServerError("bad_url", `"${r.url}" is not a URL`);
      }
      const secure = url.protocol === "https:";
      const carriesCredential = Object.keys(r.headers ?? {}).some((h) => h.toLowerCase() === "authorization") || r.body !== undefined;
      if (!secure && !(url.protocol === "http:" && r.plainProbe && !carriesCredential)) throw new UserServerError("not_https", `${url.origin} is not https`);
      const host = url.hostname.replace(/^\[|\]$/g, "");
      const port = Number(url.port || (secure ? 443 : 80));
      const addresses = await o.resolver.lookup(host, port);
      if (addresses.length === 0) throw new UserServerError("unreachable", unreachable(url));
      // Every address must pass (a hostile name may list a public and a private one); we connect to the one checked.
      const refused = addresses.map((a) => addressRefusal(a.address, o.fence)).find((r) => r !== null);
      if (refused) throw new UserServerError("address_refused", `${url.host}: ${refused}`);
      const target = addresses[0] as { address: string; port: number };
      return send(o, r, url, secure, host, target);
    },
  };
}

const unreachable = (url: URL) => unreachableText(url.origin);

function send(o: UserServerHttpOptions, r: UserServerRequest, url: URL, secure: boolean, host: string, target: { address: string; port: number }): Promise<UserServerAnswer> {
  return new Promise((resolve, reject) => {
    const body = r.body === undefined ? undefined : Buffer.from(r.body, "utf8");
    const options = {
      host: target.address,
      port: target.port,
      path: `${url.pathname}${url.search}`,
      method: r.method,
      // The checked address is the one we connect to; the name still decides the Host header and the certificate.
      servername: isIpLiteral(host) ? undefined : host,
      ca: o.ca ? [...o.ca] : undefined,
      headers: { Host: url.host, "Accept-Encoding": "gzip, deflate", "User-Agent": "CrmMailSync/1.0", ...(body ? { "Content-Length": String(body.length) } : {}), ...r.headers },
      agent: false as const,
    };
    const req = (secure ? httpsRequest : httpRequest)(options, (res) => {
      const declared = Number(res.headers["content-length"] ?? 0);
      if (declared > o.maxBytes) {
        res.destroy();
        reject(new UserServerError("too_large", `${url.host} answered more than ${o.maxBytes} bytes`));
        return;
      }
      const encoding = String(res.headers["content-encoding"] ?? "").toLowerCase();
      const stream: Readable = encoding === "gzip" ? res.pipe(createGunzip()) : encoding === "deflate" ? res.pipe(createInflate()) : res;
      readCapped(stream, o.maxBytes).then(
        (text) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        (err: unknown) => {
          res.destroy();
          reject(err instanceof UserServerError ? err : new UserServerError("unreachable", unreachable(url)));
        },
      );
    });
    const deadline = setTimeout(() => req.destroy(new UserServerError("timeout", `${url.host} did not answer within ${r.timeoutMs} ms`)), r.timeoutMs);
    req.once("close", () => clearTimeout(deadline));
    req.once("error", (err) => reject(err instanceof UserServerError ? err : new UserServerError("unreachable", unreachable(url))));
    req.end(body);
  });
}

function isIpLiteral(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(":");
}

/** Reads at most `max` bytes (after decompression): a gzip bomb is cut off, not inflated. */
function readCapped(stream: Readable, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) {
        stream.destroy();
        reject(new UserServerError("too_large", `the answer exceeded ${max} bytes`));
        return;
      }
      chunks.push(c);
    });
    stream.once("error", reject);
    stream.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}
