import { X509Certificate, createHash } from "node:crypto";
import type { z } from "zod";
import type { EntraContext } from "./context";
import type * as s from "./controlSchemas";
import { appView, tenantView, userView, type AppView, type TenantView, type UserView } from "./controlViews";
import { DirectoryError, type Directory } from "./directory";
import type { AppRole, Application, DelegatedPermission, RequiredResourceAccess } from "./directoryTypes";
import { EntraError } from "./errors";
import { clientSecretText, newGuid } from "./ids";
import { consentTargets, parseScopeParameter } from "./scopes";
import { exchangeAppId, graphAppId } from "./wellKnownResources";

/**
 * Control operations on the directory: tenants, users, app registrations and their credentials, role assignments,
 * consent. Each takes the zod-parsed input of its schema in controlSchemas.ts.
 */

type In<T extends z.ZodType> = z.output<T>;

function resourceNamed(directory: Directory, name: string): Application {
  const lower = name.toLowerCase();
  const resolved =
    lower === "graph" ? directory.app(graphAppId) : lower === "exchange" ? directory.app(exchangeAppId) : directory.resourceByIdentifier(name);
  if (!resolved) throw new DirectoryError(404, `No resource named '${name}' (use an app id, an identifier URI, "graph" or "exchange").`);
  return resolved;
}

/** Scope-parameter syntax, validated exactly as the authorize endpoint would. */
function parseScopes(directory: Directory, client: Application, scopes: readonly string[]) {
  try {
    return parseScopeParameter(scopes.join(" "), directory, client);
  } catch (err) {
    if (err instanceof EntraError) throw new DirectoryError(400, `Invalid scopes: ${err.message}`);
    throw err;
  }
}

export function addTenant(ctx: EntraContext, input: In<typeof s.addTenantInput>): TenantView {
  return tenantView(ctx.directory.addTenant(input));
}

export function setConsentPolicy(ctx: EntraContext, input: In<typeof s.setConsentPolicyInput>): TenantView {
  const tenant = ctx.directory.requireTenant(input.tenant);
  tenant.consentPolicy = input.consentPolicy;
  return tenantView(tenant);
}

export function addUser(ctx: EntraContext, input: In<typeof s.addUserInput>): UserView {
  const tenant = ctx.directory.requireTenant(input.tenant);
  return userView(ctx.directory.addUser({ ...input, tenantId: tenant.id }));
}

export function updateUser(ctx: EntraContext, input: In<typeof s.updateUserInput>): UserView {
  const user = ctx.directory.requireUser(input.user);
  if (input.displayName !== undefined) user.displayName = input.displayName;
  if (input.mail !== undefined) user.mail = input.mail;
  if (input.isAdmin !== undefined) user.isAdmin = input.isAdmin;
  if (input.mfaRequired !== undefined) user.mfaRequired = input.mfaRequired;
  if (input.mfaRegistered !== undefined) user.mfaRegistered = input.mfaRegistered;
  if (input.accountEnabled !== undefined) user.accountEnabled = input.accountEnabled;
  return userView(user);
}

export function requireMfa(ctx: EntraContext, input: In<typeof s.requireMfaInput>): UserView {
  return updateUser(ctx, { user: input.user, mfaRequired: input.required, mfaRegistered: input.registered });
}

/**
 * Admin reset (Entra admin center): every refresh token and session of the user is revoked (AADSTS50173 on refresh).
 * The user's own change: only public-client tokens are (refresh-tokens.md revocation table).
 */
export function resetPassword(ctx: EntraContext, input: In<typeof s.resetPasswordInput>): UserView {
  const user = ctx.directory.requireUser(input.user);
  user.password = input.newPassword;
  const mark = { atMs: ctx.clock.now(), seq: ctx.sequence.next() };
  if (input.by === "admin") user.allTokensValidFrom = { ...mark, surfaceAs: 50173 };
  else user.publicClientTokensValidFrom = mark;
  return userView(user);
}

