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
import type { CrmFlow, CrmProblemReason, PreflightCheck, PreflightCheckId, PreflightReport } from "../domain/crmConnection";

export type { CrmFlow, CrmProblemReason, PreflightCheck, PreflightCheckId, PreflightReport };

/** Where the admin signs in: Salesforce's production or sandbox login host, or the org's My Domain (`https://...`). */
export type CrmLoginHostChoice = "production" | "sandbox" | string;

/** Whose External Client App: the server-wide packaged app (SALESFORCE_CLIENT_ID), or the org's own, pasted in the console. */
export type CrmApp = "packaged" | "own";

export type CrmConnectionState = "connected" | "disconnected" | "paused";

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
