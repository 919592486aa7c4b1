/**
 * Every failure a provider can report, in our own words. Providers map their library's and the wire's errors to
 * these at their boundary; the sync engine decides from the code alone.
 */
export type MailboxErrorCode =
  /** Credentials refused (HTTP 401, expired/revoked token): ask for new credentials. */
  | "unauthorized"
  /** The service says slow down; wait retryAfterMs, the run is not failed. */
  | "throttled"
  /** The saved cursor is unusable (ErrorInvalidSyncStateData): start this folder over. */
  | "invalid_cursor"
  | "mailbox_not_found"
  | "impersonation_denied"
  /** The tenant switched EWS off or did not allow-list the app (HTTP 403). */
  | "ews_blocked"
  /** The user's licence lacks EWS (HTTP 403, Kiosk/F1/F3). */
  | "license_blocked"
  | "folder_not_found"
  /** Graph 403 ErrorAccessDenied: the permission (scope or app role) the call needs was not granted. */
  | "consent_missing"
  /** Graph 403 "Access to OData is disabled.": an Application Access Policy or RBAC for Applications excludes the mailbox. */
  | "access_policy_denied"
  /** Graph 404 MailboxNotEnabledForRESTAPI: inactive, soft-deleted or on-premises mailbox. */
  | "rest_api_unavailable"
  /** ErrorMailboxMoveInProgress: the mailbox is moving to another server (or to Exchange Online); retry, or find where it went. */
  | "mailbox_moving"
  /** Network errors, timeouts, 5xx, transient Exchange errors: retry later. */
  | "transient"
  /** An answer we could not understand: kept raw for support. */
  | "protocol";

export class MailboxError extends Error {
  constructor(
    readonly code: MailboxErrorCode,
    message: string,
    readonly options: { readonly retryAfterMs?: number; readonly raw?: string } = {},
  ) {
    super(message);
    this.name = "MailboxError";
  }

  get retryAfterMs(): number | undefined {
    return this.options.retryAfterMs;
  }

  get transient(): boolean {
    return this.code === "throttled" || this.code === "transient";
  }
}
