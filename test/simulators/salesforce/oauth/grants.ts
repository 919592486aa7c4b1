/**
 * The grant types the token endpoint accepts, each deciding who the caller is or why not, in Salesforce's words:
 * authorization_code, refresh_token, urn:ietf:params:oauth:grant-type:jwt-bearer and client_credentials.
 */
import { createHash } from "node:crypto";
import { compactVerify, decodeJwt, decodeProtectedHeader } from "jose";
import type { Org, UserInfo } from "../org";
import type { SimulatorState } from "../state";
import type { ConnectedApp } from "./connectedApps";
import type { RefreshGrant } from "./sessions";

export type GrantFailure = { readonly ok: false; readonly error: string; readonly description: string };
export type GrantSuccess = {
  readonly ok: true;
  readonly app: ConnectedApp;
  readonly org: Org;
  readonly user: UserInfo;
  /** Mint a refresh token with the access token (authorization code flow). */
  readonly issueRefresh: boolean;
  /** The refresh token the session derives from, if any. */
  readonly refreshToken: string | null;
  /** Refresh-token rotation: this grant's token is replaced by a new one in the answer. */
  readonly rotate?: RefreshGrant;
};
export type GrantResult = GrantFailure | GrantSuccess;

export type Params = Readonly<Record<string, string | undefined>>;

const fail = (error: string, description: string): GrantFailure => ({ ok: false, error, description });
const INVALID_CLIENT_ID = fail("invalid_client_id", "client identifier invalid");
const INVALID_CLIENT = fail("invalid_client", "invalid client credentials");
const INACTIVE_USER = fail("invalid_grant", "inactive user");

function clientOf(state: SimulatorState, clientId: string | undefined): ConnectedApp | null {
  return clientId ? (state.apps.get(clientId) ?? null) : null;
}

function located(state: SimulatorState, orgId: string, userId: string): { org: Org; user: UserInfo } | null {
  const org = state.org(orgId);
  const user = org?.userInfo(userId);
  return org && user ? { org, user } : null;
}

// ---- authorization_code --------------------------------------------------------------------------------------------

export interface AuthorizationCode {
  readonly code: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly orgId: string;
  readonly userId: string;
  readonly issuedAt: number;
  readonly codeChallenge: string | null;
  used: boolean;
}

const CODE_LIFETIME_MS = 15 * 60 * 1000;

export function authorizationCodeGrant(state: SimulatorState, codes: Map<string, AuthorizationCode>, p: Params): GrantResult {
  const app = clientOf(state, p.client_id);
  if (!app) return INVALID_CLIENT_ID;
  if (p.client_secret !== undefined && p.client_secret !== app.clientSecret) return INVALID_CLIENT;
  const code = p.code ? codes.get(p.code) : undefined;
  if (!code || code.clientId !== app.clientId) return fail("invalid_grant", "invalid authorization code");
  if (code.used || state.clock.now() - code.issuedAt >= CODE_LIFETIME_MS) return fail("invalid_grant", "expired authorization code");
  if (p.redirect_uri !== code.redirectUri) return fail("redirect_uri_mismatch", "redirect_uri must match configuration");
  if (code.codeChallenge !== null) {
    // Salesforce: a challenge with no verifier is invalid_grant, a verifier that does not match is invalid_request.
    if (p.code_verifier === undefined) return fail("invalid_grant", "invalid code verifier");
    if (createHash("sha256").update(p.code_verifier).digest("base64url") !== code.codeChallenge)
      return fail("invalid_request", "invalid code verifier");
  } else if (p.client_secret === undefined) return INVALID_CLIENT;
  code.used = true;
  const who = located(state, code.orgId, code.userId);
  if (!who) return fail("invalid_grant", "invalid authorization code");
  if (!who.user.isActive) return INACTIVE_USER;
  return { ok: true, app, ...who, issueRefresh: app.scopes.includes("refresh_token"), refreshToken: null };
}

// ---- refresh_token -------------------------------------------------------------------------------------------------

