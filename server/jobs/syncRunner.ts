import type { CrmSink } from "../crm/crmSink";
import { CrmOrgUnavailableError } from "../crm/crmSink";
import type { EntraFailure } from "../identity/entraFailure";
import type { Logger } from "../logger";
import type { MailboxSource } from "../mailbox/mailboxSource";
import type { MailboxErrorCode } from "../mailbox/mailboxError";
import { MailboxError } from "../mailbox/mailboxError";
import { countRun } from "../metrics/instruments";
import type { Database } from "../store/database";
import type { Mailbox } from "../store/mailboxRepository";
import type { Claim, RunOutcome, RunTrigger, ScheduleRepository } from "../store/scheduleRepository";
import type { Verdict } from "../sync/failureVerdict";
import { verdictFor, verdictForEntra } from "../sync/failureVerdict";
import type { SyncPolicy } from "../sync/policy";
import type { RunStats } from "../sync/runStats";
import { emptyStats } from "../sync/runStats";
import { syncMailbox } from "../sync/syncMailbox";
import { LeaseLostError } from "../store/lease";
import type { Lease } from "../store/lease";
import { RunRecorder } from "./runRecorder";
import { nextTurn, retryAt } from "./turns";
import type { FolderKind } from "../mailbox/items";

export type OpenedSource = { readonly ok: true; readonly source: MailboxSource } | { readonly ok: false; readonly failure: EntraFailure };

/** How the runner reaches a mailbox and its tenant's CRM; the composition root supplies the real ones. */
export interface SyncEnvironment {
  openSource(m: Mailbox): Promise<OpenedSource>;
  crmFor(tenantId: string): Promise<CrmSink | null>;
  policyFor(m: Mailbox): Promise<SyncPolicy>;
  /**
   * EWS answered "blocked" for this mailbox: move it to Microsoft Graph where that needs nobody ("moved": sync it again
   * now, over Graph), or ask its rep to reconnect for Graph ("reconnect"); null when it cannot move.
   */
  moveOffEws?(m: Mailbox): Promise<"moved" | "reconnect" | null>;
  /**
   * A rep's on-premises mailbox is moving or gone from its server: find where it lives now. "rerouted": its login
   * follows it to another on-premises server (sync again now); "needs_oauth": it is in Exchange Online and its rep must
   * sign in with Microsoft; null: it has not moved (or nobody can tell).
   */
  relocate?(m: Mailbox): Promise<"rerouted" | "needs_oauth" | null>;
}

export interface SyncRunnerDeps {
  readonly db: Database;
  readonly schedule: ScheduleRepository;
  readonly env: SyncEnvironment;
  readonly logger: Logger;
  readonly workerId: string;
  readonly intervalMinutes: number;
  /** How long a hold on a mailbox lasts unless renewed; a dead worker's mailboxes move on after it. Default 120. */
  readonly leaseSeconds?: number;
  readonly pageSize?: number;
}

/** The process is shutting down: runs finish the page in hand and let go of their mailboxes. */
export class ShuttingDownError extends Error {
  constructor() {
    super("the sync worker is shutting down");
    this.name = "ShuttingDownError";
  }
}

export interface RunSummary {
  readonly mailboxId: string;
  readonly outcome: RunOutcome | "skipped";
  readonly stats: RunStats;
  readonly verdict: Verdict | null;
}

/** Runs one mailbox's turn from claim to release; every ending is recorded, none escapes as an exception. */
export class SyncRunner {
  private readonly recorder: RunRecorder;
  /** Runs in progress, so a shutdown can stop them after their current page. */
  private readonly running = new Set<AbortController>();
  private stopping = false;

  constructor(private readonly d: SyncRunnerDeps) {
    this.recorder = new RunRecorder(d.schedule, d.workerId);
  }

  get leaseSeconds(): number {
    return this.d.leaseSeconds ?? 120;
  }

  /** How often a running sync renews its lease: three chances before it runs out. */
  get heartbeatMs(): number {
    return Math.max(1000, Math.floor((this.leaseSeconds * 1000) / 3));
  }

  get lease(): Lease {
    return { worker: this.d.workerId, seconds: this.leaseSeconds };
  }

  /** Runs now in progress in this process. */
  get inProgress(): number {
    return this.running.size;
  }

  /** Shutdown: no new run starts, and each running one stops after the page in hand and releases its mailbox. */
  stopRuns(): void {
    this.stopping = true;
    for (const c of this.running) c.abort(new ShuttingDownError());
  }

