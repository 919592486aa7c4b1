import { Router } from "express";
import type { Config } from "../config";
import type { CallerTokenVerifier } from "../identity/callerToken";
import type { ConnectService } from "../identity/connectService";
import { ConnectRefusedError } from "../identity/connectService";
import type { Logger } from "../logger";
import type { AuditLog } from "../store/auditLog";
import type { CrmConnectionRepository } from "../store/crmConnectionRepository";
import type { MailboxRepository } from "../store/mailboxRepository";
import type { ScheduleRepository } from "../store/scheduleRepository";
import type { SecretStore } from "../store/secretStore";
import type { RateLimits } from "../http/rateLimits";
import { authenticate, callerOf } from "./authenticate";
import type { ConnectStartRequest, MeMailboxResponse, SyncNowResponse } from "./contract";
import { sidebarCrm } from "./crmView";
import { mailboxView } from "./mailboxView";

const syncNowMinIntervalSeconds = 60;

export interface MeRouterDeps {
  readonly config: Config;
  readonly verifier: CallerTokenVerifier;
  readonly mailboxes: MailboxRepository;
  /** The organisation's CRM connection: the sidebar says who must act when it is not usable. */
  readonly crmConnections: CrmConnectionRepository;
  readonly schedule: ScheduleRepository;
  readonly secrets: SecretStore;
  readonly connect: ConnectService;
  readonly audit: AuditLog;
  readonly logger: Logger;
  /** Starts a requested sync now rather than at the next minute tick. */
  readonly syncSoon: (mailboxId: string) => void;
  readonly limits: Pick<RateLimits, "connectStart">;
}

/** The sidebar's API: the signed-in rep's own mailbox, and nothing else. */
export function meRouter(d: MeRouterDeps): Router {
  const r = Router();
  r.use("/me", authenticate(d.verifier));

  r.get("/me/mailbox", async (_req, res) => {
    const c = callerOf(res);
    const m = await d.mailboxes.findForUser(c.tid, c.oid, c.username);
    const body: MeMailboxResponse = {
      mailbox: m && m.state.status !== "disconnected" ? mailboxView(d.config, m, await d.schedule.summary(m.id)) : null,
      crm: sidebarCrm(await d.crmConnections.get(c.tid)),
    };
    res.json(body);
  });

  r.post("/me/connect", d.limits.connectStart, async (req, res) => {
    const c = callerOf(res);
    try {
      res.json(await d.connect.start(c, (req.body ?? {}) as ConnectStartRequest));
    } catch (err) {
      if (!(err instanceof ConnectRefusedError)) throw err;
      res.status(err.status).json({ error: err.status === 409 ? "conflict" : err.status === 403 ? "forbidden" : "invalid_request", message: err.message });
    }
  });

  r.post("/me/sync-now", async (_req, res) => {
    const c = callerOf(res);
    const m = await d.mailboxes.findForUser(c.tid, c.oid, c.username);
    if (!m || m.state.status !== "active") {
      res.status(409).json({ error: "not_active", message: "Sync now works for an active mailbox; set up or reconnect sync first." });
      return;
    }
    const next = await d.mailboxes.requestSync(m.id, syncNowMinIntervalSeconds);
    if (!next) {
      res.status(429).set("Retry-After", String(syncNowMinIntervalSeconds)).json({ error: "too_soon", message: "A sync was requested less than a minute ago." });
      return;
    }
    d.syncSoon(m.id);
    const body: SyncNowResponse = { queued: true, nextSyncAt: next.nextSyncAt.toISOString(), startsBy: next.heldUntil?.toISOString() ?? null };
    res.status(202).json(body);
  });

  r.delete("/me/mailbox", async (_req, res) => {
    const c = callerOf(res);
    const m = await d.mailboxes.findForUser(c.tid, c.oid, c.username);
    if (!m || m.state.status === "disconnected") {
      res.status(404).json({ error: "not_found", message: "No connected mailbox." });
      return;
    }
    if (m.access !== "delegated" && m.access !== "onprem_password") {
      res.status(409).json({ error: "managed_by_admin", message: "Your administrator manages sync for this mailbox; ask them to deactivate it." });
      return;
    }
    const removed = await d.secrets.deleteOwner("mailbox", m.id);
    await d.mailboxes.markDisconnected(m.id);
    await d.audit.append({ tenantId: c.tid, actor: `${c.oid}@${c.tid}`, action: "mailbox.disconnect", mailboxId: m.id, detail: { secretsRemoved: removed } });
    d.logger.info({ mailboxId: m.id }, "mailbox disconnected; credentials deleted");
    res.status(204).end();
  });

  return r;
}