/** Graph revokeSignInSessions: refresh tokens and sign-in sessions issued so far stop working. */
export function revokeSessions(ctx: EntraContext, input: In<typeof s.revokeSessionsInput>): { user: UserView; revokedAt: string } {
  const user = ctx.directory.requireUser(input.user);
  const atMs = ctx.clock.now();
  user.allTokensValidFrom = { atMs, seq: ctx.sequence.next(), surfaceAs: input.surfaceAs };
  return { user: userView(user), revokedAt: new Date(atMs).toISOString() };
}

export function registerApp(ctx: EntraContext, input: In<typeof s.registerAppInput>): AppView {
  const directory = ctx.directory;
  const home = directory.requireTenant(input.homeTenant);
  const appId = (input.clientId ?? newGuid()).toLowerCase();
  const identifierUris = input.exposeApi ? [`api://${appId}`] : [];
  const delegatedPermissions: DelegatedPermission[] = (input.exposeApi?.scopes ?? []).map((scope) => ({
    id: newGuid(),
    value: scope.value,
    adminConsentRequired: scope.adminConsentRequired,
    userConsentDisplayName: scope.userConsentDisplayName ?? `Access ${input.displayName}`,
    adminConsentDisplayName: scope.adminConsentDisplayName ?? `Access ${input.displayName} on behalf of users`,
  }));
  const appRoles: AppRole[] = input.appRoles.map((role) => ({
    id: newGuid(),
    value: role.value,
    displayName: role.displayName ?? role.value,
    description: role.description ?? role.displayName ?? role.value,
    allowedMemberTypes: role.allowedMemberTypes,
  }));
  const self = { appId, delegatedPermissions, appRoles } as Pick<Application, "appId" | "delegatedPermissions" | "appRoles">;
  const requiredResourceAccess: RequiredResourceAccess[] = input.requiredResourceAccess.map((access) => {
    const isSelf = ["self", appId, `api://${appId}`].includes(access.resource.toLowerCase());
    const resource = isSelf ? self : resourceNamed(directory, access.resource);
    const scopes = access.scopes.map((value) => {
      const found = resource.delegatedPermissions.find((p) => p.value.toLowerCase() === value.toLowerCase());
      if (!found) throw new DirectoryError(400, `The resource ${resource.appId} has no delegated permission '${value}'.`);
      return found.value;
    });
    const roles = access.roles.map((value) => {
      const found = resource.appRoles.find((r) => r.value.toLowerCase() === value.toLowerCase() && r.allowedMemberTypes.includes("Application"));
      if (!found) throw new DirectoryError(400, `The resource ${resource.appId} has no application permission (app role) '${value}'.`);
      return found.value;
    });
    return { resourceAppId: resource.appId, scopes, roles };
  });
  const app = directory.addApplication({
    appId,
    objectId: newGuid(),
    displayName: input.displayName,
    homeTenantId: home.id,
    signInAudience: input.signInAudience,
    redirectUris: { web: input.webRedirectUris, spa: input.spaRedirectUris, publicClient: input.publicClientRedirectUris },
    secrets: [],
    certificates: [],
    identifierUris,
    delegatedPermissions,
    appRoles,
    accessTokenAcceptedVersion: input.accessTokenAcceptedVersion,
    requiredResourceAccess,
    firstParty: false,
  });
  return appView(app);
}

export function addClientSecret(
  ctx: EntraContext,
  input: In<typeof s.addClientSecretInput>,
): { keyId: string; secretText: string; hint: string; endDateTime: string } {
  const app = ctx.directory.requireApp(input.clientId);
  const now = ctx.clock.now();
  const secretText = clientSecretText();
  const secret = { keyId: newGuid(), displayName: input.displayName, hint: secretText.slice(0, 3), secretText, startMs: now, endMs: now + input.expiresInDays * 86_400_000 };
  app.secrets.push(secret);
  ctx.issued.record({ kind: "client_secret", value: secretText, clientId: app.appId, tenantId: app.homeTenantId, issuedAt: new Date(now).toISOString() });
  return { keyId: secret.keyId, secretText, hint: secret.hint, endDateTime: new Date(secret.endMs).toISOString() };
}

