/**
 * Who holds a mailbox and for how long each renewal extends the hold. Every write a sync makes for a mailbox carries
 * it, and the store refuses the write when the hold is gone: a worker that stalled past its lease (or was declared
 * dead) cannot overwrite what the mailbox's new holder saved.
 */
export interface Lease {
  readonly worker: string;
  readonly seconds: number;
}

/** This worker no longer holds the mailbox: another worker took it over after the lease ran out. */
export class LeaseLostError extends Error {
  constructor(readonly mailboxId: string, readonly worker: string) {
    super(`worker ${worker} no longer holds mailbox ${mailboxId}; its write was refused`);
    this.name = "LeaseLostError";
  }
}
