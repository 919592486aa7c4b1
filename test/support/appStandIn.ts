import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Stands in for an app that registered a redirect URI: a plain HTTP server on a port the test bound (port 0), which
 * answers every request with the page the test set and remembers the paths and queries it received.
 */
export interface AppStandIn {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** The HTML the next requests get. */
  answer(html: string): void;
  /** Path and query of every request received, oldest first. */
  received(): readonly string[];
  close(): Promise<void>;
}

export async function startAppStandIn(): Promise<AppStandIn> {
  let html = "<h1>App</h1>";
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? "/");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    answer: (next) => (html = next),
    received: () => [...seen],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
