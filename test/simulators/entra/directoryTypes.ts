import type { KeyObject } from "node:crypto";

/**
 * The directory the simulator keeps: tenants, users, application registrations (which double as resource APIs, as in
 * Entra), and the two kinds of permission grant Entra stores (oAuth2PermissionGrant for delegated scopes,
 * appRoleAssignment for application roles and user roles). Shapes mirror Microsoft Graph's objects so a reader who
 * knows the portal recognises them.
 */

/** Tenant-wide user consent setting (Entra admin center > Enterprise applications > Consent and permissions). */
export type ConsentPolicy =
  /** Users may consent to permissions that do not require an admin. */
  | "allowUserConsent"
  /** "Do not allow user consent": non-admins hit the AADSTS90094 "Need admin approval" interrupt. */
  | "adminApprovalRequired"
  /** As above, but with the admin consent workflow on: users see AADSTS90095 "Approval required" and can ask for it. */
  | "adminConsentWorkflow";

export interface Tenant {
  readonly id: string;
  displayName: string;
  /** Lower-case verified domains, e.g. contoso.com and contoso.onmicrosoft.com; the tenant is addressable by any of them. */
  readonly verifiedDomains: string[];
  consentPolicy: ConsentPolicy;
}

/** Why refresh tokens issued before a point in time stopped working; decides the AADSTS code the client sees. */
export type RevocationCode = 50173 | 70008;

export interface TokenRevocation {
  readonly atMs: number;
  /** Grants and sessions with a lower sequence number (see sequence.ts) are revoked. */
  readonly seq: number;
  readonly surfaceAs: RevocationCode;
}

export interface User {
  readonly objectId: string;
  readonly tenantId: string;
  userPrincipalName: string;
  mail: string;
  displayName: string;
  givenName?: string;
  surname?: string;
  /** Undefined: any password is accepted (tests that do not care about credentials). */
  password?: string;
  isAdmin: boolean;
  accountEnabled: boolean;
  mfaRequired: boolean;
  /** Has registered an authentication method; when MFA is required and this is false, sign-in asks to register first (AADSTS50079). */
  mfaRegistered: boolean;
  /** Everything issued before this (refresh tokens, sign-in sessions) is invalid: revoke-sessions, admin password reset. */
  allTokensValidFrom?: TokenRevocation;
  /**
   * A password change by the user revokes only public-client refresh tokens; confidential clients' tokens survive
   * (entra-docs refresh-tokens.md revocation table).
   */
  publicClientTokensValidFrom?: { readonly atMs: number; readonly seq: number };
}

export type RedirectPlatform = "web" | "spa" | "publicClient";

export interface ClientSecret {
  readonly keyId: string;
  readonly displayName: string;
  /** The first three characters, as the portal shows. */
  readonly hint: string;
  readonly secretText: string;
  readonly startMs: number;
  endMs: number;
}

export interface ClientCertificate {
  readonly keyId: string;
  readonly thumbprintSha1: Buffer;
  readonly thumbprintSha256: Buffer;
  readonly publicKey: KeyObject;
  readonly endMs: number;
}

export interface DelegatedPermission {
  readonly id: string;
  readonly value: string;
  readonly adminConsentRequired: boolean;
  readonly userConsentDisplayName: string;
  readonly adminConsentDisplayName: string;
}

export type AppRoleMemberType = "User" | "Application";

export interface AppRole {
  readonly id: string;
  readonly value: string;
  readonly displayName: string;
  readonly description: string;
  readonly allowedMemberTypes: readonly AppRoleMemberType[];
}

/** The app's static "API permissions" list; `/.default` and admin consent work from it. */
export interface RequiredResourceAccess {
  readonly resourceAppId: string;
  readonly scopes: readonly string[];
  readonly roles: readonly string[];
}

export type SignInAudience = "AzureADMyOrg" | "AzureADMultipleOrgs";

/** Which token format the API wants (app manifest accessTokenAcceptedVersion; null in the manifest means 1). */
export type TokenVersion = 1 | 2;

export interface Application {
  readonly appId: string;
  readonly objectId: string;
  displayName: string;
  readonly homeTenantId: string;
  signInAudience: SignInAudience;
  readonly redirectUris: Record<RedirectPlatform, string[]>;
  readonly secrets: ClientSecret[];
  readonly certificates: ClientCertificate[];
  readonly identifierUris: string[];
  readonly delegatedPermissions: DelegatedPermission[];
  readonly appRoles: AppRole[];
  accessTokenAcceptedVersion: TokenVersion;
  readonly requiredResourceAccess: RequiredResourceAccess[];
  /** Microsoft's own APIs (Graph, Exchange Online): present in every tenant, never a client here. */
  readonly firstParty: boolean;
}

/** oAuth2PermissionGrant: delegated scopes one client may use on one resource, for everyone or for one user. */
export type DelegatedGrant = {
  readonly tenantId: string;
  readonly clientId: string;
  readonly resourceAppId: string;
  /** Canonical permission values (as the resource spells them). */
  readonly scopes: Set<string>;
} & ({ readonly consentType: "AllPrincipals" } | { readonly consentType: "Principal"; readonly principalId: string });

/** appRoleAssignment: an app role of a resource granted to a user or to a client application's service principal. */
export type AppRoleAssignment = {
  readonly tenantId: string;
  readonly resourceAppId: string;
  readonly appRoleValue: string;
} & ({ readonly principalType: "User"; readonly principalId: string } | { readonly principalType: "ServicePrincipal"; readonly clientId: string });

/** A user's request through the admin consent workflow (AADSTS90095 page). */
export interface AdminConsentRequest {
  readonly id: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly requestedBy: string;
  readonly scopes: string[];
  readonly justification: string;
  readonly createdMs: number;
}
