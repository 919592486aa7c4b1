import { Router } from "express";
import type { Response } from "express";
import { z } from "zod";
import { ActionConflictError, applyAction } from "../admin/mailboxActions";
import { moveMailboxTransport, setTenantTransport } from "../admin/transportMove";
import type { Config } from "../config";
import { isUuid } from "../domain/ids";
import { attentionReasons, mailboxStatuses } from "../domain/mailboxStatus";
import { adminConsentLink } from "../identity/adminConsentLink";
import type { CallerTokenVerifier } from "../identity/callerToken";
import { remedyView } from "../identity/remedyView";
import type { OpenedSource } from "../jobs/syncRunner";
import { probeMailbox, probeMessages } from "../mailbox/probe";
import type { AuditLog } from "../store/auditLog";
import type { CrmConnectionRepository } from "../store/crmConnectionRepository";
import type { Database } from "../store/database";
import { cursorStates, recentRuns } from "../store/mailboxDetailQuery";
import { exportMailboxes, listMailboxes, toConsoleRow } from "../store/mailboxListQuery";
import type { Mailbox, MailboxRepository } from "../store/mailboxRepository";
import { overviewCounts } from "../store/overviewQuery";
import type { SecretStore } from "../store/secretStore";
import type { ServiceAccountRepository } from "../store/serviceAccountRepository";
import type { TenantRepository } from "../store/tenantRepository";
import { verdictFor, verdictForEntra } from "../sync/failureVerdict";
import { actorOf, authenticate, callerOf, requireRole } from "./authenticate";
import type { ConnectionTestResult, ConsoleMe, ConsoleOverview, MailboxAction, MailboxActionResponse, MailboxDetail, MailboxListResponse, TenantTransportResponse } from "./consoleContract";
import { actionRoles, mailboxSortKeys, transportRoles } from "./consoleContract";
import { crmOverview } from "./crmView";
import { invalid } from "./invalidRequest";
import { mailboxCsv } from "./mailboxCsv";
import type { RateLimits } from "../http/rateLimits";

export interface ConsoleRouterDeps {
  readonly limits: Pick<RateLimits, "testConnection">;
  readonly config: Config;
  readonly db: Database;
  readonly verifier: CallerTokenVerifier;
  readonly mailboxes: MailboxRepository;
  readonly tenants: TenantRepository;
  /** The overview shows the organisation's CRM state with its fix. */
  readonly crmConnections: CrmConnectionRepository;
  readonly serviceAccounts: ServiceAccountRepository;
  readonly secrets: SecretStore;
  readonly audit: AuditLog;
  readonly openSource: (m: Mailbox) => Promise<OpenedSource>;
  /** Starts a requested sync now rather than at the next minute tick. */
  readonly syncSoon: (mailboxId: string, trigger: "sync_now" | "retry") => void;
}

const listQuery = z.object({
  status: z.enum(mailboxStatuses as [string, ...string[]]).optional(),
  reason: z.enum(attentionReasons).optional(),
  provider: z.enum(["ews", "graph"]).optional(),
  access: z.enum(["delegated", "app_only", "onprem_service_account", "onprem_password"]).optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(mailboxSortKeys).optional(),
  dir: z.enum(["asc", "desc"]).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
});
const auditQuery = z.object({
  mailboxId: z.string().refine(isUuid, "must be a mailbox id").optional(),
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
});
const providerField = z.enum(["ews", "graph"], { message: 'must be "ews" or "graph"' });
const moveBody = z.object({ provider: providerField }, { message: 'send a JSON body such as {"provider":"graph"}' });
const tenantTransportBody = z.object({ transport: providerField }, { message: 'send a JSON body such as {"transport":"graph"}' });
const actions: readonly MailboxAction[] = ["sync-now", "reset-cursor", "pause", "resume", "deactivate"];

const notFound = (res: Response) => res.status(404).json({ error: "not_found", message: "No such mailbox in your organisation." });

/**
 * Support and admin console: every route needs Sync.Support or Sync.Admin, and reads or changes only the caller's own
 * tenant (the token's tid): a mailbox id from another tenant is simply not found.
 */
