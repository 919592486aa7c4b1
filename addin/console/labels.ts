/** The console's words for the API's codes: one place, so the filters, the table and the overview say the same. */
import type { AccessKind, ActivationRowOutcome, RunView, ServiceAccountView } from "../../server/api/consoleContract";
import type { Actor, AttentionReason, MailboxStatus, Provider } from "../../server/api/contract";

export const statusLabels: Readonly<Record<MailboxStatus, string>> = {
  pending: "Pending",
  active: "Active",
  attention: "Needs attention",
  paused: "Paused",
  disconnected: "Disconnected",
};

export const reasonLabels: Readonly<Record<AttentionReason, string>> = {
  reconnect_required: "Reconnect required",
  moved_to_online: "Moved to Exchange Online",
  consent_required: "Consent required",
  admin_approval_required: "Admin approval required",
  ews_blocked: "EWS blocked",
  move_to_graph: "Reconnect for Graph",
  access_policy_denied: "Access policy denies",
  mailbox_not_on_graph: "Not reachable over Graph",
  mailbox_not_found: "Mailbox not found",
  impersonation_denied: "Impersonation denied",
  service_account_rejected: "Service account refused",
  license_blocked: "Licence blocked",
  crm_rejected: "CRM rejected",
  server_misconfigured: "Server misconfigured",
  unknown: "Unknown error",
};

export const providerLabels: Readonly<Record<Provider, string>> = {
  ews: "Exchange Web Services",
  graph: "Microsoft Graph",
};

export const accessLabels: Readonly<Record<AccessKind, string>> = {
  delegated: "Rep's own sign-in",
  app_only: "App-only (tenant)",
  onprem_service_account: "On-prem service account",
  onprem_password: "On-prem password",
};

/** How the server signs in to an on-premises Exchange: a service account's method, or the one a company's reps use. */
export const authMethodLabels: Readonly<Record<ServiceAccountView["authMethod"], string>> = {
  ntlm: "NTLM",
  basic: "Basic",
};

export type RunOutcome = NonNullable<RunView["outcome"]>;

export const outcomeLabels: Readonly<Record<RunOutcome, string>> = {
  ok: "OK",
  partial: "Partial",
  failed: "Failed",
  throttled: "Throttled",
};

export const triggerLabels: Readonly<Record<RunView["trigger"], string>> = {
  schedule: "Schedule",
  sync_now: "Sync now",
  retry: "Retry",
};

/** Who fixes a mailbox in attention, as support reads it. */
export const actorLabels: Readonly<Record<Actor, string>> = {
  user: "The rep (in the Outlook sidebar)",
  tenant_admin: "The customer's IT administrator",
  support: "Support (you)",
  operator: "Our operators (server configuration)",
};

export const activationOutcomeLabels: Readonly<Record<ActivationRowOutcome, string>> = {
  queued: "Waiting",
  activated: "Activated",
  already_active: "Already active",
  invalid: "Invalid row",
  mailbox_not_found: "Mailbox not found",
  impersonation_denied: "Impersonation denied",
  ews_blocked: "EWS blocked",
  access_policy_denied: "Access policy denies",
  not_on_graph: "Not on Graph (on-premises or inactive)",
  failed: "Failed",
};

/** Statuses in the order the console lists them: what needs a person first. */
export const statusOrder: readonly MailboxStatus[] = ["attention", "active", "pending", "paused", "disconnected"];

/** The Badge colour of a status (Fluent's palette names). */
export function statusColor(status: MailboxStatus): "danger" | "success" | "informative" | "warning" | "subtle" {
  switch (status) {
    case "attention":
      return "danger";
    case "active":
      return "success";
    case "pending":
      return "informative";
    case "paused":
      return "warning";
    case "disconnected":
      return "subtle";
  }
}
