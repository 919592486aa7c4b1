import type { Request, Response } from "express";
import { renderApprovalRequiredPage, renderNeedAdminApprovalPage } from "./adminApprovalPages";
import { aadsts } from "./aadsts";
import { decideConsent, recordConsent, type ConsentDecision } from "./consent";
import { renderConsentPage } from "./consentPage";
import type { EntraContext } from "./context";
import type { Tenant, User } from "./directoryTypes";
import { redirectErrorParams, type EntraError } from "./errors";
import type { AuthorizeFlow } from "./flows";
import { sendErrorPage } from "./http";
import { base64url, derivedGuid } from "./ids";
import { stampRequest } from "./requestStamp";
import { deliverToRedirectUri } from "./responseDelivery";
import type { SessionAccount } from "./sessions";
import { interactivePath, nextSignInStep, renderSignInStep } from "./signInSteps";

/**
 * The user-authorization flow after the request was validated: sign in (signInSteps), then consent, then a code
 * delivered to the redirect URI. With prompt=none every point that needs the user becomes an error redirect instead
 * (login_required, interaction_required, consent_required).
 */

/** Where an error goes back to: a flow, or a request rejected before its flow existed (no id yet). */
export type AuthorizeReplyTarget = Pick<AuthorizeFlow, "redirectUri" | "responseMode" | "state"> & { readonly id?: string };

export function redirectWithError(ctx: EntraContext, req: Request, res: Response, flow: AuthorizeReplyTarget, err: EntraError): void {
  const stamp = stampRequest(req, res, ctx.clock);
  const params = redirectErrorParams(err, stamp);
  if (flow.state !== undefined) params.push(["state", flow.state]);
  if (flow.id) ctx.flows.finish(flow.id);
  deliverToRedirectUri(res, flow.redirectUri, flow.responseMode, params);
}

function clientInfo(user: User): string {
  return base64url(JSON.stringify({ uid: user.objectId, utid: user.tenantId }));
}

function issueCode(ctx: EntraContext, res: Response, flow: AuthorizeFlow, user: User, account: SessionAccount): void {
  const now = ctx.clock.now();
  const code = ctx.grants.issueCode({
    clientId: flow.client.appId,
    tenantId: user.tenantId,
    userObjectId: user.objectId,
    sessionId: account.sessionId,
    mfa: account.mfa,
    redirectUri: flow.redirectUri,
    platform: flow.platform,
    challenge: flow.challenge,
    requested: flow.requested,
    nonce: flow.nonce,
    issuedMs: now,
  });
  ctx.issued.record({
    kind: "authorization_code",
    value: code.code,
    clientId: flow.client.appId,
    tenantId: user.tenantId,
    userObjectId: user.objectId,
    issuedAt: new Date(now).toISOString(),
  });
  const params: Array<[string, string]> = [["code", code.code]];
  if (flow.clientInfo) params.push(["client_info", clientInfo(user)]);
  if (flow.state !== undefined) params.push(["state", flow.state]);
  params.push(["session_state", account.sessionId]);
  ctx.flows.finish(flow.id);
  deliverToRedirectUri(res, flow.redirectUri, flow.responseMode, params);
}

function consentDecision(ctx: EntraContext, flow: AuthorizeFlow, user: User, tenant: Tenant): ConsentDecision {
  return decideConsent(ctx.directory, {
    tenant,
    client: flow.client,
    user,
    requested: flow.requested,
    forcePrompt: flow.prompt === "consent" && !flow.consentDone,
  });
}

