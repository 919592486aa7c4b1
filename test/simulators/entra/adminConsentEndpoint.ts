import { Router, type Request, type Response } from "express";
import { aadsts } from "./aadsts";
import { advanceAdminConsent, redirectAdminConsentError } from "./adminConsentFlow";
import { trustedRedirect } from "./authorizeEndpoint";
import type { EntraContext } from "./context";
import type { Application } from "./directoryTypes";
import { EntraError } from "./errors";
import type { AdminConsentFlow } from "./flows";
import { faultGate, sendErrorPage, stringParam } from "./http";
import { parseScopeParameter } from "./scopes";
import { pathTenantName, type TenantPath } from "./tenantPath";

/**
 * GET /{tenant}/adminconsent?client_id&redirect_uri&state            (v1 style: the app's static permissions)
 * GET /{tenant}/v2.0/adminconsent?client_id&scope&redirect_uri&state (v2: the named scopes; /.default = static list)
 */
export function adminConsentRouter(ctx: EntraContext): Router {
  const router = Router();
  const start = (version: 1 | 2) => (req: Request, res: Response) => {
    const q = req.query;
    let path: TenantPath;
    let client: Application;
    let redirectUri: string;
    try {
      ({ path, client, redirectUri } = trustedRedirect(ctx, String(req.params.tenant), q));
    } catch (err) {
      if (!(err instanceof EntraError)) throw err;
      return sendErrorPage(ctx, req, res, err);
    }
    const state = stringParam(q, "state");
    const provisional = { redirectUri, state };
    try {
      let requested: AdminConsentFlow["requested"];
      if (version === 2) {
        const raw = stringParam(q, "scope");
        if (!raw || !raw.trim()) throw aadsts.missingParameter("scope");
        requested = { raw, scopes: parseScopeParameter(raw, ctx.directory, client, pathTenantName(path)) };
      }
      const flow = ctx.flows.create<AdminConsentFlow>({
        kind: "adminconsent",
        path,
        client,
        redirectUri,
        state,
        requested,
        createdMs: ctx.clock.now(),
        needsCredentials: false,
      });
      advanceAdminConsent(ctx, flow, req, res);
    } catch (err) {
      if (!(err instanceof EntraError)) throw err;
      redirectAdminConsentError(ctx, req, res, provisional, err);
    }
  };
  router.get("/:tenant/adminconsent", faultGate(ctx, "adminconsent", "html"), start(1));
  router.get("/:tenant/v2.0/adminconsent", faultGate(ctx, "adminconsent", "html"), start(2));
  return router;
}
