import type { Response } from "express";
import { escapeHtml } from "./pageLayout";

/**
 * Delivering an authorization response to the app's redirect URI by `response_mode` (v2-oauth2-auth-code-flow.md):
 * `query` (the default for code) as a 302 with the parameters in the query string, `fragment` after `#`, `form_post`
 * as an auto-submitting HTML form POSTed to the redirect URI (with a Submit button when scripts are off, as Entra's).
 */

export type ResponseMode = "query" | "fragment" | "form_post";

export function deliverToRedirectUri(res: Response, redirectUri: string, mode: ResponseMode, params: ReadonlyArray<[string, string]>): void {
  if (mode === "form_post") {
    const inputs = params.map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}" />`).join("");
    res
      .status(200)
      .type("html")
      .setHeader("Cache-Control", "no-store, no-cache")
      .send(
        `<html><head><title>Working...</title></head><body><form method="POST" name="hiddenform" action="${escapeHtml(redirectUri)}">${inputs}` +
          `<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit" /></noscript></form>` +
          `<script language="javascript">document.forms[0].submit();</script></body></html>`,
      );
    return;
  }
  const encoded = new URLSearchParams(params as Array<[string, string]>).toString();
  const location =
    mode === "fragment" ? `${redirectUri}#${encoded}` : `${redirectUri}${redirectUri.includes("?") ? "&" : "?"}${encoded}`;
  res.setHeader("Cache-Control", "no-store, no-cache");
  res.redirect(302, location);
}
