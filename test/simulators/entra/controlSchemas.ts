import { z } from "zod";

/**
 * Input of every control operation, validated with zod so a test or a demo script that sends a wrong field gets a
 * message naming it. The same schemas serve the in-process control object and POST /_control/{operation}.
 * Users are named by object id or sign-in name, tenants by id or verified domain, resources by app id, identifier
 * URI, or the shorthands "graph" / "exchange".
 */

const nonEmpty = (what: string) => z.string({ error: `${what} is required` }).trim().min(1, `${what} must not be empty`);
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "a verified domain looks like contoso.com");
const absoluteUri = z.string().trim().refine((v) => {
  try {
    return new URL(v).protocol.length > 0;
  } catch {
    return false;
  }
}, "must be an absolute URI such as https://localhost:3000/auth/callback");

export const consentPolicySchema = z.enum(["allowUserConsent", "adminApprovalRequired", "adminConsentWorkflow"]);
export const faultEndpointSchema = z.enum(["token", "authorize", "discovery", "keys", "adminconsent"]);

export const addTenantInput = z.object({
  id: z.guid("id must be a GUID").optional(),
  displayName: nonEmpty("displayName"),
  verifiedDomains: z.array(domain).min(1, "a tenant needs at least one verified domain"),
  consentPolicy: consentPolicySchema.default("allowUserConsent"),
});

export const setConsentPolicyInput = z.object({ tenant: nonEmpty("tenant"), consentPolicy: consentPolicySchema });

export const addUserInput = z.object({
  tenant: nonEmpty("tenant"),
  userPrincipalName: z.email("userPrincipalName must look like an email address (user@contoso.com)"),
  displayName: nonEmpty("displayName"),
  objectId: z.guid("objectId must be a GUID").optional(),
  mail: z.email().optional(),
  givenName: z.string().optional(),
  surname: z.string().optional(),
  password: z.string().min(1).optional(),
  isAdmin: z.boolean().default(false),
  mfaRequired: z.boolean().default(false),
  /** false: the user has no authentication method yet, so required MFA means registering first (AADSTS50079). */
  mfaRegistered: z.boolean().default(true),
  accountEnabled: z.boolean().default(true),
});

export const updateUserInput = z.object({
  user: nonEmpty("user"),
  displayName: z.string().min(1).optional(),
  mail: z.email().optional(),
  isAdmin: z.boolean().optional(),
  mfaRequired: z.boolean().optional(),
  mfaRegistered: z.boolean().optional(),
  accountEnabled: z.boolean().optional(),
});

export const requireMfaInput = z.object({
  user: nonEmpty("user"),
  required: z.boolean().default(true),
  /** false: the user still has to register a method (refresh answers AADSTS50079 instead of 50076). */
  registered: z.boolean().optional(),
});

export const resetPasswordInput = z.object({
  user: nonEmpty("user"),
  newPassword: z.string().min(1, "newPassword must not be empty"),
  /** "admin": reset in the admin center (revokes refresh tokens); "user": self-service change (public clients only). */
  by: z.enum(["admin", "user"]).default("admin"),
});

export const revokeSessionsInput = z.object({
  user: nonEmpty("user"),
  /** What refresh with a revoked token answers: AADSTS50173 (FreshTokenNeeded) or AADSTS70008 (ExpiredOrRevokedGrant). */
  surfaceAs: z.union([z.literal(50173), z.literal(70008)]).default(50173),
});

const appRoleInput = z.object({
  value: z.string().regex(/^[^\s]+$/, "an app role value has no spaces (e.g. Sync.Admin)"),
  displayName: z.string().optional(),
  description: z.string().optional(),
  allowedMemberTypes: z.array(z.enum(["User", "Application"])).min(1).default(["User"]),
});

const exposedScopeInput = z.object({
  value: z.string().regex(/^[^\s/]+$/, "a scope value has no spaces or slashes (e.g. access_as_user)"),
  adminConsentRequired: z.boolean().default(false),
  userConsentDisplayName: z.string().optional(),
  adminConsentDisplayName: z.string().optional(),
});

const requiredResourceAccessInput = z.object({
  resource: nonEmpty("resource"),
  scopes: z.array(z.string()).default([]),
  roles: z.array(z.string()).default([]),
});