  get workerId(): string {
    return this.d.workerId;
  }

  /** Claims the mailbox, then runs it; "skipped" when another worker holds it or it is not active. */
  async run(mailboxId: string, trigger: RunTrigger): Promise<RunSummary> {
    if (this.stopping) return { mailboxId, outcome: "skipped", stats: emptyStats(), verdict: null };
    const claim = await this.d.schedule.claim(mailboxId, this.d.workerId, this.leaseSeconds);
    if (!claim) {
      this.d.logger.debug({ mailboxId }, "mailbox held by another worker or not active; skipped");
      return { mailboxId, outcome: "skipped", stats: emptyStats(), verdict: null };
    }
    return this.runClaimed(claim, trigger);
  }

  /**
   * The organisation's CRM is not usable (not connected, disconnected, paused): no mailbox is at fault, so none is
   * failed. The mailbox keeps its cursors and failure count and comes back on its next turn (or when the CRM is
   * reconnected, which makes the tenant's mailboxes due at once).
   */
  private async postpone(claim: Claim, why: string, trigger: RunTrigger, startedAt: Date): Promise<RunSummary> {
    const mailboxId = claim.mailbox.id;
    countRun("postponed", trigger, (Date.now() - startedAt.getTime()) / 1000);
    await this.d.schedule.postpone(mailboxId, this.d.workerId, nextTurn(mailboxId, this.d.intervalMinutes, new Date()));
    this.d.logger.debug({ mailboxId, why }, "CRM not usable; mailbox postponed");
    return { mailboxId, outcome: "skipped", stats: emptyStats(), verdict: null };
  }

  /**
   * Runs a mailbox this worker has already claimed (the scheduler claims due mailboxes in batches), renewing the lease
   * while it runs. A run that loses its lease (this process stalled past it and another worker took the mailbox) or is
   * stopped by a shutdown records nothing: the pages it committed stay, and whoever holds the mailbox next goes on.
   * `workDone` is called once the run has no more calls to make and only waits for its record to be written (in a
   * batch with other runs' records): the scheduler's pool gives its slot to the next run then.
   */
  async runClaimed(claim: Claim, trigger: RunTrigger, workDone?: () => void): Promise<RunSummary> {
    const mailboxId = claim.mailbox.id;
    const skipped: RunSummary = { mailboxId, outcome: "skipped", stats: emptyStats(), verdict: null };
    if (this.stopping) {
      await this.d.schedule.release(mailboxId, this.d.workerId);
      return skipped;
    }
    const control = new AbortController();
    this.running.add(control);
    const heartbeat = setInterval(() => {
      this.d.schedule.renew(mailboxId, this.d.workerId, this.leaseSeconds).then(
        (held) => {
          if (!held) control.abort(new LeaseLostError(mailboxId, this.d.workerId));
        },
        // The database is away for a moment: the next beat tries again, and commits are fenced meanwhile.
        (err: unknown) => this.d.logger.warn({ err, mailboxId }, "could not renew the lease"),
      );
    }, this.heartbeatMs);
    try {
      return await this.syncClaimed(claim, trigger, control.signal, workDone);
    } catch (err) {
      if (err instanceof LeaseLostError) {
        this.d.logger.warn({ mailboxId }, "lease lost during the run (another worker has the mailbox); the run stopped and recorded nothing");
        return skipped;
      }
      if (err instanceof ShuttingDownError) {
        await this.d.schedule.release(mailboxId, this.d.workerId).catch(() => undefined);
        this.d.logger.info({ mailboxId }, "run stopped for shutdown after its last saved page; mailbox released");
        return skipped;
      }
      throw err;
    } finally {
      clearInterval(heartbeat);
      this.running.delete(control);
    }
  }

