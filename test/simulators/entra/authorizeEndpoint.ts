import { Router, type Request, type Response } from "express";
import { aadsts } from "./aadsts";
import { advanceAuthorize, redirectWithError } from "./authorizeFlow";
import type { EntraContext } from "./context";
import type { Application, RedirectPlatform } from "./directoryTypes";
import { EntraError } from "./errors";
import type { AuthorizeFlow, Prompt } from "./flows";
import type { PkceChallenge } from "./grantStore";
import { faultGate, sendErrorPage, stringParam } from "./http";
import type { ResponseMode } from "./responseDelivery";
import { parseScopeParameter } from "./scopes";
import { pathTenantName, resolveTenantPath, type TenantPath } from "./tenantPath";

/**
 * GET /{tenant}/oauth2/v2.0/authorize (v2-oauth2-auth-code-flow.md "Request an authorization code").
 * Checks in the order that decides *where* an error goes: until client_id and redirect_uri are trusted, errors are
 * shown on Entra's own error page and the browser is never sent anywhere (AADSTS50011 and friends); after that they
 * are redirected to the app with error/error_description/state.
 */

export function registeredPlatform(client: Application, redirectUri: string): RedirectPlatform | undefined {
  for (const platform of ["web", "spa", "publicClient"] as const) {
    if (client.redirectUris[platform].includes(redirectUri)) return platform;
  }
  return undefined;
}

/**
 * What both interactive endpoints (authorize, adminconsent) establish before anything may be redirected: the tenant,
 * the client, and a redirect URI registered for it. Throws the EntraError to show on Entra's own error page.
 */
export function trustedRedirect(
  ctx: EntraContext,
  tenant: string,
  q: unknown,
): { path: TenantPath; client: Application; redirectUri: string; platform: RedirectPlatform } {
  const path = resolveTenantPath(ctx.directory, tenant);
  const clientId = stringParam(q, "client_id");
  if (!clientId) throw aadsts.missingParameter("client_id");
  const client = clientForPath(ctx, path, clientId);
  const redirectUri = stringParam(q, "redirect_uri");
  if (!redirectUri) throw aadsts.missingParameter("redirect_uri");
  const platform = registeredPlatform(client, redirectUri);
  if (!platform) throw aadsts.redirectUriMismatch(redirectUri, client.appId);
  return { path, client, redirectUri, platform };
}

/** The client as seen from an endpoint's tenant: unknown, or single-tenant elsewhere, is AADSTS700016. */
export function clientForPath(ctx: EntraContext, path: TenantPath, clientId: string): Application {
  const client = ctx.directory.app(clientId);
  const tenantName = pathTenantName(path);
  if (!client || client.firstParty) throw aadsts.applicationNotFound(clientId, tenantName);
  if (path.kind === "tenant" && client.signInAudience === "AzureADMyOrg" && path.tenant.id !== client.homeTenantId) {
    throw aadsts.applicationNotFound(clientId, tenantName);
  }
  return client;
}

const prompts: readonly Prompt[] = ["login", "none", "consent", "select_account"];
const responseModes: readonly ResponseMode[] = ["query", "fragment", "form_post"];

function parseChallenge(query: unknown): PkceChallenge | undefined {
  const value = stringParam(query, "code_challenge");
  const method = stringParam(query, "code_challenge_method");
  if (value === undefined) {
    if (method !== undefined) throw aadsts.missingParameter("code_challenge");
    return undefined;
  }
  // RFC 7636: 43-128 characters; PKCE "plain" is assumed when no method is given (the doc says so).
  if (value.length < 43 || value.length > 128) throw aadsts.invalidCodeChallengeSize();
  if (method !== undefined && method !== "S256" && method !== "plain") throw aadsts.invalidParameter("code_challenge_method");
  return { value, method: method === "S256" ? "S256" : "plain" };
}

export function authorizeRouter(ctx: EntraContext): Router {
  const router = Router();
  router.get("/:tenant/oauth2/v2.0/authorize", faultGate(ctx, "authorize", "html"), (req: Request, res: Response) => {
    const q = req.query;
    // 1. Errors shown on Entra's page: nothing about the redirect target can be trusted yet.
    let path: TenantPath;
    let client: Application;
    let redirectUri: string;
    let platform: RedirectPlatform;
    try {
      ({ path, client, redirectUri, platform } = trustedRedirect(ctx, String(req.params.tenant), q));
    } catch (err) {
      if (!(err instanceof EntraError)) throw err;
      return sendErrorPage(ctx, req, res, err);
    }

    // 2. Errors redirected to the (now trusted) redirect URI.
    const state = stringParam(q, "state");
    const requestedMode = stringParam(q, "response_mode");
    const responseMode: ResponseMode = responseModes.includes(requestedMode as ResponseMode) ? (requestedMode as ResponseMode) : "query";
    const provisional = { state, redirectUri, responseMode };
    try {
      if (requestedMode !== undefined && !responseModes.includes(requestedMode as ResponseMode)) throw aadsts.unsupportedResponseMode(requestedMode);
      const responseType = stringParam(q, "response_type");
      if (!responseType) throw aadsts.missingParameter("response_type");
      if (responseType !== "code") throw aadsts.unsupportedResponseType(responseType);
      const scope = stringParam(q, "scope");
      if (!scope || !scope.trim()) throw aadsts.missingParameter("scope");
      const requested = parseScopeParameter(scope, ctx.directory, client, pathTenantName(path));
      const promptParam = stringParam(q, "prompt");
      if (promptParam !== undefined && !prompts.includes(promptParam as Prompt)) throw aadsts.invalidParameter("prompt");
      const prompt = promptParam as Prompt | undefined;
      const challenge = parseChallenge(q);
      const flow = ctx.flows.create<AuthorizeFlow>({
        kind: "authorize",
        path,
        client,
        redirectUri,
        platform,
        responseMode,
        state,
        nonce: stringParam(q, "nonce"),
        requested,
        prompt,
        loginHint: stringParam(q, "login_hint"),
        challenge,
        clientInfo: stringParam(q, "client_info") === "1",
        createdMs: ctx.clock.now(),
        needsCredentials: prompt === "login",
        needsAccountPick: prompt === "select_account",
        consentDone: false,
      });
      advanceAuthorize(ctx, flow, req, res);
    } catch (err) {
      if (!(err instanceof EntraError)) throw err;
      redirectWithError(ctx, req, res, provisional, err);
    }
  });
  return router;
}
