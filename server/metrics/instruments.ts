import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { MailboxErrorCode } from "../mailbox/mailboxError";
import type { RunOutcome, RunTrigger } from "../store/scheduleRepository";
import type { SkipReason } from "../sync/policy";
import { skipReasons } from "../sync/policy";

/**
 * The process's counters, in one place: code anywhere in the server counts through the functions below and never
 * builds a metric of its own, so /metrics stays one list an operator can read. Labels take values from fixed sets
 * only (outcomes, reasons, operation names, error codes), never a mailbox, tenant or address, so the number of
 * series stays bounded however many mailboxes there are.
 *
 * Counters are per process (Prometheus sums them across processes); what the store knows (mailboxes by status,
 * due, lag) is read at scrape time by storeGauges.ts.
 */
export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry });

/** How a mailbox is reached. A transport counts its own calls with countCall / countCallError / countThrottleWait. */
export type Transport = "ews" | "graph";
export const transports: readonly Transport[] = ["ews", "graph"];

/** A run ended by its CRM being away (not connected, paused): no run of the mailbox's own, counted apart. */
export type CountedOutcome = RunOutcome | "postponed";
const outcomes: readonly CountedOutcome[] = ["ok", "partial", "failed", "throttled", "postponed"];
const triggers: readonly RunTrigger[] = ["schedule", "sync_now", "retry"];

export const syncRuns = new Counter({
  name: "mailsync_sync_runs_total",
  help: "Mailbox sync runs ended in this process, by outcome and by what started them.",
  labelNames: ["outcome", "trigger"] as const,
  registers: [processRegistry],
});

export const syncRunSeconds = new Histogram({
  name: "mailsync_sync_run_duration_seconds",
  help: "How long mailbox sync runs took, by outcome.",
  labelNames: ["outcome"] as const,
  // An idle run is a few calls (tens of ms); an initial sync of a large mailbox takes minutes.
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
  registers: [processRegistry],
});

export const activitiesLogged = new Counter({
  name: "mailsync_activities_logged_total",
  help: "Activities (emails, meetings) put in the CRM or linked to a mailbox, counted once their page is committed.",
  registers: [processRegistry],
});

export const activitiesSkipped = new Counter({
  name: "mailsync_activities_skipped_total",
  help: "Items not logged, by reason (policy: private, internal_only, blocked, no_crm_match, too_old, not_an_activity, logged_as_series, logged_as_occurrences; the CRM refused: crm_rejected).",
  labelNames: ["reason"] as const,
  registers: [processRegistry],
});

export const transportCalls = new Counter({
  name: "mailsync_mailbox_calls_total",
  help: "Calls made to Exchange (transport=ews) and Microsoft Graph (transport=graph), by operation; every attempt counts, retries included.",
  labelNames: ["transport", "operation"] as const,
  registers: [processRegistry],
});

export const transportCallErrors = new Counter({
  name: "mailsync_mailbox_call_errors_total",
  help: "Calls to Exchange or Graph that failed, by transport and error code (throttled, transient, unauthorized, ...).",
  labelNames: ["transport", "code"] as const,
  registers: [processRegistry],
});

export const throttleWaits = new Counter({
  name: "mailsync_throttle_waits_total",
  help: "Times a call waited because Exchange or Graph asked us to back off (BackOffMilliseconds, Retry-After).",
  labelNames: ["transport"] as const,
  registers: [processRegistry],
});

export const throttleWaitSeconds = new Counter({
  name: "mailsync_throttle_wait_seconds_total",
  help: "Seconds spent waiting because Exchange or Graph asked us to back off.",
  labelNames: ["transport"] as const,
  registers: [processRegistry],
});

// Every known series starts at 0, so a dashboard's rate() has a baseline before the first event.
for (const outcome of outcomes) {
  syncRunSeconds.zero({ outcome });
  for (const trigger of triggers) syncRuns.inc({ outcome, trigger }, 0);
}
for (const reason of [...skipReasons, "crm_rejected" as const]) activitiesSkipped.inc({ reason }, 0);
for (const transport of transports) {
  throttleWaits.inc({ transport }, 0);
  throttleWaitSeconds.inc({ transport }, 0);
}
for (const operation of ["SyncFolderItems", "GetItem"]) transportCalls.inc({ transport: "ews", operation }, 0);
for (const operation of ["messagesDelta", "calendarDelta", "$batch"]) transportCalls.inc({ transport: "graph", operation }, 0);

export const databaseQueries = new Counter({
  name: "mailsync_db_queries_total",
  help: "Queries this process sent to its database, one per round trip: a statement, a script of statements, and a transaction's begin and its commit or rollback (the job queue's own included).",
  registers: [processRegistry],
});

/** One call to a mailbox service (before it is sent). `operation` is a fixed name (SyncFolderItems, delta, $batch), never a URL. */
export function countCall(transport: Transport, operation: string): void {
  transportCalls.inc({ transport, operation });
}

export function countCallError(transport: Transport, code: MailboxErrorCode): void {
  transportCallErrors.inc({ transport, code });
}

/** A back-off the service asked for and we honoured. */
export function countThrottleWait(transport: Transport, waitMs: number): void {
  throttleWaits.inc({ transport });
  throttleWaitSeconds.inc({ transport }, waitMs / 1000);
}

export function countSkipped(reason: SkipReason | "crm_rejected", n: number): void {
  activitiesSkipped.inc({ reason }, n);
}

export function countLogged(n: number): void {
  if (n > 0) activitiesLogged.inc(n);
}

export function countRun(outcome: CountedOutcome, trigger: RunTrigger, seconds: number): void {
  syncRuns.inc({ outcome, trigger });
  syncRunSeconds.observe({ outcome }, seconds);
}
