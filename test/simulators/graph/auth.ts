/**
 * Graph access tokens: RS256 against the trusted JWKS (the Entra simulator's), a v1 issuer naming the token's tenant
 * exactly (https://sts.windows.net/{tid}/ — see isV1IssuerOf), `aud` Microsoft Graph (URI or app id), a tenant
 * the mailbox store knows, then the grant: delegated `scp` or app-only `roles`. Token failures are 401
 * InvalidAuthenticationToken; a token without the permission a route needs is a 403 decided by the route (permissions.ts).
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from "jose";
import type { JWTPayload } from "jose";
import type { BearerTrust } from "../exchange/auth/bearer";
import type { MailboxStore } from "../exchange/store/mailboxStore";
import type { SimulatedClock } from "../shared/clock";
import { isV1IssuerOf } from "../shared/v1Issuer";
import { graphErrors } from "./errors";

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const AUDIENCES = new Set(["https://graph.microsoft.com", "https://graph.microsoft.com/", GRAPH_APP_ID]);
const CLOCK_SKEW_SECONDS = 300;

export type GraphCaller =
  | { readonly kind: "delegated"; readonly tenantId: string; readonly appId: string; readonly upn: string; readonly oid: string | undefined; readonly scopes: ReadonlySet<string> }
  | { readonly kind: "application"; readonly tenantId: string; readonly appId: string; readonly roles: ReadonlySet<string> };

interface Cached {
  readonly caller: GraphCaller;
  readonly exp: number;
}

export class GraphTokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  /** Thousands of mailboxes polled with one app token should not re-verify RSA per call. */
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly trust: BearerTrust, private readonly clock: SimulatedClock, private readonly store: MailboxStore) {
    this.jwks = createRemoteJWKSet(new URL(trust.jwksUri), { cooldownDuration: 1000 });
  }

  /** Throws GraphError 401 when the token cannot be used at all. */
  async verify(authorization: string | undefined): Promise<GraphCaller> {
    const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    if (!match) throw graphErrors.unauthenticated("Access token is empty.");
    const token = match[1] as string;
    const nowSeconds = this.clock.nowSeconds();
    const cached = this.cache.get(token);
    if (cached && cached.exp + CLOCK_SKEW_SECONDS > nowSeconds) return cached.caller;
    if (cached) throw graphErrors.unauthenticated("Lifetime validation failed, the token is expired.");
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, { algorithms: ["RS256"], currentDate: new Date(this.clock.now()), clockTolerance: CLOCK_SKEW_SECONDS }));
    } catch (err) {
      throw graphErrors.unauthenticated(diagnose(err));
    }
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ""];
    if (!aud.some((a) => AUDIENCES.has(a))) throw graphErrors.unauthenticated("Access token validation failure. Invalid audience.");
    const tid = typeof payload.tid === "string" ? payload.tid : "";
    if (!tid || !isV1IssuerOf(payload.iss, tid, this.trust.issuerPrefix)) throw graphErrors.unauthenticated("Access token validation failure. Invalid issuer.");
    if (!this.store.organization(tid)) throw graphErrors.unauthenticated("Access token validation failure. Invalid tenant.");
    const caller = toCaller(payload, tid);
    if (!caller) throw graphErrors.unauthenticated("Access token validation failure. The token has neither scp nor roles.");
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(token, { caller, exp: payload.exp ?? nowSeconds });
    return caller;
  }
}


function toCaller(payload: JWTPayload, tenantId: string): GraphCaller | undefined {
  const appId = typeof payload.appid === "string" ? payload.appid : typeof payload.azp === "string" ? payload.azp : "";
  if (typeof payload.scp === "string") {
    const upn = [payload.upn, payload.unique_name, payload.preferred_username].find((v): v is string => typeof v === "string");
    if (!upn) return undefined;
    const oid = typeof payload.oid === "string" ? payload.oid : undefined;
    return { kind: "delegated", tenantId, appId, upn: upn.toLowerCase(), oid, scopes: new Set(payload.scp.split(" ").filter(Boolean)) };
  }
  // Entra issues an app-only token without `roles` when nothing was consented; such a caller may do nothing (403 later).
  const roles = Array.isArray(payload.roles) ? (payload.roles as unknown[]).filter((r): r is string => typeof r === "string") : [];
  if (!appId) return undefined;
  return { kind: "application", tenantId, appId, roles: new Set(roles) };
}

function diagnose(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return "Lifetime validation failed, the token is expired.";
  if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === "nbf") return "Lifetime validation failed, the token is not yet valid.";
  if (err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JWKSNoMatchingKey) return "Access token validation failure. Invalid signature.";
  return "IDX14100: JWT is not well formed.";
}
