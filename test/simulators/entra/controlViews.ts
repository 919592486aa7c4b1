import type { Directory } from "./directory";
import type { Application, Tenant, User } from "./directoryTypes";

/**
 * What control operations return: plain JSON copies (never the live objects, never passwords or secret values
 * except at creation), so callers cannot mutate the directory behind its back and results serialise over HTTP.
 */

export interface TenantView {
  readonly id: string;
  readonly displayName: string;
  readonly verifiedDomains: readonly string[];
  readonly consentPolicy: Tenant["consentPolicy"];
}

export interface UserView {
  readonly objectId: string;
  readonly tenantId: string;
  readonly userPrincipalName: string;
  readonly mail: string;
  readonly displayName: string;
  readonly isAdmin: boolean;
  readonly accountEnabled: boolean;
  readonly mfaRequired: boolean;
  readonly mfaRegistered: boolean;
  readonly hasPassword: boolean;
}

export interface AppView {
  readonly clientId: string;
  readonly displayName: string;
  readonly homeTenantId: string;
  readonly signInAudience: Application["signInAudience"];
  readonly redirectUris: Application["redirectUris"];
  readonly identifierUris: readonly string[];
  readonly scopes: readonly string[];
  readonly appRoles: readonly string[];
  readonly accessTokenAcceptedVersion: 1 | 2;
  readonly secrets: ReadonlyArray<{ keyId: string; hint: string; displayName: string; endDateTime: string }>;
  readonly certificates: ReadonlyArray<{ keyId: string; thumbprintSha256: string }>;
}

export function tenantView(t: Tenant): TenantView {
  return { id: t.id, displayName: t.displayName, verifiedDomains: [...t.verifiedDomains], consentPolicy: t.consentPolicy };
}

export function userView(u: User): UserView {
  return {
    objectId: u.objectId,
    tenantId: u.tenantId,
    userPrincipalName: u.userPrincipalName,
    mail: u.mail,
    displayName: u.displayName,
    isAdmin: u.isAdmin,
    accountEnabled: u.accountEnabled,
    mfaRequired: u.mfaRequired,
    mfaRegistered: u.mfaRegistered,
    hasPassword: u.password !== undefined,
  };
}

export function appView(a: Application): AppView {
  return {
    clientId: a.appId,
    displayName: a.displayName,
    homeTenantId: a.homeTenantId,
    signInAudience: a.signInAudience,
    redirectUris: { web: [...a.redirectUris.web], spa: [...a.redirectUris.spa], publicClient: [...a.redirectUris.publicClient] },
    identifierUris: [...a.identifierUris],
    scopes: a.delegatedPermissions.map((p) => p.value),
    appRoles: a.appRoles.map((r) => r.value),
    accessTokenAcceptedVersion: a.accessTokenAcceptedVersion,
    secrets: a.secrets.map((s) => ({ keyId: s.keyId, hint: s.hint, displayName: s.displayName, endDateTime: new Date(s.endMs).toISOString() })),
    certificates: a.certificates.map((c) => ({ keyId: c.keyId, thumbprintSha256: c.thumbprintSha256.toString("hex").toUpperCase() })),
  };
}

export function directorySnapshot(directory: Directory) {
  return {
    tenants: [...directory.tenants.values()].map(tenantView),
    users: [...directory.users.values()].map(userView),
    applications: [...directory.apps.values()].filter((a) => !a.firstParty).map(appView),
    delegatedGrants: directory.delegatedGrants.map((g) => ({
      tenantId: g.tenantId,
      clientId: g.clientId,
      resourceAppId: g.resourceAppId,
      consentType: g.consentType,
      principalId: g.consentType === "Principal" ? g.principalId : undefined,
      scope: [...g.scopes].join(" "),
    })),
    appRoleAssignments: directory.appRoleAssignments.map((a) => ({ ...a })),
  };
}
