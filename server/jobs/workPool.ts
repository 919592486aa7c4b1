/**
 * A job of the pool. It may call `workDone` when what the concurrency cap is for (calls to Exchange and the CRM) is over
 * and only its bookkeeping is left (its run record, written in a batch with others): its slot goes to the next job
 * then, while it finishes. Without the hand-over a run held its slot until its batch was written, and the pool moved
 * in lockstep: a whole pool of runs started, made their call, then all waited for one write.
 */
export type PoolJob = (workDone: () => void) => Promise<void>;

/**
 * The in-process pool that runs mailbox syncs: a global cap, and a mailbox already queued or running is not queued
 * again (the minute tick may find it due twice while a long initial sync runs).
 */
export class WorkPool {
  private readonly queue: { id: string; run: PoolJob }[] = [];
  private readonly known = new Set<string>();
  /** Jobs holding a slot. */
  private running = 0;
  /** Jobs that gave their slot back and have not ended; held to the same cap, so they cannot pile up without bound. */
  private finishing = 0;
  private idleWaiters: (() => void)[] = [];
  private roomWaiters: { below: number; resolve: () => void }[] = [];

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive whole number, got ${concurrency}`);
  }

  /** Returns false when the id is already queued or running. */
  push(id: string, run: PoolJob): boolean {
    if (this.known.has(id)) return false;
    this.known.add(id);
    this.queue.push({ id, run });
    this.pump();
    return true;
  }

  /** Jobs queued, running or finishing. */
  get size(): number {
    return this.queue.length + this.running + this.finishing;
  }

  /** Jobs waiting for a turn, and jobs running (for /metrics). */
  get depth(): { readonly queued: number; readonly active: number } {
    return { queued: this.queue.length, active: this.running };
  }

  /** Resolves when fewer than `below` jobs wait for a turn (a feeder adds more only as the pool drains). */
  whenQueueBelow(below: number): Promise<void> {
    if (this.queue.length < below) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push({ below, resolve }));
  }

  /** Drops every job not yet started (shutdown); returns their ids. */
  dropQueued(): string[] {
    const dropped = this.queue.splice(0);
    for (const j of dropped) this.known.delete(j.id);
    this.wakeIdle();
    for (const w of this.roomWaiters) w.resolve();
    this.roomWaiters = [];
    return dropped.map((j) => j.id);
  }

  /** Resolves when nothing is queued, running or finishing. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.finishing < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift();
      if (!job) break;
      this.running++;
      let holdsSlot = true;
      const workDone = () => {
        if (!holdsSlot) return;
        holdsSlot = false;
        this.running--;
        this.finishing++;
        this.pump();
        this.wakeRoom();
      };
      // Each job handles and records its own errors; a rejection here would be a bug, not a sync failure.
      void job
        .run(workDone)
        .catch(() => undefined)
        .finally(() => {
          if (holdsSlot) this.running--;
          else this.finishing--;
          holdsSlot = false;
          this.known.delete(job.id);
          this.pump();
          this.wakeRoom();
          this.wakeIdle();
        });
    }
  }

  private wakeRoom(): void {
    if (this.roomWaiters.length === 0) return;
    const ready = this.roomWaiters.filter((w) => this.queue.length < w.below);
    this.roomWaiters = this.roomWaiters.filter((w) => this.queue.length >= w.below);
    for (const w of ready) w.resolve();
  }

  private wakeIdle(): void {
    if (this.size !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
