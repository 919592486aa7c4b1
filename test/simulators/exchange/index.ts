/**
 * Exchange simulator: EWS SOAP at {url}/EWS/Exchange.asmx and Autodiscover (SOAP .svc, POX .xml, and the unauthenticated
 * probe), for Exchange Online (OAuth bearer, app-only impersonation) or Exchange Server 2019 on-premises (Basic/NTLM,
 * ApplicationImpersonation). Tests drive it through `control` (or the same operations at {url}/_control/...).
 */
import { randomUUID } from "node:crypto";
import type { RequestListener } from "node:http";
import { deflateSync, gzipSync } from "node:zlib";
import express from "express";
import type { Request, Response } from "express";
import { SimulatedClock } from "../shared/clock";
import { listen } from "../shared/listen";
import { readBody } from "../shared/readBody";
import type { Authenticator } from "./auth/authenticate";
import { bearerAuthenticator, windowsAuthenticator } from "./auth/authenticate";
import type { BearerTrust } from "./auth/bearer";
import { BearerVerifier } from "./auth/bearer";
import type { AnchorMailboxPolicy } from "./auth/impersonation";
import { NtlmAuthenticator } from "./auth/ntlm";
import { handleAutodiscoverGet } from "./autodiscover/probe";
import { handlePoxAutodiscover } from "./autodiscover/pox";
import { AutodiscoverRedirects } from "./autodiscover/redirects";
import { MailboxMigrations } from "./migration/migrations";
import type { AutodiscoverDeps } from "./autodiscover/soap";
import { handleSoapAutodiscover } from "./autodiscover/soap";
import type { LatencySettings } from "./control";
import { ExchangeControl } from "./control";
import { controlRouter } from "./controlRoutes";
import type { EwsReply } from "./ews/pipeline";
import { handleEws, rejectionReply } from "./ews/pipeline";
import { FaultInjector } from "./faults/injector";
import { MailboxStore } from "./store/mailboxStore";
import { SyncStateCodec } from "./store/syncState";
import type { ConcurrencyLimits } from "./throttle/concurrency";
import { ConcurrencyLimiter, EXO_LIMITS } from "./throttle/concurrency";
import type { SimulatorMode } from "./versions";
import type { GraphFace } from "../graph";
import { createGraphFace, graphPath } from "../graph";
import { serverVersionFor } from "./versions";

export { ExchangeControl, ControlError } from "./control";
export type { MailboxInfo, ItemRef } from "./control";
export type { GroundTruthItem } from "./groundTruth";
export type { BearerTrust } from "./auth/bearer";
export type { InjectedFault } from "./faults/injector";
export type { GraphControl, GraphCounterView, GraphFault, GraphOperation } from "../graph";

interface CommonOptions {
  /** 0 / undefined: a free port. */
  readonly port?: number;
  /** Exchange Online is HTTPS; on-premises Exchange may be plain HTTP. Default https. */
  readonly protocol?: "https" | "http";
  /** Shared simulated time (token expiry, item timestamps). */
  readonly clock?: SimulatedClock;
  /** EWSMaxConcurrency / ConcurrentSyncCalls; default 27 / 5 as in Exchange Online. */
  readonly throttling?: Partial<ConcurrencyLimits>;
  /** Added to every EWS call, in milliseconds (benchmarks use ~20). */
  readonly latencyMs?: number;
  /** Key for sync-state MACs; states from a simulator with another secret are refused. */
  readonly syncStateSecret?: string;
}

export type ExchangeSimulatorOptions = CommonOptions &
  (
    | {
        readonly mode: "online";
        /** Which tokens to trust (normally the Entra simulator's JWKS). */
        readonly trust: BearerTrust;
        /** "require" (default): app-only calls must send X-AnchorMailbox naming the impersonated mailbox, else 503. */
        readonly anchorMailbox?: AnchorMailboxPolicy;
      }
    | {
        readonly mode: "onprem";
        /** Offer NTLM besides Basic (default true). */
        readonly ntlm?: boolean;
        /** NetBIOS domain announced in NTLM challenges (default CONTOSO). */
        readonly netbiosDomain?: string;
      }
  );

export interface ExchangeSimulator {
  /** e.g. https://localhost:PORT (no trailing slash). */
  readonly url: string;
  /** `${url}/EWS/Exchange.asmx` */
  readonly ewsUrl: string;
  /** `${url}/autodiscover/autodiscover.svc` */
  readonly autodiscoverUrl: string;
  /** `${url}/v1.0`: the Microsoft Graph face on the same mailboxes (online mode; undefined on-premises). */
  readonly graphUrl: string | undefined;
  readonly mode: SimulatorMode;
  readonly control: ExchangeControl;
  close(): Promise<void>;
}

function send(res: Response, reply: EwsReply, server: string, req?: Request): void {
  res.status(reply.status);
  res.setHeader("request-id", randomUUID());
  res.setHeader("X-BEServer", server);
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value as string | string[]);
  const compressed = req ? compressedBody(req, reply.body) : null;
  if (!compressed) return void res.end(reply.body);
  res.setHeader("Content-Encoding", compressed.encoding);
  res.setHeader("Vary", "Accept-Encoding");
  res.end(compressed.body);
}