export function refreshTokenGrant(state: SimulatorState, p: Params): GrantResult {
  const app = clientOf(state, p.client_id);
  if (!app) return INVALID_CLIENT_ID;
  if (p.client_secret === undefined ? app.requireSecretForRefresh : p.client_secret !== app.clientSecret) return INVALID_CLIENT;
  const grant = p.refresh_token ? state.sessions.redeem(p.refresh_token, app.clientId, app.refreshTokenPolicy) : null;
  if (!grant) return fail("invalid_grant", "expired access/refresh token");
  const who = located(state, grant.orgId, grant.userId);
  if (!who) return fail("invalid_grant", "expired access/refresh token");
  if (!who.user.isActive) return INACTIVE_USER;
  if (app.rotateRefreshTokens) return { ok: true, app, ...who, issueRefresh: false, refreshToken: grant.token, rotate: grant };
  return { ok: true, app, ...who, issueRefresh: false, refreshToken: grant.token };
}

// ---- JWT bearer ----------------------------------------------------------------------------------------------------

export const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

const INVALID_ASSERTION = fail("invalid_grant", "invalid assertion");

function sameUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, "").toLowerCase() === b.replace(/\/+$/, "").toLowerCase();
}

/**
 * The assertion must be an RS256 JWT signed with the key of the certificate registered on the app named by `iss`, for
 * the user named by `sub`, addressed (`aud`) to this login host, and not past `exp`. The user must be pre-authorized
 * (admin-approved apps) or have approved the app before (self-authorizing apps).
 */
export async function jwtBearerGrant(state: SimulatorState, p: Params): Promise<GrantResult> {
  const assertion = p.assertion ?? "";
  let claims: ReturnType<typeof decodeJwt>;
  try {
    if (decodeProtectedHeader(assertion).alg !== "RS256") return INVALID_ASSERTION;
    claims = decodeJwt(assertion);
  } catch {
    return INVALID_ASSERTION;
  }
  const app = clientOf(state, typeof claims.iss === "string" ? claims.iss : undefined);
  if (!app) return INVALID_CLIENT_ID;
  if (!app.publicKey) return INVALID_ASSERTION;
  try {
    await compactVerify(assertion, app.publicKey, { algorithms: ["RS256"] });
  } catch {
    return INVALID_ASSERTION;
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
  if (!audiences.some((a) => sameUrl(a, state.url))) return fail("invalid_grant", "audience is invalid");
  if (typeof claims.exp !== "number") return INVALID_ASSERTION;
  if (claims.exp <= state.clock.nowSeconds()) return fail("invalid_grant", "expired authorization code");
  const found = typeof claims.sub === "string" ? state.userByUsername(claims.sub) : null;
  if (!found) return fail("invalid_grant", "user hasn't approved this consumer");
  if (!found.user.isActive) return INACTIVE_USER;
  if (app.permittedUsers === "admin-approved") {
    if (!app.preAuthorizedUsernames.has(found.user.username.toLowerCase()))
      return fail("invalid_app_access", "user is not admin approved to access this app");
  } else if (!app.preAuthorizedUsernames.has(found.user.username.toLowerCase()) && !state.sessions.hasApproval(app.clientId, found.user.id)) {
    return fail("invalid_grant", "user hasn't approved this consumer");
  }
  return { ok: true, app, org: found.org, user: found.user, issueRefresh: false, refreshToken: null };
}

// ---- client_credentials --------------------------------------------------------------------------------------------

/** Credentials come in the body or as HTTP Basic (`client_id:client_secret`). */
export function clientCredentialsGrant(state: SimulatorState, p: Params, authorization: string | undefined): GrantResult {
  let clientId = p.client_id;
  let secret = p.client_secret;
  if (authorization?.startsWith("Basic ")) {
    const decoded = Buffer.from(authorization.slice(6), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) {
      clientId = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
  }
  const app = clientOf(state, clientId);
  if (!app) return INVALID_CLIENT_ID;
  if (secret !== app.clientSecret) return INVALID_CLIENT;
  if (!app.clientCredentialsUsername) return fail("invalid_grant", "no client credentials user enabled");
  const found = state.userByUsername(app.clientCredentialsUsername);
  if (!found) return fail("invalid_grant", "no client credentials user enabled");
  if (!found.user.isActive) return INACTIVE_USER;
  return { ok: true, app, org: found.org, user: found.user, issueRefresh: false, refreshToken: null };
}
