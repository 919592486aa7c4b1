import type { Request, Response } from "express";
import { Router } from "express";
import type { Config } from "../config";
import type { RateLimits } from "../http/rateLimits";
import type { AdminConsentService } from "../identity/adminConsentService";
import type { ConnectService } from "../identity/connectService";
import type { Logger } from "../logger";
import type { AuditLog } from "../store/auditLog";
import { adminConsentResultPage, connectResultPage } from "./resultPage";

/**
 * OAuth redirects. No bearer token here (a browser navigates these): trust comes from the single-use state created by
 * an authenticated call, and redirects go only to Entra's configured host.
 */
const consentCookie = "admin_consent";
const consentCallbackPath = "/api/connect/admin-consent/callback";

function cookieOf(req: Request, name: string): string | null {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export function connectRouter(d: { config: Config; connect: ConnectService; adminConsent: AdminConsentService; audit: AuditLog; logger: Logger; limits: Pick<RateLimits, "adminConsentStart"> }): Router {
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

  r.get("/connect/admin-consent", d.limits.adminConsentStart, async (req, res) => {
    noStore(res);
    const tenant = typeof req.query.tenant === "string" ? req.query.tenant : "organizations";
    try {
      const started = await d.adminConsent.start(tenant);
      // Binds the answer to this browser: a callback anyone else sends carries no such cookie.
      res.cookie(consentCookie, started.state, { httpOnly: true, secure: true, sameSite: "lax", path: consentCallbackPath, maxAge: 1_800_000 });
      res.redirect(302, started.url);
    } catch {
      res.status(400).type("html").send(adminConsentResultPage(false, "The link names no valid tenant. Ask for a new link."));
    }
  });

  r.get("/connect/admin-consent/callback", async (req, res) => {
    noStore(res);
    const result = await d.adminConsent.complete(req.query as Record<string, unknown>, cookieOf(req, consentCookie));
    res.clearCookie(consentCookie, { path: consentCallbackPath });
    if (result.ok) {
      await d.audit.append({ tenantId: result.tenantId, actor: "tenant-admin", action: "tenant.admin_consent", detail: { verified: result.verified } });
      res.type("html").send(adminConsentResultPage(true, "Your organisation has allowed CRM Sync. Your users can now choose Set up sync in Outlook."));
    } else {
      res.status(400).type("html").send(adminConsentResultPage(false, result.message));
    }
  });
  return r;
}
