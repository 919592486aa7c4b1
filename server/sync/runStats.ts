import { countSkipped } from "../metrics/instruments";
import type { SkipReason } from "./policy";

/** What one sync run did, as the run history and the console show it. */
export interface RunStats {
  pages: number;
  itemsSeen: number;
  /** Activities this mailbox put in the CRM or linked itself to. */
  logged: number;
  /** Of those, how many needed a CRM write (new or changed). */
  written: number;
  removed: number;
  skipped: Partial<Record<SkipReason | "crm_rejected", number>>;
  resyncs: number;
}

export function emptyStats(): RunStats {
  return { pages: 0, itemsSeen: 0, logged: 0, written: 0, removed: 0, skipped: {}, resyncs: 0 };
}

export function countSkip(stats: RunStats, reason: SkipReason | "crm_rejected", n = 1): void {
  stats.skipped[reason] = (stats.skipped[reason] ?? 0) + n;
  // Counted when decided, so a run that fails later (the CRM refusing a page) still shows its skips.
  countSkipped(reason, n);
}
