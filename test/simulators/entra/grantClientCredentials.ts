import { aadsts } from "./aadsts";
import { authenticateConfidentialClient } from "./clientAuth";
import type { GrantHandler } from "./grantRequest";
import { stringParam } from "./http";
import { pathTenantName } from "./tenantPath";

/**
 * grant_type=client_credentials (v2-oauth2-client-creds-grant-flow.md): a tenant-specific endpoint, one
 * `{resource}/.default` scope, a confidential client. `roles` are the application permissions an admin granted; with
 * none the token is still issued, without `roles` (documented). A multi-tenant app never consented in the tenant has
 * no service principal there: AADSTS7000229. The answer has no scope and no refresh token, like the real recording
 * (test/fixtures/ms-samples/entra/token-client-credentials-200.json).
 */
export const issueClientCredentialsToken: GrantHandler = async ({ ctx, req, path, client, credential, tokenEndpointAudiences }) => {
  if (path.kind !== "tenant") throw path.kind === "organizations" ? aadsts.missingTenantRealm() : aadsts.grantTypeNotSupportedOnCommon();
  if (req.get("origin") !== undefined) throw aadsts.crossOriginOnlyForSpa();
  const clientAuth = await authenticateConfidentialClient(ctx, client, credential, tokenEndpointAudiences);

  const scope = stringParam(req.body as unknown, "scope");
  if (!scope || !scope.trim()) throw aadsts.missingParameter("scope");
  const items = scope.split(/\s+/).filter(Boolean);
  const notDefault = items.find((s) => !s.endsWith("/.default"));
  if (notDefault) throw aadsts.clientCredentialsNeedDefaultScope(notDefault);
  const identifiers = [...new Set(items.map((s) => s.slice(0, -"/.default".length)))];
  const resources = identifiers.map((id) => ({ id, app: ctx.directory.resourceByIdentifier(id) }));
  const missing = resources.find((r) => !r.app);
  if (missing) throw aadsts.resourceNotFound(missing.id, pathTenantName(path));
  if (new Set(resources.map((r) => r.app?.appId)).size > 1) throw aadsts.multipleResources();
  const target = resources[0];
  if (!target?.app) throw aadsts.missingParameter("scope");

  const tenantId = path.tenant.id;
  if (!ctx.directory.hasServicePrincipal(tenantId, client.appId)) throw aadsts.clientMissingServicePrincipal(client.appId, tenantId);
  const token = await ctx.minter.appOnlyAccessToken({
    resource: target.app,
    audience: target.id,
    tenantId,
    client,
    clientAuth,
    roles: ctx.directory.clientRoles(tenantId, client.appId, target.app.appId),
  });
  ctx.issued.record({
    kind: "access_token",
    value: token.token,
    clientId: client.appId,
    tenantId,
    audience: String(token.claims.aud),
    issuedAt: new Date(ctx.clock.now()).toISOString(),
  });
  return { token_type: "Bearer", expires_in: token.expiresIn, ext_expires_in: token.expiresIn, access_token: token.token };
};
