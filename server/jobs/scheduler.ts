import { createTask } from "node-cron";
import type { ScheduledTask } from "node-cron";
import type { Logger } from "../logger";
import type { ScheduleRepository } from "../store/scheduleRepository";
import type { SyncRunner } from "./syncRunner";
import { WorkPool } from "./workPool";

/** What the scheduler needs of the runner. */
export type MailboxRunner = Pick<SyncRunner, "run" | "runClaimed" | "workerId" | "leaseSeconds" | "stopRuns">;

export interface SchedulerOptions {
  /** Syncs running at once in this process. */
  readonly concurrency: number;
  /** Mailboxes claimed per statement; by default the concurrency. */
  readonly batch?: number;
}

/**
 * Wakes every minute (node-cron) and feeds the pool with mailboxes whose turn has come: it claims them a batch at a
 * time (one statement per batch, leases included) and claims the next batch only when the pool has room, so this
 * process holds no more leases than it can soon run and other processes find the rest. The runner does one mailbox.
 */
export class Scheduler {
  private task: ScheduledTask | null = null;
  private stopping = false;
  readonly pool: WorkPool;

  constructor(
    private readonly schedule: ScheduleRepository,
    private readonly runner: MailboxRunner,
    private readonly logger: Logger,
    private readonly options: SchedulerOptions,
  ) {
    this.pool = new WorkPool(options.concurrency);
  }

  start(): void {
    if (this.task) return;
    this.stopping = false;
    this.task = createTask("* * * * *", () => this.tick(), { name: "sync-due-mailboxes", noOverlap: true });
    void this.task.start();
    // A worker that (re)starts takes what is due at once rather than at the next minute: after a crash and restart a
    // waiting "Sync now" starts as soon as the dead run's lease is gone.
    void this.tick();
  }

  /**
   * Stops taking work; running syncs finish the page in hand and let go. After `deadlineMs` whatever still runs is
   * given up: every lease this worker holds is released (a late commit of a given-up run is then refused, see the
   * fence in SyncRepository), so other workers take the mailboxes at once instead of after the lease runs out.
   * Without a deadline it waits for the runs to end. Returns whether every run ended in time.
   */
  async stop(deadlineMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    this.stopping = true;
    await this.task?.destroy();
    this.task = null;
    this.pool.dropQueued();
    this.runner.stopRuns();
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      this.pool.idle().then(() => true),
      ...(Number.isFinite(deadlineMs) ? [new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), deadlineMs)))] : []),
    ]);
    clearTimeout(timer);
    try {
      const released = await this.schedule.releaseAll(this.runner.workerId);
      if (released > 0 || !ended) this.logger.info({ released, runsEndedInTime: ended }, "sync worker stopped; leases released");
    } catch (err) {
      this.logger.warn({ err }, "could not release leases at shutdown; they run out by themselves");
    }
    return ended;
  }

  /**
   * One pass: claims and enqueues what was due when the pass began (a turn that comes meanwhile waits for the next
   * tick, so one pass runs a mailbox once). Returns how many were enqueued.
   */
  async tick(): Promise<number> {
    const batch = this.options.batch ?? this.options.concurrency;
    const dueBy = new Date();
    let queued = 0;
    try {
      while (!this.stopping) {
        await this.pool.whenQueueBelow(batch);
        const claims = await this.schedule.claimDue(this.runner.workerId, this.runner.leaseSeconds, batch, dueBy);
        for (const claim of claims) {
          // Already queued (a "sync now" waiting for its turn): that job runs it, under the lease just taken.
          const added = this.pool.push(claim.mailbox.id, async () => {
            try {
              await this.runner.runClaimed(claim, "schedule");
            } catch (err) {
              this.logger.error({ err, mailboxId: claim.mailbox.id }, "sync run crashed");
            }
          });
          if (added) queued++;
        }
        if (claims.length < batch) break;
      }
    } catch (err) {
      this.logger.error({ err }, "could not claim due mailboxes");
    }
    if (queued > 0) this.logger.debug({ queued }, "mailboxes claimed");
    return queued;
  }

  enqueue(mailboxId: string, trigger: "schedule" | "sync_now" | "retry"): boolean {
    return this.pool.push(mailboxId, async () => {
      try {
        await this.runner.run(mailboxId, trigger);
      } catch (err) {
        this.logger.error({ err, mailboxId }, "sync run crashed");
      }
    });
  }
}
