import type { ActivationJobView, ActivationRowOutcome, StartActivationRequest } from "../api/consoleContract";
import type { ManagedTarget } from "../jobs/syncEnvironment";
import type { OpenedSource } from "../jobs/syncRunner";
import type { SyncQueue } from "../jobs/syncQueue";
import type { Logger } from "../logger";
import type { MailboxErrorCode } from "../mailbox/mailboxError";
import { probeMailbox, probeMessages } from "../mailbox/probe";
import type { ActivationJob, ActivationRepository, QueuedRow } from "../store/activationRepository";
import type { AuditLog } from "../store/auditLog";
import type { Database } from "../store/database";
import type { MailboxRepository } from "../store/mailboxRepository";
import type { SecretStore } from "../store/secretStore";
import type { ServiceAccountRepository } from "../store/serviceAccountRepository";
import type { TenantRepository } from "../store/tenantRepository";
import { ActivationInputError, rowsFromCsv, rowsFromList } from "./activationInput";

export interface ActivationDeps {
  readonly db: Database;
  readonly activations: ActivationRepository;
  readonly mailboxes: MailboxRepository;
  readonly secrets: SecretStore;
  readonly serviceAccounts: ServiceAccountRepository;
  /** App-only activation goes over the organisation's transport (Graph unless an admin chose EWS). */
  readonly tenants: TenantRepository;
  readonly openManaged: (t: ManagedTarget) => Promise<OpenedSource>;
  readonly audit: AuditLog;
  readonly logger: Logger;
  /** Lines checked at once by this process; each check is one call, which also passes the per-account budget. */
  readonly concurrency: number;
  /** The lines to check, as pg-boss jobs any worker of the fleet takes. */
  readonly probes: Pick<SyncQueue, "addProbes" | "takeProbes" | "completeProbes">;
  /** How long an idle worker waits before looking for lines again. Default 1 s. */
  readonly pollMs?: number;
}

/** Refused before anything was stored: the status and a message that says what to fix. */
export class ActivationRefusedError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = "ActivationRefusedError";
  }
}

/** Probe failures that have their own outcome; the rest are "failed" with the explanation. */
const outcomeFor: Partial<Record<MailboxErrorCode, Exclude<ActivationRowOutcome, "activated" | "already_active" | "invalid" | "failed" | "queued">>> = {
  mailbox_not_found: "mailbox_not_found",
  impersonation_denied: "impersonation_denied",
  ews_blocked: "ews_blocked",
  access_policy_denied: "access_policy_denied",
  rest_api_unavailable: "not_on_graph",
};

/**
 * Mass activation: every line is stored first, then each address is checked with one real call through the access the
 * admin chose, and only a mailbox that answered is switched on (and gets its sync turn). Each line to check is a
 * pg-boss job that any worker of the fleet takes; a worker that stops part-way leaves the rest queued for the others,
 * and the job ends (audited once) when its last line is settled, whoever settled it.
 */
export class ActivationService {
  private working: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private stopping = false;

  constructor(private readonly d: ActivationDeps) {}

  async start(who: { tenantId: string; actor: string }, req: StartActivationRequest): Promise<ActivationJobView> {
    const access = req.access;
    if (access.kind === "onprem_service_account" && !(await this.d.serviceAccounts.get(who.tenantId, access.serviceAccountId))) {
      throw new ActivationRefusedError(404, "No such service account in your organisation; add it under Service accounts first.");
    }
    // The access itself must work before any line is tried: no consent or a removed account fails every line alike.
    const provider = await this.d.tenants.transport(who.tenantId);
    const opened = await this.d.openManaged(
      access.kind === "app_only" ? { tenantId: who.tenantId, email: "activation-check@invalid", access: "app_only", provider } : { tenantId: who.tenantId, email: "activation-check@invalid", access: "onprem_service_account", serviceAccountId: access.serviceAccountId },
    );
    if (!opened.ok) {
      const hint =
        access.kind === "app_only"
          ? "App-only access needs the tenant admin's consent: a Global Administrator opens the admin consent link on the overview page, then try again."
          : "The service account cannot be used; check it under Service accounts.";
      throw new ActivationRefusedError(409, `${hint} (${opened.failure.detail})`);
    }
    let rows;
    try {
      rows = "csv" in req ? rowsFromCsv(req.csv) : rowsFromList(req.rows);
    } catch (err) {
      if (err instanceof ActivationInputError) throw new ActivationRefusedError(400, err.message);
      throw err;
    }
    await this.d.mailboxes.ensureTenant(who.tenantId);
    const job = await this.d.activations.create({ tenantId: who.tenantId, access, fileName: "csv" in req ? (req.fileName ?? null) : null, createdBy: who.actor, rows });
    await this.d.audit.append({
      tenantId: who.tenantId,
      actor: who.actor,
      action: "activation.start",
      detail: { jobId: job.id, access: access.kind, rows: rows.length, invalid: rows.filter((r) => r.problem).length, fileName: "csv" in req ? (req.fileName ?? null) : null },
    });
    // Its lines go to the queue: any worker of the fleet checks them, this process too when it syncs.
    await this.queueLines(job);
    this.poke();
    return (await this.d.activations.view(who.tenantId, job.id)) as ActivationJobView;
  }