export function consoleRouter(d: ConsoleRouterDeps): Router {
  const r = Router();
  r.use("/console", authenticate(d.verifier), requireRole("Sync.Admin", "Sync.Support"));

  const mailboxOf = async (res: Response, id: string): Promise<Mailbox | null> => {
    const m = isUuid(id) ? await d.mailboxes.get(callerOf(res).tid, id) : null;
    if (!m) notFound(res);
    return m;
  };

  r.get("/console/me", (_req, res) => {
    const c = callerOf(res);
    const body: ConsoleMe = { tenantId: c.tid, name: c.name, username: c.username, roles: c.roles, isAdmin: c.roles.includes("Sync.Admin") };
    res.json(body);
  });

  r.get("/console/overview", async (_req, res) => {
    const c = callerOf(res);
    const [counts, tenant, crm, transport] = await Promise.all([overviewCounts(d.db, c.tid), d.tenants.get(c.tid), d.crmConnections.get(c.tid), d.tenants.transport(c.tid)]);
    const body: ConsoleOverview = {
      ...counts,
      tenant: { id: c.tid, displayName: tenant?.displayName ?? null, adminConsented: tenant?.adminConsentVerified ?? false, adminConsentUrl: adminConsentLink(d.config, c.tid), transport },
      crm: crmOverview(crm),
    };
    res.json(body);
  });

  r.get("/console/mailboxes", async (req, res) => {
    const q = listQuery.safeParse(req.query);
    if (!q.success) return invalid(res, q.error);
    const page = await listMailboxes(d.db, callerOf(res).tid, q.data as z.infer<typeof listQuery> & { status?: Mailbox["state"]["status"] });
    const body: MailboxListResponse = { total: page.total, page: q.data.page ?? 1, pageSize: q.data.pageSize ?? 50, items: page.items };
    res.json(body);
  });

  r.get("/console/mailboxes/export.csv", async (req, res) => {
    const q = listQuery.safeParse(req.query);
    if (!q.success) return invalid(res, q.error);
    const c = callerOf(res);
    const rows = await exportMailboxes(d.db, c.tid, q.data as z.infer<typeof listQuery> & { status?: Mailbox["state"]["status"] });
    const csv = mailboxCsv(rows);
    await d.audit.append({ tenantId: c.tid, actor: actorOf(c), action: "mailboxes.export", detail: { filter: q.data, rows: rows.length } });
    res.type("text/csv").attachment(`mailboxes-${new Date().toISOString().slice(0, 10)}.csv`).send(csv);
  });

  r.get("/console/mailboxes/:id", async (req, res) => {
    const m = await mailboxOf(res, req.params.id);
    if (!m) return;
    const [runs, cursors, account] = await Promise.all([
      recentRuns(d.db, m.id),
      cursorStates(d.db, m.id),
      m.serviceAccountId ? d.serviceAccounts.get(m.tenantId, m.serviceAccountId) : Promise.resolve(null),
    ]);
    const reason = m.state.status === "attention" ? m.state.reason : null;
    const body: MailboxDetail = {
      mailbox: { ...toConsoleRow(m), folders: m.folders, consecutiveFailures: m.consecutiveFailures, serviceAccount: account ? { id: account.id, name: account.name } : null, createdAt: m.createdAt.toISOString() },
      // An error a later successful run has overcome is history (the run table keeps it), not the mailbox's last error.
      lastError: m.state.status === "attention" ? m.state.detail : (runs.find((x) => x.endedAt)?.error ?? null),
      remedy: reason ? remedyView(reason, "support") : null,
      runs,
      cursors,
    };
    res.json(body);
  });

  r.post("/console/mailboxes/:id/test-connection", requireRole(...actionRoles["test-connection"]), d.limits.testConnection, async (req, res) => {
    const m = await mailboxOf(res, String(req.params.id));
    if (!m) return;
    const c = callerOf(res);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const opened = await d.openSource(m);
    let body: ConnectionTestResult;
    if (!opened.ok) {
      const v = verdictForEntra(opened.failure);
      body = v.kind === "attention"
        ? { ok: false, reason: v.reason, message: v.error, remedy: remedyView(v.reason, "support"), elapsedMs: elapsed() }
        : { ok: false, reason: "transient", message: v.error, remedy: null, elapsedMs: elapsed() };
    } else {
      const probe = await probeMailbox(opened.source);
      if (probe.ok) body = { ok: true, message: `Exchange answered for ${m.email} with the stored access in ${probe.elapsedMs} ms.`, elapsedMs: probe.elapsedMs };
      else {
        const v = verdictFor(probe.error, m.access, 0);
        body =
          v.kind === "attention"
            ? { ok: false, reason: v.reason, message: `${probeMessages[probe.error.code]} (${probe.error.options.raw ?? probe.error.message})`, remedy: remedyView(v.reason, "support"), elapsedMs: probe.elapsedMs }
            : { ok: false, reason: v.outcome === "throttled" ? "throttled" : "transient", message: probeMessages[probe.error.code], remedy: null, elapsedMs: probe.elapsedMs };
      }
    }
    await d.audit.append({ tenantId: c.tid, actor: actorOf(c), action: "mailbox.test-connection", mailboxId: m.id, detail: { ok: body.ok, ...(body.ok ? {} : { reason: body.reason }) } });
    res.json(body);
  });

  for (const action of actions) {
    r.post(`/console/mailboxes/:id/${action}`, requireRole(...actionRoles[action]), async (req, res) => {
      const m = await mailboxOf(res, String(req.params.id));
      if (!m) return;
      const c = callerOf(res);
      try {
        const done = await applyAction({ db: d.db, secrets: d.secrets }, { tenantId: c.tid, actor: actorOf(c) }, m.id, action);
        if (action === "sync-now" || (action === "resume" && done.mailbox.state.status === "active")) d.syncSoon(m.id, m.state.status === "attention" ? "retry" : "sync_now");
        const body: MailboxActionResponse = { mailbox: toConsoleRow(done.mailbox), message: done.message };
        res.json(body);
      } catch (err) {
        if (!(err instanceof ActionConflictError)) throw err;
        res.status(409).json({ error: "conflict", message: err.message });
      }
    });
  }

  r.post("/console/mailboxes/:id/transport", requireRole(...transportRoles.move), async (req, res) => {
    const body = moveBody.safeParse(req.body);
    if (!body.success) return invalid(res, body.error);
    const m = await mailboxOf(res, String(req.params.id));
    if (!m) return;
    const c = callerOf(res);
    try {
      const done = await moveMailboxTransport(d.db, { tenantId: c.tid, actor: actorOf(c) }, m.id, body.data.provider);
      if (done.mailbox.state.status === "active") d.syncSoon(m.id, m.state.status === "attention" ? "retry" : "sync_now");
      const answer: MailboxActionResponse = { mailbox: toConsoleRow(done.mailbox), message: done.message };
      res.json(answer);
    } catch (err) {
      if (!(err instanceof ActionConflictError)) throw err;
      res.status(409).json({ error: "conflict", message: err.message });
    }
  });

  r.put("/console/tenant/transport", requireRole(...transportRoles.tenant), async (req, res) => {
    const body = tenantTransportBody.safeParse(req.body);
    if (!body.success) return invalid(res, body.error);
    const c = callerOf(res);
    const answer: TenantTransportResponse = await setTenantTransport(d.db, { tenantId: c.tid, actor: actorOf(c) }, body.data.transport);
    res.json(answer);
  });

  r.get("/console/audit", async (req, res) => {
    const q = auditQuery.safeParse(req.query);
    if (!q.success) return invalid(res, q.error);
    const page = q.data.page ?? 1;
    const pageSize = q.data.pageSize ?? 50;
    res.json({ ...(await d.audit.list(callerOf(res).tid, { mailboxId: q.data.mailboxId, page, pageSize })), page, pageSize });
  });

  return r;
}
