import { createTask } from "node-cron";
import type { ScheduledTask } from "node-cron";
import type { Logger } from "../logger";
import type { RunTrigger, ScheduleRepository } from "../store/scheduleRepository";
import type { SyncRunner } from "./syncRunner";
import type { SyncJob, SyncQueue } from "./syncQueue";
import { WorkPool } from "./workPool";

/** What the scheduler needs of the runner. */
export type MailboxRunner = Pick<SyncRunner, "runClaimed" | "workerId" | "leaseSeconds" | "stopRuns">;

/** What the scheduler needs of the queue (pg-boss). */
export type TurnQueue = Pick<SyncQueue, "add" | "take" | "complete" | "fail" | "claimCycle">;

export interface SchedulerOptions {
  /** Syncs running at once in this process. */
  readonly concurrency: number;
  /** Jobs taken from the queue per statement; by default the concurrency. */
  readonly batch?: number;
  /** How long an idle worker waits before looking at the queue again. Default 2 s. */
  readonly pollMs?: number;
  /** How often the due turns are queued (one process of the fleet each time). Default 60 s. */
  readonly cycleSeconds?: number;
}

const ACK_BATCH = 64;
const ACK_DELAY_MS = 100;

/**
 * Dispatch on the job queue (pg-boss), the same in one process and in a fleet:
 * - every minute (node-cron) one process of the fleet (the one that wins the minute's slot in the queue) adds a job for
 *   each mailbox whose turn has come; "Sync now" and retries add a job from any web or worker process;
 * - every worker takes jobs a batch at a time, only as its pool has room, claims their mailboxes (a lease, one
 *   statement per batch) and runs them; a job whose mailbox is no longer due or is held by a live worker is done
 *   without a run, so a turn queued twice runs once.
 * The runner does one mailbox; leases and fenced commits keep guarding the cursors whatever the queue does.
 */
export class Scheduler {
  private task: ScheduledTask | null = null;
  private stopping = false;
  private feeding: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** Jobs taken and not yet acknowledged, by mailbox: a shutdown hands their turns back. */
  private readonly taken = new Map<string, SyncJob>();
  private acks: string[] = [];
  private ackTimer: NodeJS.Timeout | null = null;
  readonly pool: WorkPool;

  constructor(
    private readonly schedule: ScheduleRepository,
    private readonly queue: TurnQueue,
    private readonly runner: MailboxRunner,
    private readonly logger: Logger,
    private readonly options: SchedulerOptions,
  ) {
    this.pool = new WorkPool(options.concurrency);
  }

  private get batch(): number {
    return this.options.batch ?? this.options.concurrency;
  }

  start(): void {
    if (this.task) return;
    this.stopping = false;
    const every = this.options.cycleSeconds ?? 60;
    this.task = createTask(every >= 60 ? "* * * * *" : `*/${every} * * * * *`, () => this.addDueTurns({ oncePerMinute: true }).then(() => this.poke()), { name: "sync-due-mailboxes", noOverlap: true });
    void this.task.start();
    // A worker that (re)starts adds what is due at once rather than at the next minute: after a crash and restart a
    // waiting "Sync now" starts as soon as the dead run's lease is gone.
    void this.addDueTurns({ oncePerMinute: false }).then(() => this.poke());
    this.feeding = this.feed();
  }

