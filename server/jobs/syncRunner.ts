import type { CrmSink } from "../crm/crmSink";
import { CrmOrgUnavailableError } from "../crm/crmSink";
import type { EntraFailure } from "../identity/entraFailure";
import type { Logger } from "../logger";
import type { MailboxSource } from "../mailbox/mailboxSource";
import type { Database } from "../store/database";
import type { Mailbox } from "../store/mailboxRepository";
import type { Claim, RunOutcome, RunTrigger, ScheduleRepository } from "../store/scheduleRepository";
import type { Verdict } from "../sync/failureVerdict";
import { verdictFor, verdictForEntra } from "../sync/failureVerdict";
import type { SyncPolicy } from "../sync/policy";
import type { RunStats } from "../sync/runStats";
import { emptyStats } from "../sync/runStats";
import { syncMailbox } from "../sync/syncMailbox";
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
}

export interface SyncRunnerDeps {
  readonly db: Database;
  readonly schedule: ScheduleRepository;
  readonly env: SyncEnvironment;
  readonly logger: Logger;
  readonly workerId: string;
  readonly intervalMinutes: number;
  readonly leaseSeconds?: number;
  readonly pageSize?: number;
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

  constructor(private readonly d: SyncRunnerDeps) {
    this.recorder = new RunRecorder(d.schedule, d.workerId);
  }

  get leaseSeconds(): number {
    return this.d.leaseSeconds ?? 1800;
  }

  get workerId(): string {
    return this.d.workerId;
  }

  /** Claims the mailbox, then runs it; "skipped" when another worker holds it or it is not active. */
  async run(mailboxId: string, trigger: RunTrigger): Promise<RunSummary> {
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
  private async postpone(claim: Claim, why: string): Promise<RunSummary> {
    const mailboxId = claim.mailbox.id;
    await this.d.schedule.postpone(mailboxId, this.d.workerId, nextTurn(mailboxId, this.d.intervalMinutes, new Date()));
    this.d.logger.debug({ mailboxId, why }, "CRM not usable; mailbox postponed");
    return { mailboxId, outcome: "skipped", stats: emptyStats(), verdict: null };
  }

  /** Runs a mailbox this worker has already claimed (the scheduler claims due mailboxes in batches). */
  async runClaimed(claim: Claim, trigger: RunTrigger): Promise<RunSummary> {
    const d = this.d;
    const { mailbox, cursors } = claim;
    const mailboxId = mailbox.id;
    d.logger.debug({ mailboxId, trigger }, "sync run started");
    const startedAt = new Date();
    let stats = emptyStats();
    let source: MailboxSource | null = null;
    let crm: CrmSink | null = null;
    let verdict: Verdict | null = null;
    try {
      // The mailbox's own access first: its problems (a revoked grant, a bad secret) are its own and are reported
      // whatever the CRM's state, and using its token keeps it alive while the CRM is away.
      const opened = await d.env.openSource(mailbox);
      if (!opened.ok) {
        verdict = verdictForEntra(opened.failure);
      } else {
        crm = await d.env.crmFor(mailbox.tenantId);
        if (!crm) return await this.postpone(claim, "no CRM is connected for this organisation yet (console: CRM)");
        source = opened.source;
        d.logger.debug({ mailboxId }, "mailbox source opened");
        stats = await syncMailbox(
          { db: d.db, source, crm, policy: await d.env.policyFor(mailbox), logger: d.logger, pageSize: d.pageSize },
          { mailboxId, tenantId: mailbox.tenantId, email: mailbox.email, folders: mailbox.folders as FolderKind[], cursors },
        );
      }
    } catch (err) {
      // The organisation's CRM is away, or went away mid-run (grant revoked, API limit): no mailbox is at fault;
      // pages already saved stay saved, the rest waits.
      if (err instanceof CrmOrgUnavailableError) return this.postpone(claim, err.message);
      verdict = verdictFor(err, mailbox.access, claim.consecutiveFailures);
      d.logger.warn({ mailboxId, verdict }, "sync run failed");
    }
    if (verdict?.kind === "attention" && verdict.reason === "ews_blocked" && mailbox.provider === "ews" && d.env.moveOffEws) {
      const moved = await d.env.moveOffEws(mailbox);
      // Moved with the cursors reset: this same turn syncs it over Graph; keys are transport-independent, so nothing twice.
      if (moved === "moved") return this.runClaimed({ ...claim, mailbox: { ...mailbox, provider: "graph" }, cursors: new Map() }, trigger);
      if (moved === "reconnect") verdict = { kind: "attention", reason: "move_to_graph", error: verdict.error };
    }

    const now = new Date();
    const outcome: RunOutcome = verdict === null ? "ok" : verdict.kind === "retry" ? verdict.outcome : "failed";
    const failures = verdict === null || (verdict.kind === "retry" && verdict.outcome === "throttled") ? "reset" : "increment";
    await this.recorder.record({
      run: { mailboxId, trigger, startedAt, endedAt: now, outcome, stats, calls: source?.calls ?? 0, crmCalls: crm?.calls ?? 0, error: verdict?.error ?? null },
      next:
        verdict === null
          ? { at: nextTurn(mailboxId, d.intervalMinutes, now), state: null, failures: "reset" }
          : verdict.kind === "attention"
            ? { at: null, state: { status: "attention", reason: verdict.reason, detail: verdict.error }, failures: "increment" }
            : { at: retryAt(now, claim.consecutiveFailures + 1, d.intervalMinutes, verdict.retryAfterMs), state: null, failures },
    });
    return { mailboxId, outcome, stats, verdict };
  }
}

export type { Verdict };
