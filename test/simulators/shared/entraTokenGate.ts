/**
 * The checks Exchange Online and Microsoft Graph both make of an Entra access token before they look at what it grants:
 * a `Bearer` header, an RS256 signature against the trusted JWKS (the Entra simulator's), the lifetime with five
 * minutes of skew, the resource's audience, a v1 issuer naming the token's own tenant (see isV1IssuerOf) and a tenant
 * the mailbox store knows. Each face turns a refusal into its own wire error (EWS: a 401 challenge with an x-ms-diagnostics
 * code; Graph: 401 InvalidAuthenticationToken) and the accepted claims into its own caller.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from "jose";
import type { JWTPayload } from "jose";
import type { SimulatedClock } from "./clock";
import { isV1IssuerOf } from "./v1Issuer";

/** Where tokens are trusted from: the Entra (simulator) keys, and optionally the exact issuer prefix. */
export interface BearerTrust {
  readonly jwksUri: string;
  /** When set, `iss` must be exactly `${issuerPrefix}${tid}/` (Entra v1 issuers are https://sts.windows.net/{tid}/); see isV1IssuerOf. */
  readonly issuerPrefix?: string;
}

/** Exchange and Graph tolerate five minutes of clock skew on nbf/exp. */
const CLOCK_SKEW_SECONDS = 300;
/** Verified tokens kept at most, before the memo starts again. */
const MEMO_LIMIT = 10_000;

/** Why a token is refused; `claim` is the offending value where there is one (an audience, an issuer, a tenant id). */
export type TokenRefusal =
  | { readonly kind: "missing" | "expired" | "not_yet_valid" | "bad_signature" | "malformed" | "no_grant" }
  | { readonly kind: "audience" | "issuer" | "tenant"; readonly claim: string };

export type GateOutcome<C> = { readonly ok: true; readonly caller: C } | { readonly ok: false; readonly refusal: TokenRefusal };

export interface EntraTokenGateOptions<C> {
  /** The resource's accepted `aud` values (its URIs and app id). */
  readonly audiences: ReadonlySet<string>;
  readonly knowsTenant: (tid: string) => boolean;
  /** The face's caller from verified claims; undefined when the token grants this resource nothing it understands. */
  readonly toCaller: (payload: JWTPayload, tid: string) => C | undefined;
}

interface Memo<C> {
  readonly caller: C;
  readonly exp: number;
}

export class EntraTokenGate<C> {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  /** Verified tokens: thousands of mailboxes polled with one app token do not re-verify RSA on every call. */
  private readonly memo = new Map<string, Memo<C>>();

  constructor(
    private readonly trust: BearerTrust,
    private readonly clock: SimulatedClock,
    private readonly o: EntraTokenGateOptions<C>,
  ) {
    this.jwks = createRemoteJWKSet(new URL(trust.jwksUri), { cooldownDuration: 1000 });
  }

  async check(authorization: string | undefined): Promise<GateOutcome<C>> {
    const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    if (!match) return refuse({ kind: "missing" });
    const token = match[1] as string;
    const nowSeconds = this.clock.nowSeconds();
    const known = this.memo.get(token);
    if (known) return known.exp + CLOCK_SKEW_SECONDS > nowSeconds ? { ok: true, caller: known.caller } : refuse({ kind: "expired" });
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, { algorithms: ["RS256"], currentDate: new Date(this.clock.now()), clockTolerance: CLOCK_SKEW_SECONDS }));
    } catch (err) {
      return refuse(joseRefusal(err));
    }
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ""];
    if (!aud.some((a) => this.o.audiences.has(a))) return refuse({ kind: "audience", claim: aud.join(",") });
    const tid = typeof payload.tid === "string" ? payload.tid : "";
    if (tid && !isV1IssuerOf(payload.iss, tid, this.trust.issuerPrefix)) return refuse({ kind: "issuer", claim: payload.iss ?? "" });
    if (!tid || !this.o.knowsTenant(tid)) return refuse({ kind: "tenant", claim: tid });
    const caller = this.o.toCaller(payload, tid);
    if (caller === undefined) return refuse({ kind: "no_grant" });
    if (this.memo.size > MEMO_LIMIT) this.memo.clear();
    this.memo.set(token, { caller, exp: payload.exp ?? nowSeconds });
    return { ok: true, caller };
  }
}

function refuse<C>(refusal: TokenRefusal): GateOutcome<C> {
  return { ok: false, refusal };
}

function joseRefusal(err: unknown): TokenRefusal {
  if (err instanceof joseErrors.JWTExpired) return { kind: "expired" };
  if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === "nbf") return { kind: "not_yet_valid" };
  if (err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JWKSNoMatchingKey) return { kind: "bad_signature" };
  return { kind: "malformed" };
}

/** The user a delegated token speaks for, lower-cased, from whichever of its name claims it carries. */
export function tokenUpn(payload: JWTPayload): string | undefined {
  return [payload.upn, payload.unique_name, payload.preferred_username].find((v): v is string => typeof v === "string")?.toLowerCase();
}

/** The client the token was issued to: `appid` in v1 tokens, `azp` in v2. */
export function tokenAppId(payload: JWTPayload): string | undefined {
  return typeof payload.appid === "string" ? payload.appid : typeof payload.azp === "string" ? payload.azp : undefined;
}

/** The application permissions (`roles`) a token carries. */
export function tokenRoles(payload: JWTPayload): string[] {
  return Array.isArray(payload.roles) ? (payload.roles as unknown[]).filter((r): r is string => typeof r === "string") : [];
}
