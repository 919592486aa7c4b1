import { aadsts } from "./aadsts";
import { issueDelegatedTokens, targetResource } from "./delegatedTokens";
import { assertGrantStillValid, authenticateForPlatform } from "./grantChecks";
import type { GrantHandler } from "./grantRequest";
import { stringParam } from "./http";
import { parseScopeParameter } from "./scopes";
import { pathTenantName } from "./tenantPath";

/**
 * grant_type=refresh_token. Every success returns a new refresh token and the presented one stays valid (Entra does
 * not revoke on use; refresh-tokens.md). Failures, in the order checked:
 *   70000  issued to another client
 *   700084 SPA token past its fixed 24 hours / 700082 90 days without use
 *   50057  user disabled; 50173 or 70008 revoked (revoke sessions, admin password reset); 50076 MFA now required
 *   65001  a requested scope was never consented (or the consent was withdrawn)
 * A refresh token is good for any resource the client has consent for; scopes spanning resources get a token for
 * the first (v2-oauth2-auth-code-flow.md "Refresh the access token").
 */
export const redeemRefreshToken: GrantHandler = async ({ ctx, req, path, client, credential, tokenEndpointAudiences }) => {
  const body = req.body as unknown;
  const value = stringParam(body, "refresh_token");
  if (!value) throw aadsts.missingParameter("refresh_token");
  const token = ctx.grants.refreshToken(value);
  if (!token) throw aadsts.malformedGrant();
  if (token.clientId !== client.appId) throw aadsts.refreshTokenForOtherClient();
  const user = ctx.directory.users.get(token.userObjectId);
  if (path.kind === "tenant" && path.tenant.id !== token.tenantId) {
    throw aadsts.userNotInTenant(user?.userPrincipalName ?? token.userObjectId, pathTenantName(path));
  }
  const clientAuth = await authenticateForPlatform(ctx, req, client, token.platform, credential, tokenEndpointAudiences);
  if (ctx.clock.now() >= token.expiresMs) {
    throw token.platform === "spa" ? aadsts.spaRefreshTokenExpired(token.chainStartedMs) : aadsts.refreshTokenInactive(token.issuedMs);
  }

  const scope = stringParam(body, "scope");
  const requested = scope ? parseScopeParameter(scope, ctx.directory, client, pathTenantName(path)) : token.requested;
  const firstResourceOnly = { ...requested, resources: requested.resources.slice(0, 1) };
  assertGrantStillValid(user, token, targetResource(firstResourceOnly).resourceAppId);

  return issueDelegatedTokens(ctx, {
    client,
    clientAuth,
    user,
    facts: token,
    platform: token.platform,
    requested: firstResourceOnly,
    original: token.requested,
    includeIdToken: requested.oidc.includes("openid"),
    includeRefreshToken: true,
    clientInfo: stringParam(body, "client_info") === "1",
    predecessor: token,
  });
};
