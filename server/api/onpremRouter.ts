import { Router } from "express";
import type { Response } from "express";
import { z } from "zod";
import type { OnpremSetup } from "../admin/onpremSetup";
import type { CallerTokenVerifier } from "../identity/callerToken";
import { ServerRefusedError } from "../net/userServers";
import type { AuditLog } from "../store/auditLog";
import type { MailboxRepository } from "../store/mailboxRepository";
import type { OnpremRepository } from "../store/onpremRepository";
import { actorOf, authenticate, callerOf, requireRole } from "./authenticate";
import { invalid } from "./invalidRequest";
import type { CompanySettingsView, OnpremConnectResponse, OnpremPasswordResponse, OnpremProblem, OnpremStartResponse } from "./onpremContract";

export interface OnpremRouterDeps {
  readonly verifier: CallerTokenVerifier;
  readonly mailboxes: MailboxRepository;
  readonly onprem: OnpremRepository;
  readonly setup: OnpremSetup;
  readonly audit: AuditLog;
}

const noNul = (s: string) => !s.includes("\0");
// DOMAIN\username (NetBIOS domain: 1-15 characters; sAMAccountName: up to 20 without the characters AD forbids) or a UPN.
const domainUser = /^[^\\/:*?"<>|@\s]{1,15}\\[^\\/[\]:;|=,+*?<>"@\s]{1,20}$/;
const upn = /^[^@\s\\]{1,64}@[^@\s\\]+\.[^@\s\\]+$/;

const password = z.string({ error: "enter your password" }).min(1, "enter your password").max(256, "must be at most 256 characters").refine(noNul, "must not contain NUL characters");
const connectBody = z.object({
  email: z.string({ error: "is required" }).trim().max(254, "must be at most 254 characters").pipe(z.email("must be an email address")),
  password,
  ewsUrl: z
    .string()
    .trim()
    .max(2048, "must be at most 2048 characters")
    .refine((v) => v === "" || URL.canParse(v), "must be a URL such as https://mail.company.com/EWS/Exchange.asmx")
    .refine((v) => v === "" || v.toLowerCase().startsWith("https://"), "must start with https:// (the password is only ever sent over TLS)")
    .optional(),
  username: z
    .string()
    .trim()
    .max(256, "must be at most 256 characters")
    .refine((v) => v === "" || domainUser.test(v) || upn.test(v), "must be DOMAIN\\username or a UPN such as jane@corp.company.com")
    .optional(),
  confirmHost: z.string().trim().max(253, "must be at most 253 characters").regex(/^[a-z0-9.-]*$/i, "must be a host name").optional(),
});

const problem = (res: Response, p: OnpremProblem) => res.status(422).json(p);

/** The sidebar's on-premises setup (/me/onprem) and the console's remembered company settings. */
export function onpremRouter(d: OnpremRouterDeps): Router {
  const r = Router();
  r.use("/me/onprem", authenticate(d.verifier));
  r.use("/console/onprem-settings", authenticate(d.verifier), requireRole("Sync.Admin", "Sync.Support"));

  r.get("/me/onprem", async (_req, res) => {
    const c = callerOf(res);
    const domain = c.username?.split("@")[1];
    const body: OnpremStartResponse = { email: c.username, remembered: domain ? (await d.onprem.companySettings(c.tid, domain)) !== null : false };
    res.json(body);
  });

  r.post("/me/onprem", async (req, res) => {
    const parsed = connectBody.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const c = callerOf(res);
    const b = parsed.data;
    if (!c.username || c.username.toLowerCase() !== b.email.toLowerCase()) {
      return void res.status(403).json({ error: "forbidden", field: "email", message: `email: you are signed in as ${c.username ?? "someone else"}; you can set up sync only for your own mailbox.` });
    }
    try {
      const o = await d.setup.connect(
        { tenantId: c.tid, oid: c.oid, email: b.email, displayName: c.name },
        { password: b.password, ewsUrl: b.ewsUrl || undefined, username: b.username || undefined, confirmHost: b.confirmHost || undefined },
      );
      let body: OnpremConnectResponse;
      switch (o.kind) {
        case "connected":
          body = { outcome: "connected", usedRemembered: o.usedRemembered };
          return void res.json(body);
        case "online":
          body = { outcome: "online", message: "Your mailbox is in Exchange Online: choose Sign in with Microsoft instead. Your password was not kept." };
          return void res.json(body);
        case "not_found":
          return void problem(res, { error: "not_found", field: o.field, message: o.message, unconfirmedHost: o.unconfirmedHost, tried: o.steps });
        case "rejected":
          return void problem(res, { error: "rejected", field: o.field, message: o.message });
      }
    } catch (err) {
      if (err instanceof ServerRefusedError) return void res.status(400).json({ error: "invalid_request", field: err.field, message: err.message });
      throw err;
    }
  });

  r.post("/me/onprem/password", async (req, res) => {
    const parsed = z.object({ password }).safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const c = callerOf(res);
    const m = await d.mailboxes.findForUser(c.tid, c.oid, c.username);
    if (!m || m.access !== "onprem_password" || m.state.status === "disconnected") {
      return void res.status(409).json({ error: "not_onprem", message: "No on-premises mailbox of yours is set up; use Set up sync." });
    }
    try {
      const o = await d.setup.replacePassword({ tenantId: c.tid, oid: c.oid, email: m.email, displayName: c.name }, m, parsed.data.password);
      if (o.kind === "rejected") return void problem(res, { error: "rejected", field: "password", message: o.message });
      if (o.kind === "no_login") return void res.status(409).json({ error: "not_onprem", message: "Set up sync again: the server no longer knows your Exchange server." });
      const body: OnpremPasswordResponse = { outcome: "resumed" };
      res.json(body);
    } catch (err) {
      if (err instanceof ServerRefusedError) return void res.status(400).json({ error: "invalid_request", field: err.field, message: err.message });
      throw err;
    }
  });

  r.get("/console/onprem-settings", async (_req, res) => {
    const c = callerOf(res);
    const items: CompanySettingsView[] = (await d.onprem.listCompanySettings(c.tid)).map((s) => ({
      emailDomain: s.emailDomain,
      ewsUrl: s.ewsUrl,
      authMethod: s.authMethod,
      usernameFormat: s.usernameFormat,
      updatedAt: s.updatedAt.toISOString(),
    }));
    res.json({ items });
  });

  r.delete("/console/onprem-settings/:domain", async (req, res) => {
    const c = callerOf(res);
    const domain = String(req.params.domain).toLowerCase();
    if (domain.length > 253 || !/^[a-z0-9.-]+$/.test(domain)) return void res.status(400).json({ error: "invalid_request", field: "domain", message: "domain: must be an email domain" });
    const removed = await d.onprem.forgetCompany(c.tid, domain);
    if (!removed) return void res.status(404).json({ error: "not_found", message: `No remembered settings for ${domain}.` });
    await d.audit.append({ tenantId: c.tid, actor: actorOf(c), action: "onprem_settings.clear", detail: { emailDomain: domain, ewsUrl: removed.ewsUrl, authMethod: removed.authMethod, usernameFormat: removed.usernameFormat } });
    res.status(204).end();
  });

  return r;
}