export function advanceAuthorize(ctx: EntraContext, flow: AuthorizeFlow, req: Request, res: Response): void {
  const silent = flow.prompt === "none";
  const session = ctx.sessions.forRequest(req, res);
  const step = nextSignInStep(ctx, flow, session);
  if (step.kind !== "signedIn") {
    if (!silent) return renderSignInStep(flow, step, res);
    const err =
      step.kind === "mfa"
        ? step.user.mfaRegistered
          ? aadsts.mfaRequiredSilent(flow.client.appId)
          : aadsts.mfaRegistrationRequired(derivedGuid("capolicy", step.user.tenantId, "require-mfa"))
        : step.kind === "picker"
          ? aadsts.accountSelectionRequired()
          : aadsts.loginRequired();
    return redirectWithError(ctx, req, res, flow, err);
  }
  const { user, account } = step;
  const tenant = ctx.directory.tenants.get(user.tenantId);
  if (!tenant) return redirectWithError(ctx, req, res, flow, aadsts.loginRequired());
  if (flow.client.signInAudience === "AzureADMyOrg" && user.tenantId !== flow.client.homeTenantId) {
    // A single-tenant app does not exist in other directories: Entra stops on its error page.
    return sendErrorPage(ctx, req, res, aadsts.applicationNotFound(flow.client.appId, tenant.displayName));
  }

  const decision = consentDecision(ctx, flow, user, tenant);
  if (decision.kind === "granted") return issueCode(ctx, res, flow, user, account);
  if (silent) return redirectWithError(ctx, req, res, flow, aadsts.consentRequiredSilent(flow.client.appId, flow.client.displayName));
  res.type("html").setHeader("Cache-Control", "no-store, no-cache");
  if (decision.kind === "userMayConsent") {
    res.send(
      renderConsentPage({
        action: interactivePath(flow, "Consent/Set"),
        ctx: flow.id,
        userPrincipalName: user.userPrincipalName,
        client: flow.client,
        needs: decision.needs,
        mode: decision.asAdmin ? "admin" : "user",
      }),
    );
    return;
  }
  const switchAccountHref = `${interactivePath(flow, "login/switch")}?ctx=${encodeURIComponent(flow.id)}`;
  if (decision.code === 90095) {
    res.send(
      renderApprovalRequiredPage({
        client: flow.client,
        userPrincipalName: user.userPrincipalName,
        action: interactivePath(flow, "consent/request"),
        ctx: flow.id,
        switchAccountHref,
        needs: decision.needs,
      }),
    );
    return;
  }
  res.send(
    renderNeedAdminApprovalPage({
      client: flow.client,
      userPrincipalName: user.userPrincipalName,
      switchAccountHref,
      returnHref: `${interactivePath(flow, "consent/return")}?ctx=${encodeURIComponent(flow.id)}`,
      needs: decision.needs,
    }),
  );
}

/** Accept or Cancel on the consent page. */
export function answerConsent(ctx: EntraContext, flow: AuthorizeFlow, req: Request, res: Response, accepted: boolean, forOrganization: boolean): void {
  if (!accepted) return redirectWithError(ctx, req, res, flow, aadsts.userDeclinedConsent());
  const user = flow.chosenUserObjectId ? ctx.directory.users.get(flow.chosenUserObjectId) : undefined;
  const tenant = user ? ctx.directory.tenants.get(user.tenantId) : undefined;
  if (user && tenant) {
    const decision = consentDecision(ctx, flow, user, tenant);
    if (decision.kind === "userMayConsent") {
      recordConsent(ctx.directory, {
        tenantId: tenant.id,
        client: flow.client,
        user,
        needs: decision.needs,
        onBehalfOfOrganization: decision.asAdmin && forOrganization,
      });
      flow.consentDone = true;
    }
  }
  advanceAuthorize(ctx, flow, req, res);
}

/**
 * "Return to the application without granting consent" (90094) and "Back to app" (90095). What Entra sends back here
 * is not documented; the one real capture found (Microsoft Q&A 2237594, admin consent workflow) is
 * error=access_denied&error_subcode=cancel with AADSTS65004 "User declined to consent to access the app." The same
 * answer is used for both interrupts, so the app cannot tell "needs an admin" from "user said no", as in production.
 */
export function returnWithoutConsent(ctx: EntraContext, flow: AuthorizeFlow, req: Request, res: Response): void {
  redirectWithError(ctx, req, res, flow, aadsts.userDeclinedConsent());
}
