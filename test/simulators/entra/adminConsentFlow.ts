import type { Request, Response } from "express";
import { renderNeedAdminApprovalPage } from "./adminApprovalPages";
import { aadsts } from "./aadsts";
import type { PermissionNeed } from "./consent";
import { renderConsentPage } from "./consentPage";
import type { EntraContext } from "./context";
import type { AppRole, Application, DelegatedPermission } from "./directoryTypes";
import { redirectErrorParams, type EntraError } from "./errors";
import type { AdminConsentFlow } from "./flows";
import { sendErrorPage } from "./http";
import { stampRequest } from "./requestStamp";
import { deliverToRedirectUri } from "./responseDelivery";
import { consentTargets } from "./scopes";
import { interactivePath, nextSignInStep, renderSignInStep } from "./signInSteps";

/**
 * Tenant-wide admin consent (/{tenant}/adminconsent and /{tenant}/v2.0/adminconsent; v2-admin-consent.md and
 * v2-oauth2-client-creds-grant-flow.md). An administrator signs in and accepts on behalf of the organisation:
 * delegated permissions become an AllPrincipals grant and application permissions become app-role assignments to the
 * client's service principal (what client-credentials tokens' `roles` come from).
 *   success: redirect_uri?admin_consent=True&tenant={guid}[&scope=…]&state=…
 *   cancel:  redirect_uri?error=access_denied&error_description=AADSTS65004…&admin_consent=True&state=… — from a real
 *            2023 capture (MicrosoftDocs/azure-docs#114009); the docs show permission_denied (v1 page) and
 *            consent_required (v2 page) instead, both older.
 */

interface AdminConsentScope {
  readonly delegated: PermissionNeed[];
  readonly application: Array<{ resource: Application; role: AppRole }>;
}

function staticPermissions(ctx: EntraContext, client: Application, resourceAppIds?: ReadonlySet<string>): AdminConsentScope {
  const delegated: PermissionNeed[] = [];
  const application: Array<{ resource: Application; role: AppRole }> = [];
  for (const access of client.requiredResourceAccess) {
    if (resourceAppIds && !resourceAppIds.has(access.resourceAppId)) continue;
    const resource = ctx.directory.app(access.resourceAppId);
    if (!resource) continue;
    const permissions = access.scopes
      .map((s) => ctx.directory.delegatedPermission(resource, s))
      .filter((p): p is DelegatedPermission => p !== undefined);
    if (permissions.length > 0) delegated.push({ resource, permissions });
    for (const value of access.roles) {
      const role = ctx.directory.appRole(resource, value);
      if (role) application.push({ resource, role });
    }
  }
  return { delegated, application };
}

/** What this admin consent covers: the static list (v1, or /.default on v2) and any explicitly named scopes. */
function permissionsFor(ctx: EntraContext, flow: AdminConsentFlow): AdminConsentScope {
  if (!flow.requested) return staticPermissions(ctx, flow.client);
  const defaults = new Set(flow.requested.scopes.resources.filter((r) => r.isDefault).map((r) => r.resourceAppId));
  const fromDefault = staticPermissions(ctx, flow.client, defaults);
  const delegated = [...fromDefault.delegated];
  for (const [resourceAppId, values] of consentTargets(flow.requested.scopes, flow.client)) {
    if (defaults.has(resourceAppId)) continue;
    const resource = ctx.directory.app(resourceAppId);
    if (!resource) continue;
    const permissions = [...values]
      .map((v) => ctx.directory.delegatedPermission(resource, v))
      .filter((p): p is DelegatedPermission => p !== undefined);
    if (permissions.length > 0) delegated.push({ resource, permissions });
  }
  return { delegated, application: fromDefault.application };
}

export function redirectAdminConsentError(
  ctx: EntraContext,
  req: Request,
  res: Response,
  flow: Pick<AdminConsentFlow, "redirectUri" | "state"> & { readonly id?: string },
  err: EntraError,
): void {
  const params = redirectErrorParams(err, stampRequest(req, res, ctx.clock)).filter(([k]) => k !== "error_subcode");
  params.push(["admin_consent", "True"]);
  if (flow.state !== undefined) params.push(["state", flow.state]);
  if (flow.id) ctx.flows.finish(flow.id);
  deliverToRedirectUri(res, flow.redirectUri, "query", params);
}

export function advanceAdminConsent(ctx: EntraContext, flow: AdminConsentFlow, req: Request, res: Response): void {
  const session = ctx.sessions.forRequest(req, res);
  const step = nextSignInStep(ctx, flow, session);
  if (step.kind !== "signedIn") return renderSignInStep(flow, step, res);
  const { user } = step;
  const tenant = ctx.directory.tenants.get(user.tenantId);
  if (!tenant) return renderSignInStep(flow, { kind: "credentials" }, res);
  if (flow.client.signInAudience === "AzureADMyOrg" && tenant.id !== flow.client.homeTenantId) {
    return sendErrorPage(ctx, req, res, aadsts.applicationNotFound(flow.client.appId, tenant.displayName));
  }
  const scope = permissionsFor(ctx, flow);
  res.type("html").setHeader("Cache-Control", "no-store, no-cache");
  if (!user.isAdmin) {
    res.send(
      renderNeedAdminApprovalPage({
        client: flow.client,
        userPrincipalName: user.userPrincipalName,
        switchAccountHref: `${interactivePath(flow, "login/switch")}?ctx=${encodeURIComponent(flow.id)}`,
        returnHref: `${interactivePath(flow, "consent/return")}?ctx=${encodeURIComponent(flow.id)}`,
        needs: scope.delegated,
      }),
    );
    return;
  }
  res.send(
    renderConsentPage({
      action: interactivePath(flow, "Consent/Set"),
      ctx: flow.id,
      userPrincipalName: user.userPrincipalName,
      client: flow.client,
      needs: scope.delegated,
      applicationPermissions: scope.application,
      mode: "organization",
    }),
  );
}

export function answerAdminConsent(ctx: EntraContext, flow: AdminConsentFlow, req: Request, res: Response, accepted: boolean): void {
  if (!accepted) return redirectAdminConsentError(ctx, req, res, flow, aadsts.userDeclinedConsent());
  const user = flow.chosenUserObjectId ? ctx.directory.users.get(flow.chosenUserObjectId) : undefined;
  if (!user || !user.isAdmin) return advanceAdminConsent(ctx, flow, req, res);
  const tenantId = user.tenantId;
  const scope = permissionsFor(ctx, flow);
  ctx.directory.ensureServicePrincipal(tenantId, flow.client.appId);
  for (const need of scope.delegated) {
    ctx.directory.grantDelegated({ tenantId, clientId: flow.client.appId, resourceAppId: need.resource.appId, scopes: need.permissions.map((p) => p.value) });
  }
  for (const { resource, role } of scope.application) {
    ctx.directory.ensureServicePrincipal(tenantId, resource.appId);
    ctx.directory.assignAppRole({ tenantId, resourceAppId: resource.appId, appRoleValue: role.value, principalType: "ServicePrincipal", clientId: flow.client.appId });
  }
  const params: Array<[string, string]> = [
    ["admin_consent", "True"],
    ["tenant", tenantId],
  ];
  if (flow.requested) params.push(["scope", flow.requested.raw]);
  if (flow.state !== undefined) params.push(["state", flow.state]);
  ctx.flows.finish(flow.id);
  deliverToRedirectUri(res, flow.redirectUri, "query", params);
}