  private async syncClaimed(claim: Claim, trigger: RunTrigger, signal: AbortSignal, workDone?: () => void): Promise<RunSummary> {
    const d = this.d;
    const { mailbox, cursors } = claim;
    const mailboxId = mailbox.id;
    d.logger.debug({ mailboxId, trigger }, "sync run started");
    const startedAt = new Date();
    let stats = emptyStats();
    let source: MailboxSource | null = null;
    let crm: CrmSink | null = null;
    let verdict: Verdict | null = null;
    let failedWith: MailboxErrorCode | null = null;
    // Links handed out for folders with nothing new, saved with the run's record (a failed run's too: they were given).
    const quiet = new Map<FolderKind, string>();
    try {
      // The mailbox's own access first: its problems (a revoked grant, a bad secret) are its own and are reported
      // whatever the CRM's state, and using its token keeps it alive while the CRM is away.
      const opened = await d.env.openSource(mailbox);
      if (!opened.ok) {
        verdict = verdictForEntra(opened.failure);
      } else {
        crm = await d.env.crmFor(mailbox.tenantId);
        if (!crm) return await this.postpone(claim, "no CRM is connected for this organisation yet (console: CRM)", trigger, startedAt);
        source = opened.source;
        d.logger.debug({ mailboxId }, "mailbox source opened");
        stats = await syncMailbox(
          {
            db: d.db,
            source,
            crm,
            policy: await d.env.policyFor(mailbox),
            logger: d.logger,
            pageSize: d.pageSize,
            signal,
            onQuietCursor: (folder, cursor) => quiet.set(folder, cursor),
          },
          { mailboxId, tenantId: mailbox.tenantId, email: mailbox.email, folders: mailbox.folders as FolderKind[], cursors, lease: this.lease },
        );
      }
    } catch (err) {
      // Stopped on purpose (shutdown, lost lease): the caller lets go without recording a run.
      if (err instanceof LeaseLostError || err instanceof ShuttingDownError) throw err;
      if (signal.aborted && (signal.reason instanceof LeaseLostError || signal.reason instanceof ShuttingDownError)) throw signal.reason;
      // The organisation's CRM is away, or went away mid-run (grant revoked, API limit): no mailbox is at fault;
      // pages already saved stay saved, the rest waits.
      if (err instanceof CrmOrgUnavailableError) return this.postpone(claim, err.message, trigger, startedAt);
      if (err instanceof MailboxError) failedWith = err.code;
      verdict = verdictFor(err, mailbox.access, claim.consecutiveFailures);
      d.logger.warn({ mailboxId, verdict }, "sync run failed");
    }
    if (verdict?.kind === "attention" && verdict.reason === "ews_blocked" && mailbox.provider === "ews" && d.env.moveOffEws) {
      const moved = await d.env.moveOffEws(mailbox);
      // Moved with the cursors reset: this same turn syncs it over Graph; keys are transport-independent, so nothing twice.
      if (moved === "moved") return this.runClaimed({ ...claim, mailbox: { ...mailbox, provider: "graph" }, cursors: new Map() }, trigger, workDone);
      if (moved === "reconnect") verdict = { kind: "attention", reason: "move_to_graph", error: verdict.error };
    }

    if (verdict && (failedWith === "mailbox_not_found" || failedWith === "mailbox_moving") && mailbox.access === "onprem_password" && d.env.relocate) {
      const moved = await d.env.relocate(mailbox).catch((err: unknown) => {
        d.logger.warn({ err, mailboxId }, "could not find where the mailbox moved");
        return null;
      });
      // Another on-premises server: this same turn syncs it there, from fresh cursors; keys are the items' own, so nothing twice.
      if (moved === "rerouted") return this.runClaimed({ ...claim, cursors: new Map() }, trigger, workDone);
      if (moved === "needs_oauth") {
        verdict = { kind: "attention", reason: "moved_to_online", error: `the mailbox moved to Exchange Online (${verdict.error}); its rep signs in with Microsoft` };
      }
    }

    const now = new Date();
    const outcome: RunOutcome = verdict === null ? "ok" : verdict.kind === "retry" ? verdict.outcome : "failed";
    const failures = verdict === null || (verdict.kind === "retry" && verdict.outcome === "throttled") ? "reset" : "increment";
    workDone?.();
    await this.recorder.record({
      run: { mailboxId, trigger, startedAt, endedAt: now, outcome, stats, calls: source?.calls ?? 0, crmCalls: crm?.calls ?? 0, error: verdict?.error ?? null },
      next:
        verdict === null
          ? { at: nextTurn(mailboxId, d.intervalMinutes, now), state: null, failures: "reset" }
          : verdict.kind === "attention"
            ? { at: null, state: { status: "attention", reason: verdict.reason, detail: verdict.error }, failures: "increment" }
            : { at: retryAt(now, claim.consecutiveFailures + 1, d.intervalMinutes, verdict.retryAfterMs), state: null, failures },
      quietCursors: [...quiet].map(([folder, cursor]) => ({ folder, cursor })),
    });
    countRun(outcome, trigger, (now.getTime() - startedAt.getTime()) / 1000);
    return { mailboxId, outcome, stats, verdict };
  }
}

export type { Verdict };