function secretOf(ctx: EntraContext, input: In<typeof s.clientSecretRefInput>) {
  const app = ctx.directory.requireApp(input.clientId);
  const secret = app.secrets.find((x) => x.keyId === input.keyId.toLowerCase());
  if (!secret) throw new DirectoryError(404, `Application ${app.appId} has no secret with key id ${input.keyId}.`);
  return { app, secret };
}

/** Makes a secret expired now: the next use answers AADSTS7000222. */
export function expireClientSecret(ctx: EntraContext, input: In<typeof s.clientSecretRefInput>): { keyId: string; endDateTime: string } {
  const { secret } = secretOf(ctx, input);
  secret.endMs = ctx.clock.now() - 1000;
  return { keyId: secret.keyId, endDateTime: new Date(secret.endMs).toISOString() };
}

/** Deletes a secret: the next use answers AADSTS7000215 (unknown secret). */
export function removeClientSecret(ctx: EntraContext, input: In<typeof s.clientSecretRefInput>): { removed: true } {
  const { app, secret } = secretOf(ctx, input);
  app.secrets.splice(app.secrets.indexOf(secret), 1);
  return { removed: true };
}

export function addClientCertificate(
  ctx: EntraContext,
  input: In<typeof s.addClientCertificateInput>,
): { keyId: string; thumbprintSha1: string; thumbprintSha256: string; endDateTime: string } {
  const app = ctx.directory.requireApp(input.clientId);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(input.certificatePem);
  } catch (err) {
    throw new DirectoryError(400, `certificatePem is not a readable X.509 certificate: ${(err as Error).message}`);
  }
  const entry = {
    keyId: newGuid(),
    thumbprintSha1: createHash("sha1").update(cert.raw).digest(),
    thumbprintSha256: createHash("sha256").update(cert.raw).digest(),
    publicKey: cert.publicKey,
    endMs: Date.parse(cert.validTo),
  };
  app.certificates.push(entry);
  return {
    keyId: entry.keyId,
    thumbprintSha1: entry.thumbprintSha1.toString("hex").toUpperCase(),
    thumbprintSha256: entry.thumbprintSha256.toString("hex").toUpperCase(),
    endDateTime: new Date(entry.endMs).toISOString(),
  };
}

function userRole(ctx: EntraContext, input: In<typeof s.appRoleAssignmentInput>) {
  const user = ctx.directory.requireUser(input.user);
  const resource = resourceNamed(ctx.directory, input.resource);
  const role = ctx.directory.appRole(resource, input.role);
  if (!role || !role.allowedMemberTypes.includes("User")) {
    throw new DirectoryError(400, `Application ${resource.appId} has no app role '${input.role}' assignable to users.`);
  }
  return { user, resource, role };
}

/** Assigns an app role (Sync.Admin…) to a user: it appears in `roles` of tokens for that application. */
export function assignAppRole(ctx: EntraContext, input: In<typeof s.appRoleAssignmentInput>): { assigned: string } {
  const { user, resource, role } = userRole(ctx, input);
  ctx.directory.assignAppRole({ tenantId: user.tenantId, resourceAppId: resource.appId, appRoleValue: role.value, principalType: "User", principalId: user.objectId });
  return { assigned: role.value };
}

export function unassignAppRole(ctx: EntraContext, input: In<typeof s.appRoleAssignmentInput>): { removed: number } {
  const { user, resource, role } = userRole(ctx, input);
  const removed = ctx.directory.removeAppRoleAssignments(
    (a) => a.resourceAppId === resource.appId && a.appRoleValue === role.value && a.principalType === "User" && a.principalId === user.objectId,
  );
  return { removed };
}

/** As if the user had pressed Accept on the consent page for these scopes. */
export function grantUserConsent(ctx: EntraContext, input: In<typeof s.grantUserConsentInput>): { granted: Record<string, string[]> } {
  const user = ctx.directory.requireUser(input.user);
  const client = ctx.directory.requireApp(input.clientId);
  const granted: Record<string, string[]> = {};
  for (const [resourceAppId, scopes] of consentTargets(parseScopes(ctx.directory, client, input.scopes), client)) {
    ctx.directory.grantDelegated({ tenantId: user.tenantId, clientId: client.appId, resourceAppId, scopes, principalId: user.objectId });
    granted[resourceAppId] = [...scopes];
  }
  return { granted };
}

