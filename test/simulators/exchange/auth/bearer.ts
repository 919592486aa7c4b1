/**
 * Exchange Online bearer tokens (v1 shape for resource https://outlook.office365.com): RS256 signature checked against
 * the trusted JWKS, audience, issuer, lifetime, tenant, then the grant — `scp` containing EWS.AccessAsUser.All makes a
 * delegated caller, `roles` containing full_access_as_app an application caller. Any failure is a 401 challenge.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from "jose";
import type { JWTPayload } from "jose";
import type { SimulatedClock } from "../../shared/clock";
import { isV1IssuerOf } from "../../shared/v1Issuer";
import type { MailboxStore } from "../store/mailboxStore";
import type { HttpRejection } from "./challenge";
import { bearerChallenge } from "./challenge";
import type { Caller } from "./identity";

export interface BearerTrust {
  readonly jwksUri: string;
  /** When set, `iss` must be exactly `${issuerPrefix}${tid}/` (Entra v1 issuers are https://sts.windows.net/{tid}/); see isV1IssuerOf. */
  readonly issuerPrefix?: string;
}

export const EXCHANGE_APP_ID = "00000002-0000-0ff1-ce00-000000000000";
const AUDIENCES = new Set(["https://outlook.office365.com", "https://outlook.office365.com/", "https://outlook.office.com", "https://outlook.office.com/", EXCHANGE_APP_ID]);
const DELEGATED_SCOPE = "EWS.AccessAsUser.All";
const APP_ROLE = "full_access_as_app";
/** Exchange tolerates five minutes of clock skew on nbf/exp. */
const CLOCK_SKEW_SECONDS = 300;

export type BearerOutcome = { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly rejection: HttpRejection };

interface Cached {
  readonly caller: Caller;
  readonly exp: number;
}

export class BearerVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  /** Verified tokens, so thousands of mailboxes polled with the same app token do not re-verify RSA each call. */
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly trust: BearerTrust, private readonly clock: SimulatedClock, private readonly store: MailboxStore) {
    this.jwks = createRemoteJWKSet(new URL(trust.jwksUri), { cooldownDuration: 1000 });
  }

  async verify(authorization: string | undefined): Promise<BearerOutcome> {
    const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    if (!match) return { ok: false, rejection: bearerChallenge() };
    const token = match[1] as string;
    const nowSeconds = this.clock.nowSeconds();
    const cached = this.cache.get(token);
    if (cached && cached.exp + CLOCK_SKEW_SECONDS > nowSeconds) return this.admit(cached.caller);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        algorithms: ["RS256"],
        currentDate: new Date(this.clock.now()),
        clockTolerance: CLOCK_SKEW_SECONDS,
      }));
    } catch (err) {
      return { ok: false, rejection: bearerChallenge(diagnose(err)) };
    }
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ""];
    if (!aud.some((a) => AUDIENCES.has(a))) {
      return reject(2000003, `The audience claim value is invalid '${aud.join(",")}'.`, "invalid_resource");
    }
    const tid = typeof payload.tid === "string" ? payload.tid : "";
    const iss = payload.iss ?? "";
    if (tid && !isV1IssuerOf(iss, tid, this.trust.issuerPrefix)) {
      return reject(2000002, `The issuer claim value is invalid '${iss}'.`, "invalid_issuer");
    }
    if (!tid || !this.store.organization(tid)) {
      return reject(2000004, `The tenant for tenant guid '${tid}' does not exist.`, "invalid_tenant");
    }
    const caller = toCaller(payload, tid);
    if (!caller) {
      // Not verified against EXO: the wording and code for a token without the EWS scope/role are this simulator's.
      return reject(2000005, "The token does not grant EWS access (scp EWS.AccessAsUser.All or role full_access_as_app).", "insufficient_claims");
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(token, { caller, exp: payload.exp ?? nowSeconds });
    return this.admit(caller);
  }

  private admit(caller: Caller): BearerOutcome {
    return { ok: true, caller };
  }
}

function reject(code: number, reason: string, category: string): BearerOutcome {
  return { ok: false, rejection: bearerChallenge({ code, reason, category }) };
}

function toCaller(payload: JWTPayload, tid: string): Caller | undefined {
  const appId = typeof payload.appid === "string" ? payload.appid : typeof payload.azp === "string" ? payload.azp : undefined;
  const scopes = typeof payload.scp === "string" ? payload.scp.split(" ") : [];
  const roles = Array.isArray(payload.roles) ? (payload.roles as unknown[]).filter((r): r is string => typeof r === "string") : [];
  if (scopes.includes(DELEGATED_SCOPE)) {
    const upn = [payload.upn, payload.unique_name, payload.preferred_username].find((v): v is string => typeof v === "string");
    if (!upn) return undefined;
    return { kind: "delegated", tenantId: tid, upn: upn.toLowerCase(), appId };
  }
  if (roles.includes(APP_ROLE) && appId) return { kind: "application", tenantId: tid, appId };
  return undefined;
}

function diagnose(err: unknown): { code: number; reason: string; category: string } {
  if (err instanceof joseErrors.JWTExpired) return { code: 2000008, reason: "The token has expired.", category: "expired_token" };
  if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === "nbf") {
    return { code: 2000008, reason: "The token is not yet valid.", category: "invalid_lifetime" };
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JWKSNoMatchingKey) {
    return { code: 2000000, reason: "The token has an invalid signature.", category: "invalid_signature" };
  }
  return { code: 2000001, reason: "OAuth token submitted with the request cannot be parsed.", category: "invalid_token" };
}
