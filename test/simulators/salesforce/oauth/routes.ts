/**
 * The login host: `/services/oauth2/token` (all grants), `/services/oauth2/authorize` (authorization code: auto-approved
 * for the user named by login_hint or the control API's interactive user, or, with authorize pages on, a login + Allow /
 * Deny page a browser drives), `/services/oauth2/revoke`,
 * `/services/oauth2/userinfo` and the identity URL `/id/{orgId}/{userId}`.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { Request, Response, Router } from "express";
import express from "express";
import { delay, sendJson, sendOAuthError } from "../http/respond";
import type { SimulatorState } from "../state";
import type { AccessSession } from "./sessions";
import { authorizePage } from "./authorizePage";
import type { AuthorizationCode, GrantResult, Params } from "./grants";
import { authorizationCodeGrant, clientCredentialsGrant, JWT_BEARER, jwtBearerGrant, refreshTokenGrant } from "./grants";

function params(source: unknown): Params {
  const out: Record<string, string | undefined> = {};
  if (typeof source === "object" && source !== null)
    for (const [k, v] of Object.entries(source)) out[k] = typeof v === "string" ? v : Array.isArray(v) && typeof v[0] === "string" ? v[0] : undefined;
  return out;
}

function bearer(req: Request): string | null {
  const h = req.header("authorization");
  if (h) {
    const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(h);
    return m ? m[1]!.trim() : null;
  }
  const q = req.query.oauth_token;
  return typeof q === "string" ? q : null;
}

function tokenResponse(state: SimulatorState, result: Extract<GrantResult, { ok: true }>): Record<string, string> {
  // The refresh token first, so the access token is "associated" with it: revoking it ends the session too.
  const refresh = result.rotate
    ? state.sessions.rotate(result.rotate)
    : result.issueRefresh
      ? state.sessions.issueRefresh(result.org.id, result.user.id, result.app.clientId)
      : null;
  const session = state.sessions.issueAccess(result.org.id, result.user.id, result.app.clientId, refresh?.token ?? result.refreshToken);
  const id = state.identityUrl(result.org.id, result.user.id);
  const issuedAt = String(session.issuedAt);
  const signature = createHmac("sha256", result.app.clientSecret).update(id + issuedAt).digest("base64");
  return {
    access_token: session.token,
    ...(refresh ? { refresh_token: refresh.token } : {}),
    signature,
    scope: result.app.scopes.join(" "),
    instance_url: state.url,
    id,
    token_type: "Bearer",
    issued_at: issuedAt,
  };
}

function identity(state: SimulatorState, session: AccessSession): Record<string, unknown> | null {
  const org = state.org(session.orgId);
  const user = org?.userInfo(session.userId);
  const rec = org?.userRecord(session.userId);
  if (!org || !user || !rec) return null;
  return {
    id: state.identityUrl(org.id, user.id),
    asserted_user: true,
    user_id: user.id,
    organization_id: org.id,
    username: user.username,
    nick_name: String(rec.values.get("Alias") ?? ""),
    display_name: user.name,
    email: user.email,
    email_verified: true,
    first_name: rec.values.get("FirstName") ?? null,
    last_name: rec.values.get("LastName") ?? null,
    timezone: "GMT",
    active: user.isActive,
    user_type: "STANDARD",
    language: "en_US",
    locale: "en_US",
    utcOffset: 0,
    urls: {
      rest: `${state.url}/services/data/v{version}/`,
      sobjects: `${state.url}/services/data/v{version}/sobjects/`,
      query: `${state.url}/services/data/v{version}/query/`,
      profile: `${state.url}/${user.id}`,
      custom_domain: state.url,
    },
    is_app_installed: true,
    last_modified_date: new Date(Number(rec.values.get("LastModifiedDate"))).toISOString().replace("Z", "+0000"),
  };
}

export function oauthRouter(state: SimulatorState): Router {
  const router = express.Router();
  const codes = new Map<string, AuthorizationCode>();
  const form = express.urlencoded({ extended: false, limit: "1mb" });

  router.use(async (req, res, next) => {
    await delay(state.faults);
    if (state.faults.refuses("oauth")) {
      sendOAuthError(res, 503, "temporarily_unavailable", "service temporarily unavailable");
      return;
    }
    next();
  });

  router.post("/services/oauth2/token", form, async (req: Request, res: Response) => {
    const p = params(req.body);
    let result: GrantResult;
    switch (p.grant_type) {
      case "authorization_code":
        result = authorizationCodeGrant(state, codes, p);
        break;
      case "refresh_token":
        result = refreshTokenGrant(state, p);
        break;
      case JWT_BEARER:
        result = await jwtBearerGrant(state, p);
        break;
      case "client_credentials":
        result = clientCredentialsGrant(state, p, req.header("authorization"));
        break;
      default:
        state.calls.record("*", "oauth.token");
        sendOAuthError(res, 400, "unsupported_grant_type", "grant type not supported");
        return;
    }
    if (!result.ok) {
      state.calls.record("*", "oauth.token");
      sendOAuthError(res, 400, result.error, result.description);
      return;
    }
    state.calls.record(result.org.id, "oauth.token");
    sendJson(res, 200, tokenResponse(state, result), { "Cache-Control": "no-cache,must-revalidate,max-age=0,no-store,private" });
  });

  /** Where the browser goes after the user's decision: a code, or Salesforce's error, on the app's callback. */
  const decide = (res: Response, p: Params, username: string | null, allow: boolean) => {
    const app = state.apps.get(p.client_id ?? "")!;
    const redirect = p.redirect_uri ?? "";
    const target = new URL(redirect);
    if (p.state !== undefined) target.searchParams.set("state", p.state);
    const found = username ? state.userByUsername(username) : null;
    const fail = (error: string, description: string) => {
      target.searchParams.set("error", error);
      target.searchParams.set("error_description", description);
    };
    if (p.response_type !== "code") fail("unsupported_response_type", "response type not supported");
    else if (app.requirePkce && !p.code_challenge) fail("invalid_request", "missing required code challenge");
    else if (p.code_challenge && p.code_challenge_method !== undefined && p.code_challenge_method !== "S256") fail("invalid_request", "invalid code challenge method");
    else if (!allow || !found || !found.user.isActive) fail("access_denied", "end-user denied authorization");
    else {
      const code = `aPrx${randomBytes(48).toString("base64url")}`;
      codes.set(code, {
        code,
        clientId: app.clientId,
        redirectUri: redirect,
        orgId: found.org.id,
        userId: found.user.id,
        issuedAt: state.clock.now(),
        codeChallenge: p.code_challenge ?? null,
        used: false,
      });
      target.searchParams.set("code", code);
    }
    res.redirect(302, target.toString());
  };

  /** client_id and redirect_uri are checked before anything is shown: a bad one never redirects (RFC 6749 4.1.2.1). */
  const knownClient = (res: Response, p: Params): boolean => {
    const app = p.client_id ? state.apps.get(p.client_id) : undefined;
    if (!app) {
      res.status(400).type("text/plain").send("error=invalid_client_id&error_description=client%20identifier%20invalid");
      return false;
    }
    if (!app.callbackUrls.includes(p.redirect_uri ?? "")) {
      res.status(400).type("text/plain").send("error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration");
      return false;
    }
    return true;
  };

  router.get("/services/oauth2/authorize", (req: Request, res: Response) => {
    const p = params(req.query);
    if (!knownClient(res, p)) return;
    const username = p.login_hint ?? state.interactiveUsername;
    if (!state.authorizePages) {
      decide(res, p, username, true);
      return;
    }
    res.status(200).type("html").send(authorizePage(state.apps.get(p.client_id!)!.name, p, username));
  });

  router.post("/services/oauth2/authorize", form, (req: Request, res: Response) => {
    const p = params(req.body);
    if (!knownClient(res, p)) return;
    decide(res, p, p.username?.trim() || null, p.decision === "allow");
  });

  const revoke = (req: Request, res: Response) => {
    const p = { ...params(req.query), ...params(req.body) };
    const ok = p.token ? state.sessions.revoke(p.token) : false;
    state.calls.record("*", "oauth.revoke");
    if (!ok) {
      sendOAuthError(res, 400, "unsupported_token_type", "this token type is not supported");
      return;
    }
    res.status(200).end();
  };
  router.post("/services/oauth2/revoke", form, revoke);
  router.get("/services/oauth2/revoke", revoke);

  const whoAmI = (req: Request): AccessSession | null => {
    const token = bearer(req);
    if (!token) return null;
    const session = state.sessions.peek(token);
    const org = session ? state.org(session.orgId) : undefined;
    return session && org ? state.sessions.authenticate(token, org.sessionTimeoutMs) : null;
  };

  router.get("/services/oauth2/userinfo", (req: Request, res: Response) => {
    const session = whoAmI(req);
    const body = session ? identity(state, session) : null;
    if (!session || !body) {
      res.status(403).type("text/plain").send("Bad_OAuth_Token");
      return;
    }
    state.calls.record(session.orgId, "oauth.userinfo");
    sendJson(res, 200, {
      sub: body.id,
      user_id: body.user_id,
      organization_id: body.organization_id,
      preferred_username: body.username,
      nickname: body.nick_name,
      name: body.display_name,
      email: body.email,
      email_verified: true,
      given_name: body.first_name,
      family_name: body.last_name,
      zoneinfo: "GMT",
      active: body.active,
      user_type: "STANDARD",
      language: "en_US",
      locale: "en_US",
      utcOffset: 0,
      urls: body.urls,
    });
  });

  router.get("/id/:orgId/:userId", (req: Request, res: Response) => {
    const session = whoAmI(req);
    if (!session) {
      res.status(403).type("text/plain").send("Bad_OAuth_Token");
      return;
    }
    const org = state.org(String(req.params.orgId));
    const user = org?.userInfo(String(req.params.userId));
    if (!org || !user || org.id !== session.orgId) {
      res.status(404).type("text/plain").send("Bad_Id");
      return;
    }
    const body = identity(state, { ...session, userId: user.id });
    state.calls.record(session.orgId, "oauth.userinfo");
    sendJson(res, 200, body);
  });

  return router;
}