/** As if an admin had accepted /adminconsent: tenant-wide delegated grant plus application permissions. */
export function grantAdminConsent(
  ctx: EntraContext,
  input: In<typeof s.grantAdminConsentInput>,
): { delegated: Record<string, string[]>; roles: Record<string, string[]> } {
  const tenant = ctx.directory.requireTenant(input.tenant);
  const client = ctx.directory.requireApp(input.clientId);
  const useStatic = input.scopes === undefined && input.roles === undefined;
  const delegated: Record<string, string[]> = {};
  const roles: Record<string, string[]> = {};
  const delegatedTargets = useStatic
    ? new Map(client.requiredResourceAccess.map((r) => [r.resourceAppId, new Set(r.scopes)] as const))
    : consentTargets(parseScopes(ctx.directory, client, input.scopes ?? []), client);
  ctx.directory.ensureServicePrincipal(tenant.id, client.appId);
  for (const [resourceAppId, scopes] of delegatedTargets) {
    if (scopes.size === 0) continue;
    ctx.directory.grantDelegated({ tenantId: tenant.id, clientId: client.appId, resourceAppId, scopes });
    delegated[resourceAppId] = [...scopes];
  }
  const roleTargets: Array<{ resource: Application; role: string }> = useStatic
    ? client.requiredResourceAccess.flatMap((r) => r.roles.map((role) => ({ resource: ctx.directory.requireApp(r.resourceAppId), role })))
    : (input.roles ?? []).map((entry) => {
        const slash = entry.lastIndexOf("/");
        if (slash <= 0) throw new DirectoryError(400, `Name application permissions as "{resource}/{role}", got '${entry}'.`);
        return { resource: resourceNamed(ctx.directory, entry.slice(0, slash)), role: entry.slice(slash + 1) };
      });
  for (const { resource, role } of roleTargets) {
    const appRole = ctx.directory.appRole(resource, role);
    if (!appRole || !appRole.allowedMemberTypes.includes("Application")) {
      throw new DirectoryError(400, `The resource ${resource.appId} has no application permission '${role}'.`);
    }
    ctx.directory.assignAppRole({ tenantId: tenant.id, resourceAppId: resource.appId, appRoleValue: appRole.value, principalType: "ServicePrincipal", clientId: client.appId });
    (roles[resource.appId] ??= []).push(appRole.value);
  }
  return { delegated, roles };
}

/** The user removes the app's permissions (My Apps): later refreshes need consent again (AADSTS65001). */
export function revokeUserConsent(ctx: EntraContext, input: In<typeof s.revokeUserConsentInput>): { removed: number } {
  const user = ctx.directory.requireUser(input.user);
  const client = ctx.directory.requireApp(input.clientId);
  return { removed: ctx.directory.revokeDelegated({ tenantId: user.tenantId, clientId: client.appId, principalId: user.objectId }) };
}

export function revokeAdminConsent(ctx: EntraContext, input: In<typeof s.revokeAdminConsentInput>): { removed: number } {
  const tenant = ctx.directory.requireTenant(input.tenant);
  const client = ctx.directory.requireApp(input.clientId);
  const grants = ctx.directory.revokeDelegated({ tenantId: tenant.id, clientId: client.appId });
  const roles = ctx.directory.removeAppRoleAssignments((a) => a.tenantId === tenant.id && a.principalType === "ServicePrincipal" && a.clientId === client.appId);
  return { removed: grants + roles };
}

export function listAdminConsentRequests(ctx: EntraContext, input: In<typeof s.listAdminConsentRequestsInput>) {
  const tenantId = input.tenant ? ctx.directory.requireTenant(input.tenant).id : undefined;
  return ctx.directory.adminConsentRequests
    .filter((r) => tenantId === undefined || r.tenantId === tenantId)
    .map((r) => ({ ...r, created: new Date(r.createdMs).toISOString() }));
}