  /**
   * Starts taking lines in this (worker) process, after queueing again the lines of jobs a stopped process left
   * unfinished (a line already waiting keeps its job). Returns how many jobs were unfinished.
   */
  async resume(): Promise<number> {
    const jobs = await this.d.activations.unfinished();
    for (const job of jobs) await this.queueLines(job);
    this.stopping = false;
    this.working ??= this.work();
    return jobs.length;
  }

  /** Resolves when no job is unfinished (tests; needs a process that takes lines). */
  async idle(): Promise<void> {
    while (this.working && (await this.d.activations.unfinished()).length > 0) await new Promise((r) => setTimeout(r, 50));
  }

  /** Shutdown: lines being checked finish, the rest stay queued for any worker. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.poke();
    await this.working;
    this.working = null;
  }

  private poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private async queueLines(job: ActivationJob): Promise<void> {
    const waiting = await this.d.activations.queued(job.id, 1_000_000);
    await this.d.probes.addProbes(job.id, waiting.map((r) => r.line));
    if (waiting.length === 0) await this.finishIfDone(job);
  }

  /** The worker's loop: takes lines in batches, checks them side by side, and ends each job whose last line it ended. */
  private async work(): Promise<void> {
    const jobs = new Map<string, ActivationJob | null>();
    while (!this.stopping) {
      let taken: Awaited<ReturnType<ActivationDeps["probes"]["takeProbes"]>> = [];
      try {
        taken = await this.d.probes.takeProbes(this.d.concurrency);
      } catch (err) {
        this.d.logger.warn({ err }, "could not take activation lines; trying again");
      }
      if (taken.length === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.d.pollMs ?? 1000);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        continue;
      }
      await Promise.all(
        taken.map(async (p) => {
          if (!jobs.has(p.jobId)) jobs.set(p.jobId, await this.d.activations.byId(p.jobId));
          const job = jobs.get(p.jobId);
          const row = job ? await this.d.activations.queuedLine(p.jobId, p.line) : null;
          if (job && row) await this.line(job, row);
        }),
      ).catch((err: unknown) => this.d.logger.error({ err }, "activation lines stopped; they are handed out again"));
      await this.d.probes.completeProbes(taken.map((p) => p.id)).catch((err: unknown) => this.d.logger.warn({ err }, "could not mark activation lines done; they expire"));
      for (const jobId of new Set(taken.map((p) => p.jobId))) {
        const job = jobs.get(jobId);
        if (job) await this.finishIfDone(job);
      }
    }
  }

  private async finishIfDone(job: ActivationJob): Promise<void> {
    if (!(await this.d.activations.finishIfDone(job.id))) return;
    const view = await this.d.activations.view(job.tenantId, job.id);
    await this.d.audit.append({ tenantId: job.tenantId, actor: job.createdBy, action: "activation.finish", detail: { jobId: job.id, counts: view?.counts ?? {} } });
    this.d.logger.info({ jobId: job.id, counts: view?.counts }, "activation finished");
  }

  private async line(job: ActivationJob, row: QueuedRow): Promise<void> {
    const settle = (outcome: Parameters<ActivationRepository["settle"]>[2], message: string | null, mailboxId: string | null = null) =>
      this.d.activations.settle(job.id, row.line, outcome, message, mailboxId);
    try {
      const existing = await this.d.mailboxes.findByEmail(job.tenantId, row.email);
      if (existing?.state.status === "active") return await settle("already_active", "already syncing; left as it is", existing.id);
      if (existing?.state.status === "paused") return await settle("already_active", "paused by an admin; resume it in the mailbox list to sync it", existing.id);

      const target: ManagedTarget =
        job.access.kind === "app_only"
          ? { tenantId: job.tenantId, email: row.email, access: "app_only", provider: await this.d.tenants.transport(job.tenantId) }
          : { tenantId: job.tenantId, email: row.email, access: "onprem_service_account", serviceAccountId: job.access.serviceAccountId };
      const opened = await this.d.openManaged(target);
      if (!opened.ok) return await settle("failed", `the access could not be used: ${opened.failure.detail}`);
      const probe = await probeMailbox(opened.source);
      if (!probe.ok) {
        const outcome = outcomeFor[probe.error.code] ?? "failed";
        return await settle(outcome, probeMessages[probe.error.code]);
      }
      const activated = await this.d.db.transaction(async (tx) => {
        const m = await this.d.mailboxes.activateManaged(
          { tenantId: job.tenantId, email: row.email, displayName: row.displayName, access: target.access, serviceAccountId: target.access === "onprem_service_account" ? target.serviceAccountId : null, provider: target.access === "app_only" ? target.provider : "ews" },
          tx,
        );
        if (m) await this.d.activations.settle(job.id, row.line, "activated", null, m.id, tx);
        return m;
      });
      if (!activated) return await settle("already_active", "started syncing meanwhile; left as it is");
      // A rep's own sign-in that stopped working is replaced by the admin's access: its stored tokens are of no use now.
      if (existing?.access === "delegated") await this.d.secrets.deleteOwner("mailbox", activated.id);
      await this.d.audit.append({ tenantId: job.tenantId, actor: job.createdBy, action: "mailbox.activate", mailboxId: activated.id, detail: { jobId: job.id, line: row.line, access: target.access } });
    } catch (err) {
      this.d.logger.error({ err, jobId: job.id, line: row.line }, "activation line failed");
      await settle("failed", `an unexpected error stopped this line (${err instanceof Error ? err.message : String(err)}); run it again`).catch(() => undefined);
    }
  }
}