/** Exchange Online compresses EWS answers when the client asks (Accept-Encoding), gzip before deflate. */
function compressedBody(req: Request, body: string): { encoding: "gzip" | "deflate"; body: Buffer } | null {
  const accepted = String(req.headers["accept-encoding"] ?? "")
    .split(",")
    .map((e) => e.split(";")[0]?.trim().toLowerCase());
  if (accepted.includes("gzip")) return { encoding: "gzip", body: gzipSync(body) };
  if (accepted.includes("deflate")) return { encoding: "deflate", body: deflateSync(body) };
  return null;
}

export async function startExchangeSimulator(options: ExchangeSimulatorOptions): Promise<ExchangeSimulator> {
  const mode = options.mode;
  const clock = options.clock ?? new SimulatedClock();
  const server = serverVersionFor(mode);
  const store = new MailboxStore(mode, "exchange-simulator");
  const faults = new FaultInjector();
  const limiter = new ConcurrencyLimiter({ ...EXO_LIMITS, ...options.throttling });
  const redirects = new AutodiscoverRedirects();
  const migrations = new MailboxMigrations();
  const latency: LatencySettings = { defaultMs: options.latencyMs ?? 0, perMailbox: new Map() };
  const anchorPolicy = { value: options.mode === "online" ? (options.anchorMailbox ?? "require") : ("ignore" as AnchorMailboxPolicy) };
  const syncStates = new SyncStateCodec(options.syncStateSecret ?? "exchange-simulator-sync-state");
  let baseUrl = "";
  const beServer = mode === "online" ? "SIM0PR11MB0001" : "EXCH01";

  let authenticate: Authenticator;
  if (options.mode === "online") {
    authenticate = bearerAuthenticator(new BearerVerifier(options.trust, clock, store));
  } else {
    const realm = () => new URL(baseUrl).hostname;
    const ntlm = options.ntlm === false ? undefined : new NtlmAuthenticator(store, () => (options.netbiosDomain ?? "CONTOSO").toUpperCase(), realm);
    authenticate = windowsAuthenticator(store, { realm, ntlm });
  }

  const latencyFor = (mailbox: { smtp: string } | undefined) => (mailbox ? latency.perMailbox.get(mailbox.smtp) : undefined) ?? latency.defaultMs;
  const ewsDeps = {
    store,
    server,
    syncStates,
    faults,
    limiter,
    authenticate,
    anchorPolicy: () => anchorPolicy.value,
    latencyFor,
    baseUrl: () => baseUrl,
    now: () => clock.now(),
    migrations,
  };
  const autodiscoverDeps: AutodiscoverDeps = { store, server, mode, authenticate, redirects, baseUrl: () => baseUrl };
  // Exchange Online serves one mailbox over two APIs; the Graph face shares the store, the clock and the latency settings.
  const graph: GraphFace | undefined =
    options.mode === "online"
      ? createGraphFace({ store, trust: options.trust, clock, latencyFor, tokenSecret: `${options.syncStateSecret ?? "exchange-simulator-sync-state"}/graph`, origin: () => baseUrl })
      : undefined;
  const control = new ExchangeControl({ store, faults, limiter, redirects, migrations, latency, clock, anchorPolicy, graph: graph?.control });

  const app = express();
  app.disable("x-powered-by");
  app.use("/_control", controlRouter(control));
  app.post("/EWS/Exchange.asmx", async (req: Request, res: Response) => {
    send(res, await handleEws(req, await readBody(req), ewsDeps), beServer, req);
  });
  // GET carries the NTLM handshake (ews-javascript-api sends Type 1 with GET) and, authenticated, the service page.
  app.get("/EWS/Exchange.asmx", async (req: Request, res: Response) => {
    const auth = await authenticate(req);
    if (!auth.ok) return send(res, rejectionReply(auth.rejection), beServer);
    res.status(200).type("html").send("<html><body>You have created a service.</body></html>");
  });
  app.post("/autodiscover/autodiscover.svc", async (req: Request, res: Response) => {
    send(res, await handleSoapAutodiscover(req, await readBody(req), autodiscoverDeps), beServer);
  });
  app.post("/autodiscover/autodiscover.xml", async (req: Request, res: Response) => {
    send(res, await handlePoxAutodiscover(req, await readBody(req), autodiscoverDeps), beServer);
  });
  app.get("/autodiscover/autodiscover.xml", async (req: Request, res: Response) => {
    send(res, await handleAutodiscoverGet(req, autodiscoverDeps), beServer);
  });

  // Graph requests skip express (see graph/router.ts); everything else goes through the app.
  const handler: RequestListener = graph
    ? (req, res) => {
        const path = graphPath(req.url ?? "/");
        if (path === undefined) void app(req, res);
        else graph.handle(req, res, path);
      }
    : app;
  const listening = await listen(handler, { port: options.port, protocol: options.protocol ?? "https" });
  baseUrl = listening.url;
  return {
    url: listening.url,
    ewsUrl: `${listening.url}/EWS/Exchange.asmx`,
    autodiscoverUrl: `${listening.url}/autodiscover/autodiscover.svc`,
    graphUrl: graph ? `${listening.url}/v1.0` : undefined,
    mode,
    control,
    close: () => listening.close(),
  };
}
