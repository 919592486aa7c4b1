import { Router } from "express";
import { z } from "zod";
import type { ActivationService } from "../admin/activationService";
import { ActivationRefusedError } from "../admin/activationService";
import type { ServiceAccountSetupDeps } from "../admin/serviceAccountSetup";
import { addServiceAccount, replaceServiceAccountPassword, ServiceAccountCheckError } from "../admin/serviceAccountSetup";
import type { CallerTokenVerifier } from "../identity/callerToken";
import type { ActivationRepository } from "../store/activationRepository";
import type { ServiceAccount, ServiceAccountWithUse } from "../store/serviceAccountRepository";
import { ServerRefusedError } from "../net/userServers";
import { ServiceAccountNameTakenError } from "../store/serviceAccountRepository";
import { actorOf, authenticate, callerOf, requireRole } from "./authenticate";
import type { ActivationJobView, ServiceAccountView, UpdateServiceAccountPasswordResponse } from "./consoleContract";
import { invalid } from "./invalidRequest";

export interface AdminRouterDeps {
  readonly verifier: CallerTokenVerifier;
  readonly activations: ActivationRepository;
  readonly activationService: ActivationService;
  readonly serviceAccountSetup: ServiceAccountSetupDeps;
}

const access = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("app_only") }),
  z.object({ kind: z.literal("onprem_service_account"), serviceAccountId: z.string().uuid("must be the id of a service account") }),
]);
const startSchema = z.union([
  z.object({ access, csv: z.string().min(1, "the CSV is empty"), fileName: z.string().max(255).optional() }),
  z.object({ access, rows: z.array(z.object({ email: z.string(), displayName: z.string().max(256).optional() })).min(1, "give at least one row") }),
]);
const serviceAccountSchema = z.object({
  name: z.string().trim().min(1, "name the account").max(100),
  username: z
    .string()
    .trim()
    .regex(/^([^\\@\s]+\\[^\\@\s]+|[^\\@\s]+@[^\\@\s]+)$/, "use DOMAIN\\username or user@domain"),
  password: z.string().min(1, "the password is required"),
  authMethod: z.enum(["ntlm", "basic"]).optional(),
  ewsUrl: z.string().trim().url("must be a URL such as https://mail.contoso.com/EWS/Exchange.asmx").optional().or(z.literal("").transform(() => undefined)),
  autodiscoverHost: z.string().trim().max(255).optional(),
  testMailbox: z.string().trim().toLowerCase().email("must be the address of a mailbox the account should open"),
});

const passwordSchema = z.object({
  password: z.string().min(1, "the new password is required"),
  testMailbox: z.string().trim().toLowerCase().email("must be the address of a mailbox the account should open"),
});

const toView = (a: ServiceAccount | ServiceAccountWithUse): ServiceAccountView => ({
  id: a.id,
  name: a.name,
  ewsUrl: a.ewsUrl,
  username: a.username,
  authMethod: a.authMethod,
  mailboxCount: "mailboxCount" in a ? a.mailboxCount : 0,
  createdAt: a.createdAt.toISOString(),
});

/** Admin-only console routes: mass activation and on-premises service accounts. */
export function adminRouter(d: AdminRouterDeps): Router {
  const r = Router();
  r.use(["/console/activations", "/console/service-accounts"], authenticate(d.verifier), requireRole("Sync.Admin"));

  r.post("/console/activations", async (req, res) => {
    const body = startSchema.safeParse(req.body);
    if (!body.success) return invalid(res, body.error);
    const c = callerOf(res);
    try {
      const job: ActivationJobView = await d.activationService.start({ tenantId: c.tid, actor: actorOf(c) }, body.data);
      res.status(202).location(`/api/console/activations/${job.id}`).json(job);
    } catch (err) {
      if (!(err instanceof ActivationRefusedError)) throw err;
      res.status(err.status).json({ error: err.status === 400 ? "invalid_input" : err.status === 404 ? "not_found" : "not_ready", message: err.message });
    }
  });

  r.get("/console/activations", async (_req, res) => {
    res.json({ items: await d.activations.list(callerOf(res).tid) });
  });

  r.get("/console/activations/:id", async (req, res) => {
    const job = await d.activations.view(callerOf(res).tid, req.params.id);
    if (!job) return void res.status(404).json({ error: "not_found", message: "No such activation in your organisation." });
    res.json(job);
  });

  r.get("/console/service-accounts", async (_req, res) => {
    res.json({ items: (await d.serviceAccountSetup.serviceAccounts.list(callerOf(res).tid)).map(toView) });
  });

  r.post("/console/service-accounts", async (req, res) => {
    const body = serviceAccountSchema.safeParse(req.body);
    if (!body.success) return invalid(res, body.error);
    const c = callerOf(res);
    try {
      const account = await addServiceAccount(d.serviceAccountSetup, { tenantId: c.tid, actor: actorOf(c) }, body.data);
      res.status(201).json(toView(account));
    } catch (err) {
      if (err instanceof ServiceAccountCheckError) return void res.status(400).json({ error: "check_failed", message: err.message });
      if (err instanceof ServerRefusedError) return void res.status(400).json({ error: "invalid_request", field: err.field, message: err.message });
      if (err instanceof ServiceAccountNameTakenError) return void res.status(409).json({ error: "conflict", message: err.message });
      throw err;
    }
  });

  r.post("/console/service-accounts/:id/password", async (req, res) => {
    const body = passwordSchema.safeParse(req.body);
    if (!body.success) return invalid(res, body.error);
    const c = callerOf(res);
    try {
      const done = await replaceServiceAccountPassword(d.serviceAccountSetup, { tenantId: c.tid, actor: actorOf(c) }, req.params.id, body.data);
      if (!done) return void res.status(404).json({ error: "not_found", message: "No such service account in your organisation." });
      const answer: UpdateServiceAccountPasswordResponse = {
        account: toView(done.account),
        resumed: done.resumed,
        message: `The new password works. ${done.resumed} mailbox${done.resumed === 1 ? "" : "es"} waiting for it sync${done.resumed === 1 ? "s" : ""} again.`,
      };
      res.json(answer);
    } catch (err) {
      if (err instanceof ServiceAccountCheckError) return void res.status(400).json({ error: "check_failed", message: err.message });
      if (err instanceof ServerRefusedError) return void res.status(400).json({ error: "invalid_request", field: err.field, message: err.message });
      throw err;
    }
  });

  return r;
}
