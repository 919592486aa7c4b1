import { aadsts } from "./aadsts";
import type { EntraContext } from "./context";
import type { Application, RedirectPlatform, User } from "./directoryTypes";
import type { RefreshToken, SignInFacts } from "./grantStore";
import { base64url, isGuid } from "./ids";
import type { RequestedResource, RequestedScopes } from "./scopes";
import type { ClientAuthMethod } from "./tokens";
import { graphAppId, oidcScopes } from "./wellKnownResources";

/**
 * The success body of the authorization-code and refresh-token grants (v2-oauth2-auth-code-flow.md "Successful
 * response"): token_type, scope, expires_in, ext_expires_in, access_token, then refresh_token only when offline_access
 * was granted, id_token only for openid, client_info only when the request carried client_info=1.
 *
 * Like Entra, the access token holds every scope this user granted this client on the resource, not just the ones in
 * this request (incremental consent accumulates), and a token request is for one resource: the first named.
 */

export interface DelegatedTokenRequest {
  readonly client: Application;
  readonly clientAuth: ClientAuthMethod;
  readonly user: User;
  readonly facts: SignInFacts;
  readonly platform: RedirectPlatform;
  /** Scopes of this token request (what MSAL sent, or the original authorization's). */
  readonly requested: RequestedScopes;
  /** Scopes of the original authorization (kept on the refresh token for later requests without `scope`). */
  readonly original: RequestedScopes;
  readonly includeIdToken: boolean;
  readonly includeRefreshToken: boolean;
  readonly clientInfo: boolean;
  readonly nonce?: string;
  readonly predecessor?: RefreshToken;
}

/**
 * The response's `scope`, in the spelling the client used: bare Graph names when it asked for "Mail.Read" (msal-node
 * samples log scopes [ 'User.Read', 'profile', 'openid', 'email' ]), prefixed ones when it asked with the URI (a real
 * 2021 capture answers "email openid profile https://graph.microsoft.com/AuditLog.Read.All …"; Azure/azure-sdk-for-js
 * sdk/identity/identity/recordings/node/cae). OIDC scopes are never prefixed; other resources are always qualified.
 * Matching spellings matter: MSAL's cache looks tokens up by these strings.
 */
function responseScope(target: RequestedResource, resource: Application, scopes: readonly string[]): string {
  const oidc = new Set<string>(oidcScopes);
  if (resource.appId === graphAppId && isGuid(target.audience)) return scopes.join(" ");
  const prefix = isGuid(target.audience) ? (resource.identifierUris[0] ?? resource.appId) : target.audience.replace(/\/+$/, "");
  return scopes
    .filter((s) => resource.appId === graphAppId || !oidc.has(s))
    .map((s) => (oidc.has(s) ? s : `${prefix}/${s}`))
    .join(" ");
}

export function targetResource(requested: RequestedScopes): RequestedResource {
  // Only OIDC scopes: Entra issues a Microsoft Graph token.
  return requested.resources[0] ?? { resourceAppId: graphAppId, audience: graphAppId, permissions: [], isDefault: false };
}

export async function issueDelegatedTokens(ctx: EntraContext, input: DelegatedTokenRequest): Promise<Record<string, unknown>> {
  const target = targetResource(input.requested);
  const resource = ctx.directory.app(target.resourceAppId);
  if (!resource) throw aadsts.resourceNotFound(target.audience, input.facts.tenantId);
  const granted = ctx.directory.grantedScopes({
    tenantId: input.facts.tenantId,
    clientId: input.client.appId,
    resourceAppId: resource.appId,
    userObjectId: input.user.objectId,
  });
  const grantedGraph =
    resource.appId === graphAppId
      ? granted
      : ctx.directory.grantedScopes({ tenantId: input.facts.tenantId, clientId: input.client.appId, resourceAppId: graphAppId, userObjectId: input.user.objectId });
  const notConsented =
    target.permissions.some((p) => !granted.has(p)) ||
    (target.isDefault && granted.size === 0) ||
    input.requested.oidc.some((s) => !grantedGraph.has(s));
  if (notConsented) throw aadsts.consentRequired(input.client.appId, input.client.displayName);

  const scopes = [...granted].filter((s) => s !== "offline_access");
  const nowMs = ctx.clock.now();
  const issuedAt = new Date(nowMs).toISOString();
  const access = await ctx.minter.delegatedAccessToken({
    resource,
    audience: target.audience,
    tenantId: input.facts.tenantId,
    client: input.client,
    clientAuth: input.clientAuth,
    user: input.user,
    scopes,
    sessionId: input.facts.sessionId,
    mfa: input.facts.mfa,
    roles: ctx.directory.userRoles(input.user.objectId, resource.appId),
  });
  const base = { clientId: input.client.appId, tenantId: input.facts.tenantId, userObjectId: input.user.objectId, issuedAt };
  ctx.issued.record({ kind: "access_token", value: access.token, audience: String(access.claims.aud), ...base });

  const body: Record<string, unknown> = {
    token_type: "Bearer",
    scope: responseScope(target, resource, scopes),
    expires_in: access.expiresIn,
    ext_expires_in: access.expiresIn,
    access_token: access.token,
  };
  if (input.includeRefreshToken) {
    const refresh = ctx.grants.issueRefreshToken({
      ...input.facts,
      clientId: input.client.appId,
      platform: input.platform,
      issuedMs: nowMs,
      requested: input.original,
      predecessor: input.predecessor,
    });
    ctx.issued.record({ kind: "refresh_token", value: refresh.token, ...base });
    body.refresh_token = refresh.token;
  }
  if (input.includeIdToken) {
    const id = await ctx.minter.idToken({
      client: input.client,
      tenantId: input.facts.tenantId,
      user: input.user,
      oidcScopes: input.requested.oidc,
      nonce: input.nonce,
      sessionId: input.facts.sessionId,
      roles: ctx.directory.userRoles(input.user.objectId, input.client.appId),
    });
    ctx.issued.record({ kind: "id_token", value: id.token, audience: input.client.appId, ...base });
    body.id_token = id.token;
  }
  if (input.clientInfo) body.client_info = base64url(JSON.stringify({ uid: input.user.objectId, utid: input.facts.tenantId }));
  return body;
}