  /**
   * Stops taking work; running syncs finish the page in hand and let go. After `deadlineMs` whatever still runs is
   * given up: every lease this worker holds is released (a late commit of a given-up run is then refused, see the
   * fence in SyncRepository) and the turns it had taken go back to the queue, so other workers take the mailboxes at
   * once instead of after the lease runs out. Without a deadline it waits for the runs to end. Returns whether every
   * run ended in time.
   */
  async stop(deadlineMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    this.stopping = true;
    await this.task?.destroy();
    this.task = null;
    this.poke();
    this.pool.dropQueued();
    this.runner.stopRuns();
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      this.pool.idle().then(() => true),
      ...(Number.isFinite(deadlineMs) ? [new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), deadlineMs)))] : []),
    ]);
    clearTimeout(timer);
    await this.feeding;
    try {
      const released = await this.schedule.releaseAll(this.runner.workerId);
      if (released > 0 || !ended) this.logger.info({ released, runsEndedInTime: ended }, "sync worker stopped; leases released");
      // Turns taken and not run (dropped from the pool, or given up at the deadline): back in the queue for others.
      const handBack = [...this.taken.values()];
      this.taken.clear();
      await this.queue.add(handBack.map((j) => ({ mailboxId: j.mailboxId, trigger: j.trigger })));
      this.acks.push(...handBack.map((j) => j.id));
      await this.flushAcks();
    } catch (err) {
      this.logger.warn({ err }, "could not release leases at shutdown; they run out by themselves");
    }
    return ended;
  }

  /**
   * Adds a job for every mailbox whose turn has come and that no live worker holds. With `oncePerMinute` only the
   * process that wins this minute's slot does it (the others' ticks add nothing); returns how many mailboxes were due.
   */
  async addDueTurns(o: { oncePerMinute: boolean }): Promise<number> {
    try {
      if (o.oncePerMinute && !(await this.queue.claimCycle(this.options.cycleSeconds ?? 60))) return 0;
      const ids = await this.schedule.dueIds(new Date());
      await this.queue.add(ids.map((mailboxId) => ({ mailboxId, trigger: "schedule" as const })));
      if (ids.length > 0) this.logger.debug({ due: ids.length }, "due turns queued");
      return ids.length;
    } catch (err) {
      this.logger.error({ err }, "could not queue the due mailboxes");
      return 0;
    }
  }

  /**
   * One pass for tools and tests that drive syncs themselves: queues every turn due now, then takes jobs until the
   * queue is empty (resolving when the last is in the pool; `pool.idle()` waits for the runs). Returns how many runs
   * were started.
   */
  async tick(): Promise<number> {
    await this.addDueTurns({ oncePerMinute: false });
    let started = 0;
    for (;;) {
      await this.pool.whenQueueBelow(this.batch);
      const taken = await this.takeBatch();
      if (taken === null) break;
      started += taken;
    }
    return started;
  }

  /**
   * "Sync now" or a retry, from any web or worker process: the mailbox was made due, and its turn goes to whichever
   * worker takes it first.
   */
  async request(mailboxId: string, trigger: RunTrigger): Promise<void> {
    try {
      await this.queue.add([{ mailboxId, trigger }]);
      this.poke();
    } catch (err) {
      // The mailbox is due: the next minute's cycle queues it.
      this.logger.warn({ err, mailboxId }, "could not queue the requested sync; the next cycle takes it");
    }
  }

  private poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** The worker's loop: takes jobs while the pool has room, waits for a poke or the poll interval when none wait. */
  private async feed(): Promise<void> {
    const pollMs = this.options.pollMs ?? 2000;
    while (!this.stopping) {
      await this.pool.whenQueueBelow(this.batch);
      if (this.stopping) break;
      let taken: number | null = null;
      try {
        taken = await this.takeBatch();
      } catch (err) {
        // The database is away (restarting): wait and try again; leases and jobs wait with it.
        this.logger.warn({ err }, "could not take queued turns; trying again");
      }
      if (taken !== null || this.stopping) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Takes one batch and starts what is to run; null when no job waits. */
  private async takeBatch(): Promise<number | null> {
    const jobs = await this.queue.take(this.batch);
    if (jobs.length === 0) return null;
    const claims = await this.schedule.claimListed(
      this.runner.workerId,
      this.runner.leaseSeconds,
      jobs.map((j) => j.mailboxId),
    );
    const claimed = new Map(claims.map((c) => [c.mailbox.id, c]));
    let started = 0;
    for (const job of jobs) {
      const claim = claimed.get(job.mailboxId);
      claimed.delete(job.mailboxId);
      // Not due any more, held by another worker, or already running here: nothing to do for this job.
      if (!claim || this.stopping || this.taken.has(job.mailboxId)) {
        this.ack(job.id);
        continue;
      }
      this.taken.set(job.mailboxId, job);
      const added = this.pool.push(job.mailboxId, async (workDone) => {
        try {
          await this.runner.runClaimed(claim, job.trigger, workDone);
          this.settle(job, "done");
        } catch (err) {
          this.logger.error({ err, mailboxId: job.mailboxId }, "sync run crashed; the queue retries it after a back-off");
          this.settle(job, "failed");
        }
      });
      if (added) started++;
      else {
        this.taken.delete(job.mailboxId);
        this.ack(job.id);
      }
    }
    return started;
  }

  private settle(job: SyncJob, how: "done" | "failed"): void {
    // A shutdown that gave up on the run has handed the turn back already.
    if (this.taken.get(job.mailboxId) !== job) return;
    this.taken.delete(job.mailboxId);
    if (how === "done") this.ack(job.id);
    else void this.queue.fail([job.id]).catch((err: unknown) => this.logger.warn({ err }, "could not mark a job failed; it expires"));
  }

  /** Jobs are acknowledged in batches: an idle cycle ends many runs a second. */
  private ack(id: string): void {
    this.acks.push(id);
    if (this.acks.length >= ACK_BATCH) void this.flushAcks();
    else this.ackTimer ??= setTimeout(() => void this.flushAcks(), ACK_DELAY_MS);
  }

  private async flushAcks(): Promise<void> {
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = null;
    const ids = this.acks;
    this.acks = [];
    // A job not acknowledged expires and is handed out again, and then finds its mailbox not due: no harm, only work.
    await this.queue.complete(ids).catch((err: unknown) => this.logger.warn({ err, jobs: ids.length }, "could not mark jobs done; they expire"));
  }
}
