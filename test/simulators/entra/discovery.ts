import { Router, type Request, type Response } from "express";
import { aadsts } from "./aadsts";
import type { EntraContext } from "./context";
import { EntraError } from "./errors";
import { faultGate, sendJsonError, stringParam } from "./http";
import { issuerTemplate, issuerV2 } from "./issuers";
import { resolveTenantPath, type TenantPath } from "./tenantPath";

/**
 * Discovery documents, shaped like the real recordings in test/fixtures/ms-samples/entra:
 *   GET /{tenant}/v2.0/.well-known/openid-configuration
 *   GET /common/discovery/instance?api-version=1.1&authorization_endpoint=…   (MSAL's cloud instance discovery)
 *   GET /{tenant}/discovery/v2.0/keys                                          (JWKS)
 * A tenant addressed by domain gets GUID-based endpoints; /common and /organizations keep their alias in the
 * endpoints and use the `{tenantid}` issuer template, as login.microsoftonline.com does.
 */

function discoveryHeaders(res: Response): void {
  // As recorded from the real service.
  res.setHeader("Cache-Control", "max-age=86400, private");
  res.setHeader("Access-Control-Allow-Origin", "*");
}

export function openIdConfiguration(ctx: EntraContext, path: TenantPath): Record<string, unknown> {
  const base = ctx.origin.url;
  const segment = path.kind === "tenant" ? path.tenant.id : path.segment.toLowerCase();
  return {
    token_endpoint: `${base}/${segment}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${base}/${segment}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: path.kind === "tenant" ? issuerV2(ctx.origin, path.tenant.id) : issuerTemplate(ctx.origin),
    request_uri_parameter_supported: false,
    // The real document points at Graph's userinfo; the simulator serves its own so nothing leaves loopback.
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${base}/${segment}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/${segment}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/${segment}/oauth2/v2.0/logout`,
    claims_supported: [
      "sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat",
      "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email",
    ],
    tenant_region_scope: path.kind === "tenant" ? "WW" : null,
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
    rbac_url: "https://pas.windows.net",
  };
}

/** MSAL's instance-discovery answer for this host: one cloud whose only alias is the simulator itself. */
export function instanceDiscovery(ctx: EntraContext, tenantSegment: string): Record<string, unknown> {
  const host = new URL(ctx.origin.url).host;
  return {
    tenant_discovery_endpoint: `${ctx.origin.url}/${tenantSegment}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}

const unknownInstance = () => new EntraError({ code: 50049, error: "invalid_instance", message: "Unknown or invalid instance." });

export function discoveryRouter(ctx: EntraContext): Router {
  const router = Router();

  router.get("/:tenant/v2.0/.well-known/openid-configuration", faultGate(ctx, "discovery", "json"), (req: Request, res: Response) => {
    try {
      const path = resolveTenantPath(ctx.directory, String(req.params.tenant));
      discoveryHeaders(res);
      res.json(openIdConfiguration(ctx, path));
    } catch (err) {
      if (!(err instanceof EntraError)) throw err;
      sendJsonError(ctx, req, res, err);
    }
  });

  router.get("/common/discovery/instance", faultGate(ctx, "discovery", "json"), (req: Request, res: Response) => {
    const endpoint = stringParam(req.query, "authorization_endpoint");
    if (!endpoint) return sendJsonError(ctx, req, res, aadsts.missingParameter("authorization_endpoint"));
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return sendJsonError(ctx, req, res, unknownInstance());
    }
    if (url.host !== new URL(ctx.origin.url).host) return sendJsonError(ctx, req, res, unknownInstance());
    const tenantSegment = url.pathname.split("/").filter(Boolean)[0] ?? "common";
    discoveryHeaders(res);
    res.json(instanceDiscovery(ctx, tenantSegment));
  });

  const keys = async (req: Request, res: Response) => {
    try {
      const path = resolveTenantPath(ctx.directory, String(req.params.tenant));
      discoveryHeaders(res);
      res.json(await ctx.keys.jwks(path.kind === "tenant" ? issuerV2(ctx.origin, path.tenant.id) : issuerTemplate(ctx.origin)));
    } catch (err) {
      if (!(err instanceof EntraError)) throw err;
      sendJsonError(ctx, req, res, err);
    }
  };
  router.get("/:tenant/discovery/v2.0/keys", faultGate(ctx, "keys", "json"), keys);
  router.get("/:tenant/discovery/keys", faultGate(ctx, "keys", "json"), keys);

  return router;
}
