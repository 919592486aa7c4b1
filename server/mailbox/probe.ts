import type { MailboxErrorCode } from "./mailboxError";
import { MailboxError } from "./mailboxError";
import type { MailboxSource } from "./mailboxSource";

export type ProbeResult = { readonly ok: true; readonly elapsedMs: number } | { readonly ok: false; readonly error: MailboxError; readonly elapsedMs: number };

/**
 * One real call that proves the mailbox can be synced with the access we hold: the first page (one change) of the
 * Inbox, the very call a sync starts with. Costs one request and changes nothing on the server.
 */
export async function probeMailbox(source: MailboxSource): Promise<ProbeResult> {
  const started = performance.now();
  try {
    await source.listChanges("inbox", null, 1);
    return { ok: true, elapsedMs: Math.round(performance.now() - started) };
  } catch (err) {
    const error = err instanceof MailboxError ? err : new MailboxError("protocol", err instanceof Error ? err.message : String(err));
    return { ok: false, error, elapsedMs: Math.round(performance.now() - started) };
  }
}

/** What an admin reads for a failed probe: what went wrong and what to fix. */
export const probeMessages: Readonly<Record<MailboxErrorCode, string>> = {
  unauthorized: "Exchange refused the credentials: check the service account's password, or that the tenant admin consented.",
  throttled: "Exchange was busy and asked us to wait; try this mailbox again in a few minutes.",
  invalid_cursor: "Exchange refused the sync state; try again.",
  mailbox_not_found: "Exchange has no mailbox at this address: check the spelling, or whether the user left or moved.",
  impersonation_denied: "The service account may not open this mailbox: give it the ApplicationImpersonation role with a scope that includes the mailbox.",
  ews_blocked: "Exchange Online blocks EWS for this organisation or app: allow-list the app (EwsAllowedAppIDs) or move to Microsoft Graph.",
  license_blocked: "The mailbox's licence does not include EWS access (Kiosk/F1/F3): assign another licence or leave this user out.",
  consent_missing: "Microsoft Graph refused the app's permission: the tenant admin grants admin consent (Mail.Read, Calendars.Read, User.Read.All) on the console's tenant page.",
  access_policy_denied: "The tenant's Application Access Policy or RBAC for Applications scope excludes this mailbox: the admin adds it to the policy's group in Exchange Online PowerShell.",
  rest_api_unavailable: "Microsoft Graph cannot open this mailbox: it is inactive, soft-deleted or on-premises (use an on-premises service account over EWS).",
  folder_not_found: "The mailbox has no Inbox we can read; check the mailbox in Exchange.",
  transient: "Exchange could not be reached just now; try this mailbox again.",
  mailbox_moving: "Exchange is moving this mailbox to another server or to Exchange Online; try again when the move is done.",
  protocol: "Exchange gave an answer we could not understand; support has the raw error.",
};
