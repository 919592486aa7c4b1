import { Router } from "express";
import type { Request, Response } from "express";
import { z } from "zod";
import { CrmOrgUnavailableError } from "../crm/crmSink";
import type { CrmAdmin, SalesforceConnectFlow } from "../crm/salesforce/connectFlow";
import { CrmConnectRefusedError } from "../crm/salesforce/connectFlow";
import type { Preflight } from "../crm/salesforce/preflight";
import type { CallerTokenVerifier } from "../identity/callerToken";
import type { Logger } from "../logger";
import type { AuditLog } from "../store/auditLog";
import type { CrmConnectionRepository } from "../store/crmConnectionRepository";
import { actorOf, authenticate, callerOf, requireRole } from "./authenticate";
import type { CrmCallbackResult, CrmConnectResponse } from "./crmContract";
import { crmCallbackPage } from "./crmContract";
import { crmStatusView } from "./crmView";
import { invalid } from "./invalidRequest";

export interface CrmRouterDeps {
  readonly verifier: CallerTokenVerifier;
  readonly flow: SalesforceConnectFlow;
  readonly preflight: Preflight;
  readonly connections: CrmConnectionRepository;
  readonly audit: AuditLog;
  readonly logger: Logger;
}

/** Binds a connect attempt to the browser that started it; only the callback ever receives it. */
const cookieName = "crm_connect";
const callbackPath = "/api/crm/salesforce/callback";

const ownApp = z.object({ clientId: z.string().trim().min(1, "paste the app's Consumer Key").max(255), clientSecret: z.string().trim().min(1, "paste the app's Consumer Secret").max(255) });
const connectBody = z.object({
  loginHost: z.string().trim().min(1, 'say "production", "sandbox" or your My Domain URL (https://yourcompany.my.salesforce.com)').max(300),
  ownApp: ownApp.optional(),
});
const clientCredentialsBody = z.object({ myDomain: z.string().trim().min(1, "your My Domain URL, like https://yourcompany.my.salesforce.com").max(300) }).extend(ownApp.shape);

function cookieOf(req: Request, name: string): string | null {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}

const queryString = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

/**
 * The organisation's CRM connection: console routes for Sync.Admin only (Support and reps get 403 on every one), and
 * Salesforce's OAuth callback, which carries no Entra token and trusts only its single-use state and the browser cookie.
 */
export function crmRouter(d: CrmRouterDeps): Router {
  const r = Router();
  r.use("/console/crm", authenticate(d.verifier), requireRole("Sync.Admin"));

  const adminOf = (res: Response): CrmAdmin => {
    const c = callerOf(res);
    return { tenantId: c.tid, oid: c.oid, actor: actorOf(c) };
  };
  const refused = (res: Response, err: unknown): void => {
    if (!(err instanceof CrmConnectRefusedError)) throw err;
    res.status(err.status).json({ error: err.status === 400 ? "invalid_request" : err.status === 409 ? "conflict" : "salesforce_unreachable", message: err.message });
  };

  r.get("/console/crm", async (_req, res) => {
    res.json(crmStatusView(await d.connections.get(callerOf(res).tid)));
  });

  r.post("/console/crm/connect", async (req, res) => {
    const body = connectBody.safeParse(req.body ?? {});
    if (!body.success) return invalid(res, body.error);
    try {
      const started = await d.flow.start(adminOf(res), body.data);
      res.cookie(cookieName, started.browserCookie, { httpOnly: true, secure: true, sameSite: "lax", path: callbackPath, maxAge: 600_000 });
      const answer: CrmConnectResponse = { authorizeUrl: started.authorizeUrl };
      res.json(answer);
    } catch (err) {
      refused(res, err);
    }
  });

  r.get("/crm/salesforce/callback", async (req, res) => {
    const outcome = await d.flow.complete(
      { state: queryString(req.query.state), code: queryString(req.query.code), error: queryString(req.query.error), errorDescription: queryString(req.query.error_description) },
      cookieOf(req, cookieName),
    );
    res.clearCookie(cookieName, { path: callbackPath });
    const result: CrmCallbackResult = outcome.result;
    res.redirect(302, `${crmCallbackPage}?${new URLSearchParams({ result, message: outcome.message.slice(0, 300) }).toString()}`);
  });

  r.post("/console/crm/client-credentials", async (req, res) => {
    const body = clientCredentialsBody.safeParse(req.body ?? {});
    if (!body.success) return invalid(res, body.error);
    const admin = adminOf(res);
    try {
      await d.flow.connectClientCredentials(admin, body.data);
      res.json(crmStatusView(await d.connections.get(admin.tenantId)));
    } catch (err) {
      refused(res, err);
    }
  });

  r.post("/console/crm/check", async (_req, res) => {
    const admin = adminOf(res);
    if (!(await d.connections.get(admin.tenantId))) {
      res.status(409).json({ error: "crm_not_connected", message: "Connect Salesforce first; the checks run against the connected org." });
      return;
    }
    let report;
    try {
      report = await d.preflight.run(admin.tenantId);
    } catch (err) {
      if (!(err instanceof CrmOrgUnavailableError)) throw err;
      res.status(409).json({ error: `crm_${err.state}`, message: `${err.message}. Reconnect Salesforce, then check again.` });
      return;
    }
    await d.audit.append({ tenantId: admin.tenantId, actor: admin.actor, action: "crm.check", detail: { failed: report.checks.filter((c) => c.status === "failed").map((c) => c.id) } });
    res.json(report);
  });

  r.delete("/console/crm", async (_req, res) => {
    const admin = adminOf(res);
    await d.flow.disconnect(admin);
    res.json(crmStatusView(null));
  });

  return r;
}
