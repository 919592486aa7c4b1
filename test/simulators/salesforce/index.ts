/**
 * A Salesforce REST API simulator for tests and benchmarks: one HTTPS server that is both the login host
 * (`/services/oauth2/*`, identity URLs) and the instance (`/services/data/vXX.X/*`), plus a control API (in process and
 * under `/_control`). It starts with one org (administrator user included) and one connected app.
 */
import express from "express";
import { SimulatedClock } from "../shared/clock";
import { listen } from "../shared/listen";
import type { ConnectedAppCredentials, ConnectedAppInput, CreateOrgInput, OrgSummary, SalesforceControl } from "./control";
import { createControl } from "./control";
import { controlRouter } from "./controlHttp";
import { oauthRouter } from "./oauth/routes";
import { dataRouter } from "./rest/router";
import { SimulatorState } from "./state";

/** Salesforce's limit on a request URI (help.salesforce.com 000386264). */
export const MAX_URI_BYTES = 16_384;

export interface SalesforceSimulatorOptions {
  /** 0 or omitted: any free port. */
  readonly port?: number;
  /** Share one clock between simulators to move time for all of them. */
  readonly clock?: SimulatedClock;
  /** How to make the org the simulator starts with. */
  readonly defaultOrg?: CreateOrgInput;
  /** How to make the connected app it starts with (default: self-authorizing, client credentials as the admin). */
  readonly defaultApp?: ConnectedAppInput;
}

export interface SalesforceSimulator {
  /** Login host and instance URL, e.g. `https://localhost:4321` (no trailing slash). */
  readonly url: string;
  readonly clock: SimulatedClock;
  readonly control: SalesforceControl;
  readonly defaultOrg: OrgSummary;
  readonly defaultApp: ConnectedAppCredentials;
  close(): Promise<void>;
}

export async function startSalesforceSimulator(options: SalesforceSimulatorOptions = {}): Promise<SalesforceSimulator> {
  const clock = options.clock ?? new SimulatedClock();
  const state = new SimulatorState(clock);
  const control = createControl(state);

  const app = express();
  app.disable("x-powered-by");
  // help.salesforce.com 000386264: "If the URI itself exceeds this limit [16,384 bytes], the request returns a 414 URI
  // Too Long error." The server below accepts longer request lines so that this answer, not Node's 431, is what a
  // client sees.
  app.use((req, res, next) => {
    if (Buffer.byteLength(req.originalUrl) <= MAX_URI_BYTES) return next();
    res.status(414).type("text/html").send("<html><body><h1>414 URI Too Long</h1></body></html>");
  });
  app.use("/_control", controlRouter(state, control));
  app.use(oauthRouter(state));
  app.use(dataRouter(state));
  app.use((_req, res) => {
    res.status(404).setHeader("Content-Type", "application/json;charset=UTF-8");
    res.end(JSON.stringify([{ message: "The requested resource does not exist", errorCode: "NOT_FOUND" }]));
  });

  const server = await listen(app, { port: options.port ?? 0, maxHeaderSize: 4 * MAX_URI_BYTES });
  state.url = server.url;

  const defaultOrg = control.createOrg(options.defaultOrg ?? { name: "Simulated Org" });
  const defaultApp = control.registerConnectedApp({
    name: "Mail Sync",
    callbackUrls: [`${server.url}/_callback`],
    clientCredentialsUsername: defaultOrg.admin.username,
    ...options.defaultApp,
  });

  return { url: server.url, clock, control, defaultOrg, defaultApp, close: () => server.close() };
}

export type { SalesforceControl, OrgSummary, ConnectedAppCredentials } from "./control";
export type { ActivitiesView, ActivityView, RelationView } from "./readback";
export type { SeedResult, SeededPerson } from "./seed";
export type { CallCounts, CallKind } from "./calls";
export type { ErrorCode } from "./errors";
