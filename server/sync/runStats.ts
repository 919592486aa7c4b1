import { countSkipped } from "../metrics/instruments";
import type { FolderKind } from "../mailbox/items";
import type { SkipReason } from "./policy";

/** Why a folder was read again from its start during a run. */
export type ResyncReason =
  /** Exchange (or Graph) answered that it no longer accepts the saved sync state (EWS ErrorInvalidSyncStateData, Graph 410). */
  | "sync_state_rejected"
  /** The saved cursor was not one this transport and server can continue from (another server's link, say): never sent. */
  | "cursor_unusable";

/** One folder read again from its start, as the run history shows it. */
export interface Resync {
  readonly folder: FolderKind;
  readonly reason: ResyncReason;
  /**
   * What refused the cursor, in the words known where the folder was reset: the provider's reading ("Graph no longer
   * accepts the saved delta link") and, when the service answered, its answer (code, HTTP status, message). Runs
   * recorded before this was kept have none.
   */
  readonly detail?: { readonly message: string; readonly answer?: string };
}

/** The most of a service's answer a run record keeps: the code, status and message fit; a page of HTML does not. */
const MAX_ANSWER_CHARS = 300;

/** The run history's record of a folder reset because its saved cursor was refused (a MailboxError "invalid_cursor"). */
export function resyncOf(folder: FolderKind, refusal: { readonly message: string; readonly options: { readonly raw?: string } }): Resync {
  const answer = refusal.options.raw?.slice(0, MAX_ANSWER_CHARS);
  // The service's answer comes with its refusal; without one, our own check refused the cursor before any call.
  return answer === undefined
    ? { folder, reason: "cursor_unusable", detail: { message: refusal.message } }
    : { folder, reason: "sync_state_rejected", detail: { message: refusal.message, answer } };
}

/** An item the CRM refused for good (a customer's validation rule, say): not retried, shown to support with the CRM's words. */
export interface Rejection {
  readonly itemId: string;
  readonly folder: FolderKind;
  readonly kind: "email" | "meeting";
  readonly subject: string;
  /** The CRM's error code and message, as it gave them (Salesforce: FIELD_CUSTOM_VALIDATION_EXCEPTION and the rule's text). */
  readonly code: string;
  readonly message: string;
}

/** What one sync run did, as the run history and the console show it. */
export interface RunStats {
  pages: number;
  itemsSeen: number;
  /**
   * Activities this run put in the CRM for this mailbox, or linked the mailbox to (a colleague logged them first): each
   * counted once, in the run that first linked it, so the runs' totals add up to the activities the mailbox logged.
   */
  logged: number;
  /** Of those, how many needed a CRM write (new or changed). */
  written: number;
  /** Items read again (a resync, a repeated page) whose activity this mailbox had logged already: not counted as logged. */
  alreadyLogged: number;
  removed: number;
  skipped: Partial<Record<SkipReason | "crm_rejected", number>>;
  resyncs: Resync[];
  /** Items the CRM refused for good; their count is also in skipped.crm_rejected. */
  rejections: Rejection[];
}

export function emptyStats(): RunStats {
  return { pages: 0, itemsSeen: 0, logged: 0, written: 0, alreadyLogged: 0, removed: 0, skipped: {}, resyncs: [], rejections: [] };
}

export function countSkip(stats: RunStats, reason: SkipReason | "crm_rejected", n = 1): void {
  stats.skipped[reason] = (stats.skipped[reason] ?? 0) + n;
  // Counted when decided, so a run that fails later (the CRM refusing a page) still shows its skips.
  countSkipped(reason, n);
}
