import type { Config } from "../config";
import { adminConsentLink } from "../identity/adminConsentLink";
import { remedyView } from "../identity/remedyView";
import type { Mailbox } from "../store/mailboxRepository";
import type { MailboxView } from "./contract";

/** The sidebar's view of a mailbox: state, the remedy in the rep's words, and the admin link where one helps. */
export interface SyncSummary {
  readonly lastRun: { readonly endedAt: Date; readonly outcome: "ok" | "partial" | "failed" | "throttled"; readonly logged: number } | null;
  readonly loggedToday: number;
}

export function mailboxView(config: Config, m: Mailbox, summary: SyncSummary): MailboxView {
  const reason = m.state.status === "attention" ? m.state.reason : null;
  return {
    id: m.id,
    email: m.email,
    provider: m.provider,
    managedByAdmin: m.access !== "delegated",
    status: m.state.status,
    reason,
    remedy: reason ? remedyView(reason, "user") : null,
    adminConsentUrl: reason === "admin_approval_required" ? adminConsentLink(config, m.tenantId) : null,
    lastSync: summary.lastRun
      ? { at: summary.lastRun.endedAt.toISOString(), outcome: summary.lastRun.outcome === "throttled" ? "partial" : summary.lastRun.outcome, logged: summary.lastRun.logged }
      : null,
    nextSyncAt: m.nextSyncAt ? m.nextSyncAt.toISOString() : null,
    loggedToday: summary.loggedToday,
  };
}
