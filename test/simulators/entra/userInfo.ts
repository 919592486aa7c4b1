import { Router } from "express";
import type { EntraContext } from "./context";
import type { AccessTokenVerification } from "./verifyToken";
import { graphAppId } from "./wellKnownResources";

/**
 * GET /oidc/userinfo with a Graph access token (the discovery document's userinfo_endpoint). The real endpoint lives
 * on graph.microsoft.com; the simulator answers it itself so an OIDC library following discovery stays on loopback.
 */
export function userInfoRouter(ctx: EntraContext, verify: (token: string, audience: string[]) => Promise<AccessTokenVerification>): Router {
  const router = Router();
  router.get("/oidc/userinfo", async (req, res) => {
    const header = req.get("authorization") ?? "";
    const token = header.toLowerCase().startsWith("bearer ") ? header.slice(7).trim() : "";
    const result = await verify(token, [graphAppId, "https://graph.microsoft.com"]);
    const user = result.ok ? ctx.directory.users.get(String(result.claims.oid)) : undefined;
    if (!result.ok || !user) {
      res.setHeader("WWW-Authenticate", 'Bearer error="invalid_token"');
      res.status(401).json({ error: { code: "InvalidAuthenticationToken", message: result.ok ? "Unknown user." : `Access token validation failure (${result.reason}).` } });
      return;
    }
    res.json({
      sub: String(result.claims.sub),
      name: user.displayName,
      ...(user.surname ? { family_name: user.surname } : {}),
      ...(user.givenName ? { given_name: user.givenName } : {}),
      email: user.mail,
    });
  });
  return router;
}
