import { createHash } from "node:crypto";

/**
 * Each mailbox syncs every interval at its own stable offset, derived from its id: 10,000 mailboxes spread evenly over
 * the interval instead of all waking at :00 and :30, and a mailbox keeps its slot across restarts.
 */
export function turnOffsetSeconds(mailboxId: string, intervalMinutes: number): number {
  const h = createHash("sha256").update(mailboxId).digest().readUInt32BE(0);
  return h % Math.round(intervalMinutes * 60);
}

/** The first turn of this mailbox strictly after `after`. */
export function nextTurn(mailboxId: string, intervalMinutes: number, after: Date): Date {
  const period = Math.round(intervalMinutes * 60);
  const offset = turnOffsetSeconds(mailboxId, intervalMinutes);
  const t = Math.floor(after.getTime() / 1000);
  const k = Math.floor((t - offset) / period) + 1;
  return new Date((k * period + offset) * 1000);
}

/** After a transient failure: the server's own back-off when it gave one, else doubling from a minute, capped at the interval. */
export function retryAt(now: Date, consecutiveFailures: number, intervalMinutes: number, retryAfterMs?: number): Date {
  const backoff = Math.min(intervalMinutes * 60_000, 60_000 * 2 ** Math.max(0, consecutiveFailures - 1));
  return new Date(now.getTime() + Math.max(backoff, retryAfterMs ?? 0));
}
