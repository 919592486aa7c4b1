import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type KeyLike } from "jose";

/**
 * Validating access tokens the simulator issued, for the simulated resource servers (Exchange, Graph) and for tests.
 * Checks what a real resource must (access-token-claims-reference.md): signature by a published key, issuer of the
 * token's version and tenant, audience, lifetime. Scopes/roles are checked when asked for. The result is a value, not
 * an exception, so a simulator can turn each reason into its own 401 answer.
 */

export interface AccessTokenExpectations {
  /** Accepted `aud` values, e.g. ["https://outlook.office365.com", "00000002-0000-0ff1-ce00-000000000000"]. */
  readonly audience: string | readonly string[];
  /** Only tokens of these tenants (default: any tenant the simulator knows how to issue for). */
  readonly tenantIds?: readonly string[];
  /** At least one of these delegated scopes must be in `scp`. */
  readonly anyScope?: readonly string[];
  /** At least one of these roles must be in `roles`. */
  readonly anyRole?: readonly string[];
  /** "Now" for exp/nbf, normally the simulated clock's (ms). Default: wall clock. */
  readonly nowMs?: number;
}

export type AccessTokenRejection =
  | "malformed"
  | "bad_signature"
  | "wrong_issuer"
  | "wrong_audience"
  | "wrong_tenant"
  | "expired"
  | "not_yet_valid"
  | "insufficient_scope";

export type AccessTokenVerification =
  | { readonly ok: true; readonly claims: JWTPayload & Record<string, unknown>; readonly version: "1.0" | "2.0" }
  | { readonly ok: false; readonly reason: AccessTokenRejection; readonly detail: string };

type KeySource = KeyLike | JWTVerifyGetKey;

export async function verifyAccessTokenWith(
  keys: KeySource,
  issuerBaseUrl: string,
  token: string,
  expected: AccessTokenExpectations,
): Promise<AccessTokenVerification> {
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(token);
  } catch (err) {
    return { ok: false, reason: "malformed", detail: (err as Error).message };
  }
  const tid = typeof unverified.tid === "string" ? unverified.tid : "";
  const version = unverified.ver === "2.0" ? "2.0" : "1.0";
  if (expected.tenantIds && !expected.tenantIds.includes(tid)) return { ok: false, reason: "wrong_tenant", detail: `tid ${tid}` };
  const issuer = version === "2.0" ? `${issuerBaseUrl}/${tid}/v2.0` : `${issuerBaseUrl}/${tid}/`;
  try {
    const options = {
      algorithms: ["RS256"],
      issuer,
      audience: typeof expected.audience === "string" ? expected.audience : [...expected.audience],
      currentDate: new Date(expected.nowMs ?? Date.now()),
    };
    const { payload } =
      typeof keys === "function" ? await jwtVerify(token, keys, options) : await jwtVerify(token, keys, options);
    const claims = payload as JWTPayload & Record<string, unknown>;
    const scopes = typeof claims.scp === "string" ? claims.scp.split(" ") : [];
    const roles = Array.isArray(claims.roles) ? (claims.roles as unknown[]).map(String) : [];
    if (expected.anyScope && !expected.anyScope.some((s) => scopes.includes(s)) && !(expected.anyRole && expected.anyRole.some((r) => roles.includes(r)))) {
      return { ok: false, reason: "insufficient_scope", detail: `scp '${scopes.join(" ")}' roles '${roles.join(" ")}'` };
    }
    if (!expected.anyScope && expected.anyRole && !expected.anyRole.some((r) => roles.includes(r))) {
      return { ok: false, reason: "insufficient_scope", detail: `roles '${roles.join(" ")}'` };
    }
    return { ok: true, claims, version };
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) return { ok: false, reason: "expired", detail: err.message };
    if (err instanceof joseErrors.JWTClaimValidationFailed) {
      if (err.claim === "iss") return { ok: false, reason: "wrong_issuer", detail: err.message };
      if (err.claim === "aud") return { ok: false, reason: "wrong_audience", detail: err.message };
      if (err.claim === "nbf") return { ok: false, reason: "not_yet_valid", detail: err.message };
      return { ok: false, reason: "malformed", detail: err.message };
    }
    if (err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JWKSNoMatchingKey) {
      return { ok: false, reason: "bad_signature", detail: (err as Error).message };
    }
    return { ok: false, reason: "malformed", detail: (err as Error).message };
  }
}

/**
 * For a resource simulator in another process: validates against the simulator's published JWKS
 * (`{baseUrl}/common/discovery/v2.0/keys`), fetched over HTTPS and cached by jose.
 */
export function remoteAccessTokenVerifier(baseUrl: string): (token: string, expected: AccessTokenExpectations) => Promise<AccessTokenVerification> {
  const jwks = createRemoteJWKSet(new URL(`${baseUrl}/common/discovery/v2.0/keys`));
  return (token, expected) => verifyAccessTokenWith(jwks, baseUrl, token, expected);
}
