import type { Directory } from "./directory";
import type { Application, DelegatedPermission, Tenant, User } from "./directoryTypes";
import { consentTargets, type RequestedScopes } from "./scopes";

/**
 * Consent decisions for the authorize endpoint: what the user has not consented to yet, and whether this user may
 * consent to it. Rules (entra-docs consent docs, application-sign-in-unexpected-user-consent-error.md):
 *   - a scope is covered by the user's own grant or by the tenant-wide admin grant;
 *   - admins may always consent (for themselves, or for the organisation with the checkbox);
 *   - other users only when the tenant allows user consent and no missing permission is admin-only;
 *   - otherwise the sign-in is interrupted: AADSTS90094 "Need admin approval", or AADSTS90095 "Approval required"
 *     when the admin consent workflow is on.
 */

export interface PermissionNeed {
  readonly resource: Application;
  readonly permissions: readonly DelegatedPermission[];
}

export type ConsentDecision =
  | { readonly kind: "granted" }
  | { readonly kind: "userMayConsent"; readonly needs: readonly PermissionNeed[]; readonly asAdmin: boolean }
  | { readonly kind: "adminApprovalRequired"; readonly needs: readonly PermissionNeed[]; readonly code: 90094 | 90095 };

function resolveNeeds(directory: Directory, perResource: Map<string, Set<string>>): PermissionNeed[] {
  const needs: PermissionNeed[] = [];
  for (const [resourceAppId, values] of perResource) {
    const resource = directory.app(resourceAppId);
    if (!resource || values.size === 0) continue;
    const permissions = [...values]
      .map((v) => directory.delegatedPermission(resource, v))
      .filter((p): p is DelegatedPermission => p !== undefined);
    if (permissions.length > 0) needs.push({ resource, permissions });
  }
  return needs;
}

/** Permissions asked for that neither the user nor an admin has granted (all of them when `everything`). */
export function missingPermissions(
  directory: Directory,
  input: { tenantId: string; client: Application; user: User; requested: RequestedScopes; everything: boolean },
): PermissionNeed[] {
  const missing = new Map<string, Set<string>>();
  for (const [resourceAppId, values] of consentTargets(input.requested, input.client)) {
    const granted = directory.grantedScopes({
      tenantId: input.tenantId,
      clientId: input.client.appId,
      resourceAppId,
      userObjectId: input.user.objectId,
    });
    missing.set(resourceAppId, new Set([...values].filter((v) => input.everything || !granted.has(v))));
  }
  return resolveNeeds(directory, missing);
}

export function decideConsent(
  directory: Directory,
  input: { tenant: Tenant; client: Application; user: User; requested: RequestedScopes; forcePrompt: boolean },
): ConsentDecision {
  const missing = missingPermissions(directory, { tenantId: input.tenant.id, client: input.client, user: input.user, requested: input.requested, everything: false });
  if (missing.length === 0 && !input.forcePrompt) return { kind: "granted" };
  // prompt=consent re-asks for everything requested, not only what is missing.
  const needs = input.forcePrompt
    ? missingPermissions(directory, { tenantId: input.tenant.id, client: input.client, user: input.user, requested: input.requested, everything: true })
    : missing;
  if (input.user.isAdmin) return { kind: "userMayConsent", needs, asAdmin: true };
  const adminOnly = needs.some((n) => n.permissions.some((p) => p.adminConsentRequired));
  if (input.tenant.consentPolicy === "allowUserConsent" && !adminOnly) return { kind: "userMayConsent", needs, asAdmin: false };
  // With prompt=consent and everything already admin-granted, a non-admin still cannot re-consent: Entra shows the
  // approval interrupt (observed behaviour reported in Q&A threads; not in the reference docs).
  return { kind: "adminApprovalRequired", needs, code: input.tenant.consentPolicy === "adminConsentWorkflow" ? 90095 : 90094 };
}

/** Records consent: for the user alone, or tenant-wide when an admin ticked "Consent on behalf of your organization". */
export function recordConsent(
  directory: Directory,
  input: { tenantId: string; client: Application; user: User; needs: readonly PermissionNeed[]; onBehalfOfOrganization: boolean },
): void {
  directory.ensureServicePrincipal(input.tenantId, input.client.appId);
  for (const need of input.needs) {
    directory.grantDelegated({
      tenantId: input.tenantId,
      clientId: input.client.appId,
      resourceAppId: need.resource.appId,
      scopes: need.permissions.map((p) => p.value),
      principalId: input.onBehalfOfOrganization ? undefined : input.user.objectId,
    });
  }
}
