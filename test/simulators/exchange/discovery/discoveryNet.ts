/**
 * A company's network as Autodiscover sees it: several named hosts (contoso.test, autodiscover.contoso.test,
 * mail.contoso.test...), each answering as the test sets it (serve Autodiscover, redirect, fail), an SRV zone, and a
 * resolver the server under test is given instead of the system's DNS. Every name maps to one https and one http
 * listener on loopback that dispatch on the Host header; the certificate names every host and is signed by a CA made
 * for this net (the server trusts it as an operator would trust an internal CA: ONPREM_TRUSTED_CA_FILE).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Server } from "node:net";
import { gzipSync } from "node:zlib";
import { createCA, createCert } from "mkcert";
import type { HostResolver, SocketAddress, SrvRecord } from "../../../../server/mailbox/onprem/hostResolver";

/** How one host answers any request for /autodiscover/autodiscover.xml. */
export type HostBehaviour =
  /** Pass the request to an Exchange simulator's Autodiscover (its EWS URL is the simulator's own). */
  | { readonly kind: "autodiscover"; readonly simulatorUrl: string }
  /** Answer with a redirect (302 by default) to `location`: the plain-http probe's normal answer, or a bad one. */
  | { readonly kind: "redirect"; readonly location: string; readonly status?: 301 | 302 }
  /** POX redirectUrl / redirectAddr answers (200), good or bad. */
  | { readonly kind: "pox_redirect_url"; readonly url: string }
  | { readonly kind: "status"; readonly status: number }
  /** Accepts the request and never answers (a firewall that drops, an overloaded server). */
  | { readonly kind: "hang" }
  /** A small gzip body that inflates to 64 MiB of zeros. */
  | { readonly kind: "gzip_bomb" };

export interface DiscoveryNet {
  readonly resolver: HostResolver;
  /** The PEM of the CA that signed every host's certificate. */
  readonly caPem: string;
  /** Sets (or with null, removes: the name then does not resolve) how a host answers, per scheme. */
  setHost(name: string, scheme: "https" | "http", behaviour: HostBehaviour | null): void;
  setSrv(name: string, records: readonly SrvRecord[]): void;
  /** Requests each host received, e.g. { "https://autodiscover.contoso.test": 2 }. */
  calls(): Readonly<Record<string, number>>;
  totalCalls(): number;
  resetCalls(): void;
  /** The https port every name answers on (an SRV record pointing at the net uses it). */
  readonly httpsPort: number;
  close(): Promise<void>;
}

export async function startDiscoveryNet(names: readonly string[]): Promise<DiscoveryNet> {
  const ca = await createCA({ organization: "Discovery net test CA", countryCode: "US", state: "WA", locality: "Redmond", validity: 2 });
  const leaf = await createCert({ domains: [...names], validity: 2, ca });
  const hosts = new Map<string, HostBehaviour>();
  const srv = new Map<string, readonly SrvRecord[]>();
  const counts = new Map<string, number>();

  const handler = (scheme: "https" | "http") => async (req: IncomingMessage, res: ServerResponse) => {
    const name = String(req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
    const key = `${scheme}://${name}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const b = hosts.get(key);
    if (!b || !/^\/autodiscover\/autodiscover\.xml$/i.test(req.url ?? "")) {
      res.writeHead(404).end();
      return;
    }
    switch (b.kind) {
      case "status":
        res.writeHead(b.status).end();
        return;
      case "hang":
        return;
      case "gzip_bomb":
        res.writeHead(200, { "Content-Type": "text/xml", "Content-Encoding": "gzip" }).end(bomb());
        return;
      case "redirect":
        res.writeHead(b.status ?? 302, { Location: b.location }).end();
        return;
      case "pox_redirect_url":
        res.writeHead(200, { "Content-Type": "text/xml; charset=utf-8" }).end(poxRedirectUrl(b.url));
        return;
      case "autodiscover": {
        const forwarded = await fetch(`${b.simulatorUrl}/autodiscover/autodiscover.xml`, {
          method: req.method,
          headers: { ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), "content-type": "text/xml; charset=utf-8" },
          body: req.method === "POST" ? Buffer.concat(chunks) : undefined,
        });
        const headers: Record<string, string> = { "Content-Type": forwarded.headers.get("content-type") ?? "text/xml" };
        const challenge = forwarded.headers.get("www-authenticate");
        if (challenge) headers["WWW-Authenticate"] = challenge;
        res.writeHead(forwarded.status, headers).end(Buffer.from(await forwarded.arrayBuffer()));
        return;
      }
    }
  };
  const https = createHttpsServer({ key: leaf.key, cert: leaf.cert }, (req, res) => void handler("https")(req, res));
  const http = createHttpServer((req, res) => void handler("http")(req, res));
  const listenOn = (s: Server) => new Promise<number>((resolve, reject) => {
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => resolve((s.address() as AddressInfo).port));
  });
  const httpsPort = await listenOn(https);
  const httpPort = await listenOn(http);

  const resolver: HostResolver = {
    async lookup(host: string, port: number): Promise<SocketAddress[]> {
      const name = host.toLowerCase();
      if (name === "localhost" || name === "127.0.0.1") return [{ address: "127.0.0.1", port }];
      if (port === 443 && hosts.has(`https://${name}`)) return [{ address: "127.0.0.1", port: httpsPort }];
      if (port === 80 && hosts.has(`http://${name}`)) return [{ address: "127.0.0.1", port: httpPort }];
      if (port === httpsPort && names.includes(name)) return [{ address: "127.0.0.1", port: httpsPort }];
      return [];
    },
    async resolveSrv(name: string) {
      return [...(srv.get(name.toLowerCase()) ?? [])];
    },
  };
  return {
    resolver,
    caPem: ca.cert,
    httpsPort,
    setHost(name, scheme, behaviour) {
      const key = `${scheme}://${name.toLowerCase()}`;
      if (behaviour) hosts.set(key, behaviour);
      else hosts.delete(key);
    },
    setSrv(name, records) {
      srv.set(name.toLowerCase(), records);
    },
    calls: () => Object.fromEntries(counts),
    totalCalls: () => [...counts.values()].reduce((a, b) => a + b, 0),
    resetCalls: () => counts.clear(),
    async close() {
      for (const s of [https, http]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
}

function poxRedirectUrl(url: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">` +
    `<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"><Account>` +
    `<Action>redirectUrl</Action><RedirectUrl>${url.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</RedirectUrl></Account></Response></Autodiscover>`
  );
}

let bombBytes: Buffer | undefined;
const bomb = () => (bombBytes ??= gzipSync(Buffer.alloc(64 * 1024 * 1024)));
