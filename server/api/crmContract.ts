/**
 * The organisation's CRM connection as the console and the sidebar see it: request and response types of the CRM
 * routes, shared by the server and addin/ (crm-ui imports this file), so a change on one side that the other does not
 * follow fails the type-check.
 *
 * Console routes (Sync.Admin only; Sync.Support and reps get 403 on every one; scoped to the caller's tenant):
 * - `GET    /api/console/crm`                    -> CrmStatus
 * - `POST   /api/console/crm/connect`            CrmConnectRequest -> CrmConnectResponse (the browser goes to authorizeUrl)
 * - `GET    /api/crm/salesforce/callback?code&state` (or `?error&error_description&state`)
 *                                                -> 302 to `/console.html#/crm?result=connected|denied|failed&message=<text>`
 * - `POST   /api/console/crm/client-credentials` CrmClientCredentialsRequest -> CrmStatus
 * - `POST   /api/console/crm/check`              -> PreflightReport
 * - `DELETE /api/console/crm`                    -> CrmStatus (revokes at Salesforce, deletes here)
 * Every action is audited with kinds `crm.connect`, `crm.disconnect`, `crm.check`.
 */

/** Where the admin signs in: Salesforce's production or sandbox login host, or the org's My Domain (`https://...`). */
export type CrmLoginHostChoice = "production" | "sandbox" | string;

/** How the connection was made: an admin signed in (web server flow) or an Integration User (client credentials). */
export type CrmFlow = "web_server" | "client_credentials";

/** Whose External Client App: the server-wide packaged app (SALESFORCE_CLIENT_ID), or the org's own, pasted in the console. */
export type CrmApp = "packaged" | "own";

export type CrmConnectionState = "connected" | "disconnected" | "paused";

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

export interface CrmProblem {
  readonly reason: CrmProblemReason;
  /** A few words for a heading: "CRM disconnected", "CRM paused". */
  readonly title: string;
  /** For the admin: what happened and exactly what to do. */
  readonly fix: string;
  /** ISO time the problem was first seen. */
  readonly since: string;
  /** api_limit only: when sync tries again (ISO). */
  readonly pausedUntil?: string;
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

/** POST /api/console/crm/check (also run at connect time; the last one is kept). */
export interface PreflightReport {
  readonly checkedAt: string;
  readonly checks: readonly PreflightCheck[];
}

export interface CrmUserView {
  readonly name: string;
  readonly username: string;
}

/** GET /api/console/crm */
export type CrmStatus =
  | { readonly state: "not_connected" }
  | {
      readonly state: CrmConnectionState;
      readonly orgId: string;
      readonly instanceUrl: string;
      readonly loginHost: string;
      readonly flow: CrmFlow;
      readonly app: CrmApp;
      /** The Salesforce user the server acts as (the integration user). */
      readonly user: CrmUserView;
      readonly connectedAt: string;
      /** Display name (or username) of the admin who connected. */
      readonly connectedBy: string;
      readonly problem: CrmProblem | null;
      readonly lastCheck: PreflightReport | null;
    };

/** The org's own External Client App: its consumer key and secret, pasted by the admin. */
export interface CrmOwnApp {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** POST /api/console/crm/connect */
export interface CrmConnectRequest {
  readonly loginHost: CrmLoginHostChoice;
  readonly ownApp?: CrmOwnApp;
}

export interface CrmConnectResponse {
  /** Navigate the browser here: Salesforce's sign-in, then back to the callback. */
  readonly authorizeUrl: string;
}

/** POST /api/console/crm/client-credentials: an Integration User (Run-As) on the org's own app, at its My Domain. */
export interface CrmClientCredentialsRequest {
  /** `https://yourcompany.my.salesforce.com` */
  readonly myDomain: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The callback's redirect: `/console.html#/crm?result=...&message=...`. */
export type CrmCallbackResult = "connected" | "denied" | "failed";
export const crmCallbackPage = "/console.html#/crm";

/** GET /api/console/overview gains this. */
export interface CrmOverview {
  readonly state: CrmStatus["state"];
  readonly problem: CrmProblem | null;
}

/**
 * The sidebar's view of the organisation's CRM: `GET /api/me/mailbox` (MeMailboxResponse, the sidebar's "me" call; there
 * is no bare `GET /api/me`) gains `crm: SidebarCrm`, so the pane says plainly who must act when the CRM is not there.
 */
export type SidebarCrm =
  | { readonly state: "connected" }
  | {
      readonly state: "not_connected" | "disconnected" | "paused";
      readonly title: string;
      /** For the rep: "Your admin must reconnect Salesforce". */
      readonly forUser: string;
      readonly actor: "tenant_admin";
    };

/** 409 body of people search and "Log this email" when the CRM is not usable (instead of an error). */
export interface CrmUnavailableBody {
  readonly error: "crm_not_connected" | "crm_disconnected" | "crm_paused";
  readonly title: string;
  readonly forUser: string;
  /** Same text as forUser, so every API error keeps its `message` (ApiError). */
  readonly message: string;
}
