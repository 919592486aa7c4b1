import type { Response } from "express";
import { Router } from "express";
import type { Config } from "../config";
import type { AdminConsentService } from "../identity/adminConsentService";
import type { ConnectService } from "../identity/connectService";
import type { Logger } from "../logger";
import type { AuditLog } from "../store/auditLog";
import { adminConsentResultPage, connectResultPage } from "./resultPage";

/**
 * OAuth redirects. No bearer token here (a browser navigates these): trust comes from the single-use state created by
 * an authenticated call, and redirects go only to Entra's configured host.
 */
export function connectRouter(d: { config: Config; connect: ConnectService; adminConsent: AdminConsentService; audit: AuditLog; logger: Logger }): Router {
  const r = Router();
  const noStore = (res: Response) => res.set("Cache-Control", "no-store").set("Referrer-Policy", "no-referrer");

  r.get("/connect/begin", async (req, res) => {
    noStore(res);
    const state = typeof req.query.state === "string" ? req.query.state : "";
    const url = state ? await d.connect.authorizeUrl(state) : null;
    if (!url) {
      res.status(400).type("html").send(connectResultPage({ outcome: "error", message: "This sign-in link has expired or was already used. Close this window and choose Set up sync again." }, d.config.officeJsUrl));
      return;
    }
    res.redirect(302, url);
  });

  r.get("/connect/callback", async (req, res) => {
    noStore(res);
    const outcome = await d.connect.complete(req.query as Record<string, unknown>);
    res.status(outcome.outcome === "error" ? 400 : 200).type("html").send(connectResultPage(outcome, d.config.officeJsUrl));
  });

  r.get("/connect/admin-consent", async (req, res) => {
    noStore(res);
    const tenant = typeof req.query.tenant === "string" ? req.query.tenant : "organizations";
    try {
      res.redirect(302, await d.adminConsent.startUrl(tenant));
    } catch {
      res.status(400).type("html").send(adminConsentResultPage(false, "The link names no valid tenant. Ask for a new link."));
    }
  });

  r.get("/connect/admin-consent/callback", async (req, res) => {
    noStore(res);
    const result = await d.adminConsent.complete(req.query as Record<string, unknown>);
    if (result.ok) {
      await d.audit.append({ tenantId: result.tenantId, actor: "tenant-admin", action: "tenant.admin_consent", detail: { verified: result.verified } });
      res.type("html").send(adminConsentResultPage(true, "Your organisation has allowed CRM Sync. Your users can now choose Set up sync in Outlook."));
    } else {
      res.status(400).type("html").send(adminConsentResultPage(false, result.message));
    }
  });
  return r;
}
