import type { RequestListener } from "node:http";
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { ensureDevCertificates } from "../../../server/tls/devCertificates";

/** A simulator listening on loopback. `url` has no trailing slash. */
export interface Listening {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** 0 (default) picks a free port, as tests want. */
  port?: number;
  /** Real Exchange on-premises may be plain HTTP; everything Microsoft and Salesforce run in the cloud is HTTPS. */
  protocol?: "https" | "http";
  /** Larger than Node's 16 KiB default, for a simulator that answers over-long requests itself (as its service does). */
  maxHeaderSize?: number;
}

/** Serves a request handler (an express app) on 127.0.0.1 with the development certificate, named by "localhost". */
export async function listen(handler: RequestListener, options: ListenOptions = {}): Promise<Listening> {
  const protocol = options.protocol ?? "https";
  const server =
    protocol === "https"
      ? createHttpsServer({ ...(await tlsOptions()), maxHeaderSize: options.maxHeaderSize }, handler)
      : createHttpServer({ maxHeaderSize: options.maxHeaderSize }, handler);
  // Keep-alive sockets would hold close() open for minutes; simulators are short-lived.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${protocol}://localhost:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

async function tlsOptions() {
  const tls = await ensureDevCertificates();
  return { cert: tls.cert, key: tls.key };
}
