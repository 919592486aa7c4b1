import { Router } from "express";
import type { EntraContext } from "./context";
import { stringParam } from "./http";
import { renderPage } from "./pageLayout";

/**
 * GET /{tenant}/oauth2/v2.0/logout: ends the browser's sign-in session, then returns to post_logout_redirect_uri when
 * it is a redirect URI some registered application owns (Entra only honours registered ones), else shows the
 * "You signed out of your account" page.
 */
export function logoutRouter(ctx: EntraContext): Router {
  const router = Router();
  router.get("/:tenant/oauth2/v2.0/logout", (req, res) => {
    const session = ctx.sessions.fromCookie(req);
    if (session) ctx.sessions.signOutEverywhere(session);
    const target = stringParam(req.query, "post_logout_redirect_uri");
    const known =
      target !== undefined &&
      [...ctx.directory.apps.values()].some((app) => Object.values(app.redirectUris).some((uris) => uris.includes(target)));
    if (target && known) {
      const state = stringParam(req.query, "state");
      res.redirect(302, state === undefined ? target : `${target}${target.includes("?") ? "&" : "?"}${new URLSearchParams({ state })}`);
      return;
    }
    res
      .type("html")
      .send(
        renderPage({
          title: "Sign out",
          body: `<h1>You signed out of your account</h1><p>It's a good idea to close all browser windows.</p>`,
        }),
      );
  });
  return router;
}
