import express, { Router, type Request, type Response } from "express";
import { renderRequestSentPage } from "./adminApprovalPages";
import { aadsts } from "./aadsts";
import { advanceAdminConsent, answerAdminConsent, redirectAdminConsentError } from "./adminConsentFlow";
import { advanceAuthorize, answerConsent, returnWithoutConsent } from "./authorizeFlow";
import type { EntraContext } from "./context";
import { missingPermissions } from "./consent";
import { newGuid } from "./ids";
import type { InteractiveFlow } from "./flows";
import { sendErrorPage, stringParam } from "./http";
import { interactivePath, renderSignInStep } from "./signInSteps";
import { pathAdmitsTenant } from "./tenantPath";

/**
 * The form posts and links of the sign-in pages, shared by both interactive flows (the `ctx` field names the flow):
 *   POST /{tenant}/login                 credentials
 *   POST /{tenant}/login/mfa             second factor
 *   POST /{tenant}/login/select-account  account picker
 *   GET  /{tenant}/login/switch          "Have an admin account? Sign in with that account"
 *   POST /{tenant}/Consent/Set           Accept / Cancel
 *   POST /{tenant}/consent/request       admin consent workflow request (AADSTS90095 page)
 *   GET  /{tenant}/consent/return        "Return to the application without granting consent" / "Back to app"
 */

/** Messages of the real sign-in page for the failures a user can cause. */
const signInMessages = {
  unknownUser: "This username may be incorrect. Make sure you typed it correctly. Otherwise, contact your admin.", // AADSTS50034
  wrongPassword: "Your account or password is incorrect. If you don't remember your password, reset it now.", // AADSTS50126
  disabled: "Your account has been locked. Contact your support person to unlock it, then try again.", // AADSTS50057
  badCode: "You didn't enter the expected verification code. Please try again.",
};

function advance(ctx: EntraContext, flow: InteractiveFlow, req: Request, res: Response): void {
  if (flow.kind === "authorize") advanceAuthorize(ctx, flow, req, res);
  else advanceAdminConsent(ctx, flow, req, res);
}

export function interactiveRouter(ctx: EntraContext): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false });

  /** The flow named by `ctx`, or Entra's error page for a stale or forged one. */
  const flowOf = (req: Request, res: Response): InteractiveFlow | undefined => {
    const flow = ctx.flows.get(stringParam(req.body, "ctx") ?? stringParam(req.query, "ctx"));
    if (!flow) sendErrorPage(ctx, req, res, aadsts.malformedRequest());
    return flow;
  };

  router.post("/:tenant/login", form, (req, res) => {
    const flow = flowOf(req, res);
    if (!flow) return;
    const login = stringParam(req.body, "login") ?? "";
    const password = stringParam(req.body, "passwd") ?? "";
    const user = ctx.directory.userBySignInName(login);
    const credentials = { kind: "credentials" } as const;
    if (!user || !pathAdmitsTenant(flow.path, user.tenantId)) return renderSignInStep(flow, credentials, res, signInMessages.unknownUser);
    if (user.password !== undefined && user.password !== password) return renderSignInStep(flow, credentials, res, signInMessages.wrongPassword);
    if (!user.accountEnabled) return renderSignInStep(flow, credentials, res, signInMessages.disabled);
    const session = ctx.sessions.forRequest(req, res);
    ctx.sessions.signIn(session, user, ctx.clock.now(), false);
    flow.chosenUserObjectId = user.objectId;
    flow.needsCredentials = false;
    if (flow.kind === "authorize") flow.needsAccountPick = false;
    advance(ctx, flow, req, res);
  });

  router.post("/:tenant/login/mfa", form, (req, res) => {
    const flow = flowOf(req, res);
    if (!flow) return;
    const user = flow.chosenUserObjectId ? ctx.directory.users.get(flow.chosenUserObjectId) : undefined;
    const session = ctx.sessions.forRequest(req, res);
    const account = session.accounts.find((a) => a.userObjectId === user?.objectId);
    if (!user || !account) return advance(ctx, flow, req, res);
    // Any six digits stand for the authenticator code: the simulator tests flows, not TOTP.
    if (!/^\d{6}$/.test(stringParam(req.body, "otc") ?? "")) return renderSignInStep(flow, { kind: "mfa", user }, res, signInMessages.badCode);
    account.mfa = true;
    advance(ctx, flow, req, res);
  });

  /** "More information required" → Next: the user registers a method (simulated), then proves it on the code page. */
  router.post("/:tenant/login/mfa/register", form, (req, res) => {
    const flow = flowOf(req, res);
    if (!flow) return;
    const user = flow.chosenUserObjectId ? ctx.directory.users.get(flow.chosenUserObjectId) : undefined;
    if (user) user.mfaRegistered = true;
    advance(ctx, flow, req, res);
  });

  router.post("/:tenant/login/select-account", form, (req, res) => {
    const flow = flowOf(req, res);
    if (!flow) return;
    const choice = stringParam(req.body, "account");
    if (flow.kind === "authorize") flow.needsAccountPick = false;
    if (choice === "other" || !choice) {
      flow.needsCredentials = true;
      flow.chosenUserObjectId = undefined;
    } else {
      flow.chosenUserObjectId = choice;
    }
    advance(ctx, flow, req, res);
  });

  router.get("/:tenant/login/switch", (req, res) => {
    const flow = flowOf(req, res);
    if (!flow) return;
    flow.needsCredentials = true;
    flow.chosenUserObjectId = undefined;
    advance(ctx, flow, req, res);
  });

  router.post("/:tenant/Consent/Set", form, (req, res) => {
    const flow = flowOf(req, res);
    if (!flow) return;
    const accepted = stringParam(req.body, "action") === "accept";
    if (flow.kind === "authorize") answerConsent(ctx, flow, req, res, accepted, stringParam(req.body, "consentOnBehalfOfOrganization") === "true");
    else answerAdminConsent(ctx, flow, req, res, accepted);
  });

  router.post("/:tenant/consent/request", form, (req, res) => {
    const flow = flowOf(req, res);
    if (!flow) return;
    const user = flow.chosenUserObjectId ? ctx.directory.users.get(flow.chosenUserObjectId) : undefined;
    if (flow.kind !== "authorize" || !user) return advance(ctx, flow, req, res);
    const needs = missingPermissions(ctx.directory, { tenantId: user.tenantId, client: flow.client, user, requested: flow.requested, everything: false });
    ctx.directory.adminConsentRequests.push({
      id: newGuid(),
      tenantId: user.tenantId,
      clientId: flow.client.appId,
      requestedBy: user.objectId,
      scopes: needs.flatMap((n) => n.permissions.map((p) => `${n.resource.appId}/${p.value}`)),
      justification: stringParam(req.body, "justification") ?? "",
      createdMs: ctx.clock.now(),
    });
    res
      .type("html")
      .send(
        renderRequestSentPage({
          client: flow.client,
          userPrincipalName: user.userPrincipalName,
          returnHref: `${interactivePath(flow, "consent/return")}?ctx=${encodeURIComponent(flow.id)}`,
        }),
      );
  });

  router.get("/:tenant/consent/return", (req, res) => {
    const flow = flowOf(req, res);
    if (!flow) return;
    if (flow.kind === "authorize") returnWithoutConsent(ctx, flow, req, res);
    else redirectAdminConsentError(ctx, req, res, flow, aadsts.userDeclinedConsent());
  });

  return router;
}
