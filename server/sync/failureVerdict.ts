import { CrmUnavailableError } from "../crm/crmSink";
import type { AttentionReason, MailboxAccess } from "../domain/mailboxStatus";
import type { EntraFailure } from "../identity/entraFailure";
import { MailboxError } from "../mailbox/mailboxError";

/**
 * What a failed run means for the mailbox: wait and retry (transient, throttled), or stop and ask someone to act
 * (attention, with the reason that names who and how). Repeated unexplained failures end in attention too, so
 * nothing fails silently forever.
 */
export type Verdict =
  | { readonly kind: "retry"; readonly outcome: "failed" | "throttled"; readonly retryAfterMs?: number; readonly error: string }
  | { readonly kind: "attention"; readonly reason: AttentionReason; readonly error: string };

/** Credentials refused: the rep signs in again, the tenant admin consents again, or an admin fixes the service account. */
const unauthorizedReason: Readonly<Record<MailboxAccess, AttentionReason>> = {
  delegated: "reconnect_required",
  onprem_password: "reconnect_required",
  app_only: "consent_required",
  onprem_service_account: "service_account_rejected",
};

/** After this many failed runs in a row without a known cause, support is asked to look. */
export const unexplainedFailureLimit = 5;

export function verdictForEntra(f: EntraFailure): Verdict {
  return f.kind === "attention"
    ? { kind: "attention", reason: f.reason, error: f.detail }
    : { kind: "retry", outcome: "failed", error: f.detail };
}

export function verdictFor(err: unknown, access: MailboxAccess, consecutiveFailures: number): Verdict {
  if (err instanceof MailboxError) {
    const error = `${err.code}: ${err.message}`;
    switch (err.code) {
      case "throttled":
        return { kind: "retry", outcome: "throttled", retryAfterMs: err.retryAfterMs, error };
      case "transient":
      case "mailbox_moving":
        return escalate({ kind: "retry", outcome: "failed", retryAfterMs: err.retryAfterMs, error }, consecutiveFailures);
      case "unauthorized":
        return { kind: "attention", reason: unauthorizedReason[access], error };
      case "mailbox_not_found":
        return { kind: "attention", reason: "mailbox_not_found", error };
      case "impersonation_denied":
        return { kind: "attention", reason: "impersonation_denied", error };
      case "ews_blocked":
        return { kind: "attention", reason: "ews_blocked", error };
      case "license_blocked":
        return { kind: "attention", reason: "license_blocked", error };
      case "consent_missing":
        return { kind: "attention", reason: "consent_required", error };
      case "access_policy_denied":
        return { kind: "attention", reason: "access_policy_denied", error };
      case "rest_api_unavailable":
        return { kind: "attention", reason: "mailbox_not_on_graph", error };
      case "invalid_cursor":
      case "folder_not_found":
      case "protocol":
        return escalate({ kind: "retry", outcome: "failed", error }, consecutiveFailures);
    }
  }
  if (err instanceof CrmUnavailableError) {
    return err.options.persistent
      ? { kind: "attention", reason: "crm_rejected", error: err.message }
      : escalate({ kind: "retry", outcome: "failed", retryAfterMs: err.options.retryAfterMs, error: err.message }, consecutiveFailures);
  }
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return escalate({ kind: "retry", outcome: "failed", error: message }, consecutiveFailures);
}

function escalate(v: Verdict, consecutiveFailures: number): Verdict {
  return v.kind === "retry" && consecutiveFailures + 1 >= unexplainedFailureLimit
    ? { kind: "attention", reason: "unknown", error: `${unexplainedFailureLimit} failed runs in a row; last: ${v.error}` }
    : v;
}
