/**
 * Salesforce's OAuth endpoints, called directly rather than through jsforce: jsforce's refresh drops a rotated refresh
 * token and rethrows failures as plain text, and we need both the new token and Salesforce's own error code.
 */
import { createHash, randomBytes } from "node:crypto";

export interface TokenAnswer {
  readonly accessToken: string;
  /** Only from the authorization code grant, or from a refresh when the app rotates refresh tokens. */
  readonly refreshToken: string | null;
  readonly instanceUrl: string;
  /** The identity URL `https://<login host>/id/<orgId>/<userId>`. */
  readonly identityUrl: string;
}

/** The token endpoint said no: `error` and `error_description` as Salesforce sent them. */
export class SalesforceOAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
    this.name = "SalesforceOAuthError";
  }
}

export interface AppCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

const timeoutMs = 30_000;

async function post(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" }, body: new URLSearchParams(form), signal: AbortSignal.timeout(timeoutMs) });
}

async function tokenCall(loginUrl: string, form: Record<string, string>): Promise<TokenAnswer> {
  const res = await post(`${loginUrl}/services/oauth2/token`, form);
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Salesforce answers errors in JSON; anything else (a proxy's page) is named by its status.
  }
  if (!res.ok || typeof body.access_token !== "string") {
    throw new SalesforceOAuthError(res.status, typeof body.error === "string" ? body.error : `http_${res.status}`, typeof body.error_description === "string" ? body.error_description : text.slice(0, 200));
  }
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : null,
    instanceUrl: String(body.instance_url ?? "").replace(/\/+$/, ""),
    identityUrl: String(body.id ?? ""),
  };
}

/** A PKCE pair per connect attempt: the verifier stays with us (sealed with the state), the challenge goes to Salesforce. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function authorizeUrl(loginUrl: string, p: { clientId: string; redirectUri: string; state: string; challenge: string }): string {
  const url = new URL(`${loginUrl}/services/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    scope: "api refresh_token",
    state: p.state,
    code_challenge: p.challenge,
    code_challenge_method: "S256",
    prompt: "login consent",
  }).toString();
  return url.toString();
}

/** Confidential client with PKCE: both code_verifier and client_secret go to the token step. */
export function exchangeCode(loginUrl: string, app: AppCredentials, p: { code: string; redirectUri: string; verifier: string }): Promise<TokenAnswer> {
  return tokenCall(loginUrl, { grant_type: "authorization_code", code: p.code, client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: p.redirectUri, code_verifier: p.verifier });
}

export function refreshAccess(loginUrl: string, app: AppCredentials, refreshToken: string): Promise<TokenAnswer> {
  return tokenCall(loginUrl, { grant_type: "refresh_token", refresh_token: refreshToken, client_id: app.clientId, client_secret: app.clientSecret });
}

/** The Integration User's token: the app's Run-As user, at the org's My Domain only. */
export function clientCredentials(myDomain: string, app: AppCredentials): Promise<TokenAnswer> {
  return tokenCall(myDomain, { grant_type: "client_credentials", client_id: app.clientId, client_secret: app.clientSecret });
}

/** Revokes a refresh token (and every access token issued from it) or an access token. Already-dead tokens are fine. */
export async function revokeToken(loginUrl: string, token: string): Promise<void> {
  const res = await post(`${loginUrl}/services/oauth2/revoke`, { token });
  if (!res.ok && res.status !== 400) throw new SalesforceOAuthError(res.status, `http_${res.status}`, (await res.text()).slice(0, 200));
}

export interface Identity {
  readonly orgId: string;
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly email: string;
}

export async function readIdentity(identityUrl: string, accessToken: string): Promise<Identity> {
  const res = await fetch(`${identityUrl}?format=json`, { headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new SalesforceOAuthError(res.status, `http_${res.status}`, `the identity URL answered ${res.status}`);
  const b = (await res.json()) as Record<string, unknown>;
  return { orgId: String(b.organization_id), userId: String(b.user_id), username: String(b.username), displayName: String(b.display_name ?? b.username), email: String(b.email ?? "") };
}
