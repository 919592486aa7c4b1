import express, { type NextFunction, type Request, type Response } from "express";
import { errors as joseErrors, type JWTVerifyGetKey } from "jose";
import { SimulatedClock } from "../shared/clock";
import { listen } from "../shared/listen";
import { adminConsentRouter } from "./adminConsentEndpoint";
import { authorizeRouter } from "./authorizeEndpoint";
import type { EntraContext } from "./context";
import { createControl, type EntraControl } from "./control";
import { controlRouter } from "./controlRoutes";
import { Directory } from "./directory";
import { discoveryRouter } from "./discovery";
import { FaultInjector } from "./faults";
import { FlowStore } from "./flows";
import { GrantStore } from "./grantStore";
import { interactiveRouter } from "./interactiveRoutes";
import { IssuedTokenLog } from "./issuedTokens";
import { SigningKeys } from "./keys";
import { logoutRouter } from "./logout";
import { msalAuthorityOptions, type MsalAuthorityOptions } from "./msalOptions";
import { stampRequest } from "./requestStamp";
import { Sequence } from "./sequence";
import { SessionStore } from "./sessions";
import { tokenRouter } from "./tokenEndpoint";
import { defaultLifetimes, TokenMinter } from "./tokens";
import { userInfoRouter } from "./userInfo";
import { verifyAccessTokenWith, type AccessTokenExpectations, type AccessTokenVerification } from "./verifyToken";

/**
 * A local Microsoft Entra ID (identity platform v2.0) for tests and demos: discovery, JWKS, the authorize endpoint
 * with real sign-in and consent pages, the token endpoint (authorization code + PKCE, refresh token, client
 * credentials), admin consent, and a control API (in-process and under /_control) to shape the directory and inject
 * trouble. See README.md in this folder for what is modelled and which behaviours are inferred.
 */

export interface EntraSimulatorOptions {
  /** Default 0: a free port. */
  readonly port?: number;
  /** Share one clock with the other simulators to move time for all of them. */
  readonly clock?: SimulatedClock;
}

export interface EntraSimulator {
  /** https://localhost:PORT, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly clock: SimulatedClock;
  readonly control: EntraControl;
  /** https://localhost:PORT/{tenant GUID or alias}. */
  authority(tenant: string): string;
  /** msal-node auth options that keep MSAL on loopback (authority, knownAuthorities, authorityMetadata, cloudDiscoveryMetadata). */
  msalAuthorityOptions(tenant: string): MsalAuthorityOptions;
  /** JWKS URL for validators in other processes. */
  jwksUri(tenant?: string): string;
  /** Validates an access token this simulator issued, against its keys and (by default) its simulated clock. */
  verifyAccessToken(token: string, expected: AccessTokenExpectations): Promise<AccessTokenVerification>;
  close(): Promise<void>;
}

export async function startEntraSimulator(options: EntraSimulatorOptions = {}): Promise<EntraSimulator> {
  const clock = options.clock ?? new SimulatedClock();
  const keys = await SigningKeys.create();
  const origin = { url: "" };
  const sequence = new Sequence();
  const ctx: EntraContext = {
    directory: new Directory(),
    clock,
    origin,
    keys,
    minter: new TokenMinter(keys, clock, origin, { ...defaultLifetimes }),
    grants: new GrantStore(sequence),
    issued: new IssuedTokenLog(),
    sessions: new SessionStore(sequence),
    flows: new FlowStore(),
    faults: new FaultInjector(),
    sequence,
  };

  const localKeys: JWTVerifyGetKey = (header) => {
    const key = header.kid ? keys.byKid(header.kid) : undefined;
    if (!key) throw new joseErrors.JWKSNoMatchingKey();
    return key.publicKey;
  };
  const verifyAccessToken = (token: string, expected: AccessTokenExpectations) =>
    verifyAccessTokenWith(localKeys, origin.url, token, { ...expected, nowMs: expected.nowMs ?? clock.now() });

  const app = express();
  app.disable("x-powered-by");
  app.use(controlRouter(ctx));
  app.use(discoveryRouter(ctx));
  app.use(authorizeRouter(ctx));
  app.use(interactiveRouter(ctx));
  app.use(tokenRouter(ctx));
  app.use(adminConsentRouter(ctx));
  app.use(logoutRouter(ctx));
  app.use(userInfoRouter(ctx, (token, audience) => verifyAccessToken(token, { audience })));
  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: "not_found", message: `The Entra simulator has no ${req.method} ${req.path}.` });
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const stamp = stampRequest(req, res, clock);
    console.error(`entra simulator: unexpected error on ${req.method} ${req.path}`, err);
    res.status(500).json({ error: "server_error", error_description: `Unexpected simulator error: ${(err as Error).message}\r\nTrace ID: ${stamp.traceId}` });
  });

  const server = await listen(app, { port: options.port });
  origin.url = server.url;
  const control = createControl(ctx);

  return {
    url: server.url,
    port: server.port,
    clock,
    control,
    authority: (tenant) => msalAuthorityOptions(ctx, tenant).authority,
    msalAuthorityOptions: (tenant) => msalAuthorityOptions(ctx, tenant),
    jwksUri: (tenant = "common") => `${server.url}/${tenant}/discovery/v2.0/keys`,
    verifyAccessToken,
    close: () => server.close(),
  };
}

export type { EntraControl } from "./control";
export type { AccessTokenExpectations, AccessTokenVerification, AccessTokenRejection } from "./verifyToken";
export { remoteAccessTokenVerifier } from "./verifyToken";
export type { MsalAuthorityOptions } from "./msalOptions";
export type { IssuedToken, IssuedTokenKind } from "./issuedTokens";
export type { TenantView, UserView, AppView } from "./controlViews";
export { graphAppId, exchangeAppId } from "./wellKnownResources";
export { seedDemoDirectory, type DemoDirectory } from "./demoDirectory";
