import type { FinishedRun, ScheduleRepository } from "../store/scheduleRepository";

export interface RunRecorderOptions {
  /** Most runs written by one statement. */
  readonly maxBatch?: number;
  /** How long the first run of a batch waits for others to join it. */
  readonly delayMs?: number;
}

interface Pending {
  readonly finished: FinishedRun;
  readonly done: { resolve(): void; reject(err: unknown): void };
}

/**
 * Writes finished runs to the store in batches: an idle cycle ends ~170 runs a second, and one statement for a few
 * dozen of them costs about what one costs alone. `record` resolves once its run is written, so a caller that returns
 * after it knows the lease is released and the next turn set; a crash before the write leaves the leases to expire and
 * the runs to be done again (cursors are committed by the runs themselves, so nothing is lost).
 */
export class RunRecorder {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly maxBatch: number;
  private readonly delayMs: number;

  constructor(
    private readonly schedule: ScheduleRepository,
    private readonly worker: string,
    options: RunRecorderOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 64;
    this.delayMs = options.delayMs ?? 50;
    if (!Number.isInteger(this.maxBatch) || this.maxBatch < 1) throw new RangeError(`maxBatch must be a positive whole number, got ${this.maxBatch}`);
  }

  record(finished: FinishedRun): Promise<void> {
    // One statement updates a mailbox once: a second run of the same mailbox goes into the next batch.
    if (this.pending.some((p) => p.finished.run.mailboxId === finished.run.mailboxId)) this.flush();
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ finished, done: { resolve, reject } });
      if (this.pending.length >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    // Batches are written one after another, in the order runs ended.
    this.writing = this.writing
      .then(() => this.schedule.finish(this.worker, batch.map((p) => p.finished)))
      .then(
        () => batch.forEach((p) => p.done.resolve()),
        (err: unknown) => batch.forEach((p) => p.done.reject(err)),
      );
  }
}
