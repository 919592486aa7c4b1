import { createHash } from "node:crypto";
import { aadsts } from "./aadsts";
import { registeredPlatform } from "./authorizeEndpoint";
import { issueDelegatedTokens, targetResource } from "./delegatedTokens";
import { assertGrantStillValid, authenticateForPlatform } from "./grantChecks";
import type { AuthorizationCode } from "./grantStore";
import type { GrantHandler } from "./grantRequest";
import { stringParam } from "./http";
import { parseScopeParameter } from "./scopes";
import { pathTenantName } from "./tenantPath";

/**
 * grant_type=authorization_code: redeem a code once, within its ten minutes, by the client it was issued to, with the
 * same redirect_uri and the PKCE verifier matching the challenge (RFC 7636 S256 or plain).
 */

function pkceMatches(code: AuthorizationCode, verifier: string | undefined): boolean {
  if (!code.challenge) return true;
  if (!verifier) return false;
  const computed = code.challenge.method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  return computed === code.challenge.value;
}

export const redeemAuthorizationCode: GrantHandler = async ({ ctx, req, path, client, credential, tokenEndpointAudiences }) => {
  const body = req.body as unknown;
  const value = stringParam(body, "code");
  if (!value) throw aadsts.missingParameter("code");
  const code = ctx.grants.code(value);
  if (!code) throw aadsts.malformedGrant();
  if (code.clientId !== client.appId) throw aadsts.codeForOtherClient();
  if (path.kind === "tenant" && path.tenant.id !== code.tenantId) throw aadsts.codeForOtherTenant();

  const redirectUri = stringParam(body, "redirect_uri");
  if (!redirectUri) throw aadsts.missingParameter("redirect_uri");
  if (!registeredPlatform(client, redirectUri)) throw aadsts.redirectUriMismatch(redirectUri, client.appId);
  if (redirectUri !== code.redirectUri) throw aadsts.redirectUriDiffersFromCode(redirectUri, code.redirectUri);

  const clientAuth = await authenticateForPlatform(ctx, req, client, code.platform, credential, tokenEndpointAudiences);
  if (code.platform === "spa" && !code.challenge) throw aadsts.spaRequiresPkce();
  if (code.redeemed) throw aadsts.codeAlreadyRedeemed();
  if (ctx.clock.now() >= code.expiresMs) throw aadsts.codeExpired();
  if (!pkceMatches(code, stringParam(body, "code_verifier"))) throw aadsts.pkceMismatch();
  code.redeemed = true;

  const scope = stringParam(body, "scope");
  const requested = scope ? parseScopeParameter(scope, ctx.directory, client, pathTenantName(path)) : code.requested;
  if (requested.resources.length > 1) throw aadsts.multipleResources();
  const user = ctx.directory.users.get(code.userObjectId);
  assertGrantStillValid(user, code, targetResource(requested).resourceAppId);

  return issueDelegatedTokens(ctx, {
    client,
    clientAuth,
    user,
    facts: code,
    platform: code.platform,
    requested: scope ? { ...requested, oidc: [...new Set([...requested.oidc, ...code.requested.oidc])] } : requested,
    original: code.requested,
    includeIdToken: code.requested.oidc.includes("openid"),
    includeRefreshToken: code.requested.oidc.includes("offline_access"),
    clientInfo: stringParam(body, "client_info") === "1",
    nonce: code.nonce,
  });
};
