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

/** A 401 from the company's own Exchange: the Windows password changed, expired, or the account is locked. */
const onpremReconnect = {
  title: "Enter your new password",
  text: "Your company's Exchange server refused the saved password: it was changed or expired, or your account is locked. Enter your current Windows password; nothing is lost, sync resumes where it stopped.",
  actor: "user",
} as const;

export function mailboxView(config: Config, m: Mailbox, summary: SyncSummary): MailboxView {
  const reason = m.state.status === "attention" ? m.state.reason : null;
  return {
    id: m.id,
    email: m.email,
    provider: m.provider,
    managedByAdmin: m.access === "app_only" || m.access === "onprem_service_account",
    onpremPassword: m.access === "onprem_password",
    status: m.state.status,
    reason,
    remedy: reason === "reconnect_required" && m.access === "onprem_password" ? onpremReconnect : reason ? remedyView(reason, "user") : null,
    adminConsentUrl: reason === "admin_approval_required" ? adminConsentLink(config, m.tenantId) : null,
    lastSync: summary.lastRun
      ? { at: summary.lastRun.endedAt.toISOString(), outcome: summary.lastRun.outcome === "throttled" ? "partial" : summary.lastRun.outcome, logged: summary.lastRun.logged }
      : null,
    nextSyncAt: m.nextSyncAt ? m.nextSyncAt.toISOString() : null,
    loggedToday: summary.loggedToday,
  };
}
