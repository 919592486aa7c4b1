import { createTask } from "node-cron";
import type { ScheduledTask } from "node-cron";
import type { Logger } from "../logger";
import type { ScheduleRepository } from "../store/scheduleRepository";
import type { SyncRunner } from "./syncRunner";
import { WorkPool } from "./workPool";

export interface SchedulerOptions {
  /** Syncs running at once in this process. */
  readonly concurrency: number;
  /** Most mailboxes taken per tick; the rest are found on the next tick. */
  readonly batch?: number;
}

/**
 * Wakes every minute (node-cron), finds the mailboxes whose turn has come and hands them to the pool. It only finds
 * and enqueues; the runner does one mailbox, and the lease keeps two processes from running the same one.
 */
export class Scheduler {
  private task: ScheduledTask | null = null;
  readonly pool: WorkPool;

  constructor(
    private readonly schedule: ScheduleRepository,
    private readonly runner: SyncRunner,
    private readonly logger: Logger,
    private readonly options: SchedulerOptions,
  ) {
    this.pool = new WorkPool(options.concurrency);
  }

  start(): void {
    if (this.task) return;
    this.task = createTask("* * * * *", () => this.tick(), { name: "sync-due-mailboxes", noOverlap: true });
    void this.task.start();
  }

  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = null;
    await this.pool.idle();
  }

  /** One pass: enqueue what is due now. Returns how many were newly enqueued. */
  async tick(): Promise<number> {
    try {
      const due = await this.schedule.due(this.options.batch ?? 10_000);
      let queued = 0;
      for (const id of due) if (this.enqueue(id, "schedule")) queued++;
      if (queued > 0) this.logger.debug({ queued }, "mailboxes due");
      return queued;
    } catch (err) {
      this.logger.error({ err }, "could not look for due mailboxes");
      return 0;
    }
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