export const registerAppInput = z.object({
  homeTenant: nonEmpty("homeTenant"),
  displayName: nonEmpty("displayName"),
  clientId: z.guid("clientId must be a GUID").optional(),
  signInAudience: z.enum(["AzureADMyOrg", "AzureADMultipleOrgs"]).default("AzureADMultipleOrgs"),
  webRedirectUris: z.array(absoluteUri).default([]),
  spaRedirectUris: z.array(absoluteUri).default([]),
  publicClientRedirectUris: z.array(absoluteUri).default([]),
  appRoles: z.array(appRoleInput).default([]),
  /** Expose an API as api://{clientId} with these scopes (default one scope, access_as_user). */
  exposeApi: z
    .object({ scopes: z.array(exposedScopeInput).min(1).default([{ value: "access_as_user", adminConsentRequired: false }]) })
    .optional(),
  /** Token format the exposed API wants: 2 for our own API; Entra's default (null in the manifest) means 1. */
  accessTokenAcceptedVersion: z.union([z.literal(1), z.literal(2)]).default(1),
  requiredResourceAccess: z.array(requiredResourceAccessInput).default([]),
});

export const addClientSecretInput = z.object({
  clientId: nonEmpty("clientId"),
  displayName: z.string().default("simulator secret"),
  expiresInDays: z.number().positive().default(180),
});

export const clientSecretRefInput = z.object({ clientId: nonEmpty("clientId"), keyId: z.guid("keyId must be the secret's GUID") });

export const addClientCertificateInput = z.object({
  clientId: nonEmpty("clientId"),
  certificatePem: z.string().includes("BEGIN CERTIFICATE", { message: "certificatePem must be a PEM certificate" }),
});

export const appRoleAssignmentInput = z.object({ user: nonEmpty("user"), resource: nonEmpty("resource"), role: nonEmpty("role") });

export const grantUserConsentInput = z.object({
  user: nonEmpty("user"),
  clientId: nonEmpty("clientId"),
  /** In `scope` syntax: "User.Read", "openid", "https://outlook.office365.com/EWS.AccessAsUser.All", "api://{id}/access_as_user". */
  scopes: z.array(z.string()).min(1, "name at least one scope"),
});

export const grantAdminConsentInput = z.object({
  tenant: nonEmpty("tenant"),
  clientId: nonEmpty("clientId"),
  /** Delegated scopes in `scope` syntax; default: the app's static permission list. */
  scopes: z.array(z.string()).optional(),
  /** Application permissions as "{resource}/{role}", e.g. "https://outlook.office365.com/full_access_as_app"; default: static list. */
  roles: z.array(z.string()).optional(),
});

export const revokeUserConsentInput = z.object({ user: nonEmpty("user"), clientId: nonEmpty("clientId") });
export const revokeAdminConsentInput = z.object({ tenant: nonEmpty("tenant"), clientId: nonEmpty("clientId") });
export const listAdminConsentRequestsInput = z.object({ tenant: z.string().optional() });

export const advanceClockInput = z
  .object({
    ms: z.number().nonnegative().default(0),
    seconds: z.number().nonnegative().default(0),
    minutes: z.number().nonnegative().default(0),
    hours: z.number().nonnegative().default(0),
    days: z.number().nonnegative().default(0),
  })
  .refine((v) => v.ms + v.seconds + v.minutes + v.hours + v.days > 0, "say how far to advance: ms, seconds, minutes, hours or days");

export const emptyInput = z.object({});

export const listIssuedTokensInput = z.object({
  kind: z.enum(["authorization_code", "access_token", "id_token", "refresh_token", "client_secret"]).optional(),
  clientId: z.string().optional(),
  user: z.string().optional(),
});

export const injectOutageInput = z.object({
  endpoints: z.array(faultEndpointSchema).min(1).default(["token", "authorize", "discovery", "keys", "adminconsent"]),
  status: z.union([z.literal(503), z.literal(500), z.literal(429)]).default(503),
  /** Only the next N matching requests; default: until clearFaults. */
  count: z.number().int().positive().optional(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});

export const injectLatencyInput = z.object({
  endpoints: z.array(faultEndpointSchema).min(1).default(["token", "authorize", "discovery", "keys", "adminconsent"]),
  ms: z.number().int().positive("latency ms must be positive"),
  count: z.number().int().positive().optional(),
});

export const rotateSigningKeyInput = z.object({ dropOld: z.boolean().default(false) });

export const setTokenLifetimesInput = z.object({
  accessTokenSeconds: z.number().int().min(60).optional(),
  appOnlyAccessTokenSeconds: z.number().int().min(60).optional(),
  idTokenSeconds: z.number().int().min(60).optional(),
});
