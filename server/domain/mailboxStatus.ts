/**
 * A mailbox's life (ARCHITECTURE.md): pending -> active | attention (with a reason) | paused | disconnected.
 * The type makes "attention without a reason" and "active with a reason" unrepresentable.
 */
export const attentionReasons = [
  "reconnect_required",
  "moved_to_online",
  "consent_required",
  "admin_approval_required",
  "ews_blocked",
  "move_to_graph",
  "access_policy_denied",
  "mailbox_not_on_graph",
  "mailbox_not_found",
  "impersonation_denied",
  "service_account_rejected",
  "license_blocked",
  "crm_rejected",
  "server_misconfigured",
  "unknown",
] as const;
export type AttentionReason = (typeof attentionReasons)[number];

export type MailboxState =
  | { readonly status: "pending" }
  | { readonly status: "active" }
  | { readonly status: "attention"; readonly reason: AttentionReason; readonly detail: string | null }
  | { readonly status: "paused" }
  | { readonly status: "disconnected" };

export type MailboxStatus = MailboxState["status"];
export const mailboxStatuses: readonly MailboxStatus[] = ["pending", "active", "attention", "paused", "disconnected"];

export type Provider = "ews" | "graph";
export type MailboxAccess = "delegated" | "app_only" | "onprem_service_account" | "onprem_password";

export function isAttentionReason(value: string): value is AttentionReason {
  return (attentionReasons as readonly string[]).includes(value);
}

export function isMailboxStatus(value: string): value is MailboxStatus {
  return (mailboxStatuses as readonly string[]).includes(value);
}
