/**
 * The organisation's CRM connection as every layer sees it (the store keeps it, crm/ keeps it healthy, api/ shows it).
 * api/crmContract.ts re-exports these for the console and the sidebar.
 */

/** How the connection was made: an admin signed in (web server flow) or an Integration User (client credentials). */
export type CrmFlow = "web_server" | "client_credentials";

/** Why the whole organisation's CRM stopped taking activities; mailboxes keep their cursors meanwhile. */
export type CrmProblemReason =
  /** invalid_grant: the refresh token was revoked, expired (30 days idle) or reused. */
  | "grant_revoked"
  /** The connecting user was deactivated (inactive_user / "inactive user"). */
  | "user_deactivated"
  /** The org is locked, closed or suspended (inactive_org). */
  | "org_inactive"
  /** The app was removed or misconfigured (invalid_client, invalid_client_id, OAUTH_APP_BLOCKED). */
  | "app_rejected"
  /** REQUEST_LIMIT_EXCEEDED: the org's daily API requests are used up; a pause, not a disconnect. */
  | "api_limit"
  /** The API is not enabled for the org or the user (API_DISABLED_FOR_ORG, API_CURRENTLY_DISABLED). */
  | "api_disabled";

/** A problem as stored: the reason decides title and fix, so they are written once (crm/crmProblems.ts). */
export interface StoredCrmProblem {
  readonly reason: CrmProblemReason;
  /** ISO. */
  readonly since: string;
  /** api_limit only (ISO). */
  readonly pausedUntil?: string;
  /** Salesforce's own words, for support. */
  readonly detail: string;
}

export type PreflightCheckId = "key_field" | "shared_activities" | "permissions" | "api_limits" | "rep_users";

export interface PreflightCheck {
  readonly id: PreflightCheckId;
  readonly title: string;
  readonly status: "passed" | "failed" | "warning";
  /** What was found, in one line. */
  readonly detail: string;
  /** The exact fix when not passed; null when passed. */
  readonly fix: string | null;
}

export interface PreflightReport {
  readonly checkedAt: string;
  readonly checks: readonly PreflightCheck[];
}
