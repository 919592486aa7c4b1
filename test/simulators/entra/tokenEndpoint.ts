import express, { Router, type Request, type Response } from "express";
import { aadsts } from "./aadsts";
import { clientForPath } from "./authorizeEndpoint";
import { presentedClient } from "./clientAuth";
import type { EntraContext } from "./context";
import { EntraError } from "./errors";
import { redeemAuthorizationCode } from "./grantAuthorizationCode";
import { issueClientCredentialsToken } from "./grantClientCredentials";
import { redeemRefreshToken } from "./grantRefreshToken";
import type { GrantHandler } from "./grantRequest";
import { faultGate, sendJsonError, stringParam, tokenEndpointHeaders } from "./http";
import { stampRequest } from "./requestStamp";
import { resolveTenantPath, type TenantPath } from "./tenantPath";

/**
 * POST /{tenant}/oauth2/v2.0/token, form-urlencoded. Errors are Entra's JSON body (errors.ts) with 400, or 401 for
 * invalid_client. Browsers may call it cross-origin (SPA redemption), hence CORS on every answer and preflight.
 */

/** Audiences a client assertion may name: this endpoint as called, and with the tenant GUID. */
function tokenEndpointAudiences(ctx: EntraContext, path: TenantPath): string[] {
  const segments = new Set([path.segment, path.kind === "tenant" ? path.tenant.id : path.segment]);
  return [...segments].map((s) => `${ctx.origin.url}/${s}/oauth2/v2.0/token`);
}

/** The grant types this endpoint knows (a Map: `grant_type` is the caller's text, and may say "constructor"). */
const grants: ReadonlyMap<string, GrantHandler> = new Map([
  ["authorization_code", redeemAuthorizationCode],
  ["refresh_token", redeemRefreshToken],
  ["client_credentials", issueClientCredentialsToken],
]);

export function tokenRouter(ctx: EntraContext): Router {
  const router = Router();
  const route = "/:tenant/oauth2/v2.0/token";

  router.options(route, (_req, res) => {
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
    res.setHeader("Access-Control-Allow-Headers", "Content-Type, client-request-id, x-client-sku, x-client-ver, x-client-os, x-client-cpu, x-client-current-telemetry, x-client-last-telemetry, x-ms-lib-capability, return-client-request-id");
    res.setHeader("Access-Control-Max-Age", "86400");
    res.status(204).end();
  });

  router.post(route, faultGate(ctx, "token", "json"), express.urlencoded({ extended: false }), async (req: Request, res: Response) => {
    try {
      stampRequest(req, res, ctx.clock);
      const path = resolveTenantPath(ctx.directory, String(req.params.tenant));
      const grantType = stringParam(req.body as unknown, "grant_type");
      if (!grantType) throw aadsts.missingParameter("grant_type");
      const presented = presentedClient(req);
      if (!presented.clientId) throw aadsts.missingParameter("client_id");
      const client = clientForPath(ctx, path, presented.clientId);
      const grant = grants.get(grantType);
      if (!grant) throw aadsts.unsupportedGrantType(grantType);
      const body = await grant({ ctx, req, path, client, credential: presented.credential, tokenEndpointAudiences: tokenEndpointAudiences(ctx, path) });
      tokenEndpointHeaders(res);
      res.status(200).json(body);
    } catch (err) {
      if (!(err instanceof EntraError)) throw err;
      sendJsonError(ctx, req, res, err);
    }
  });
  return router;
}
