/**
 * What an organisation-wide CRM problem means and who fixes it, classified from Salesforce's own answer (the token
 * endpoint's `error`/`error_description`, or a REST call's errorCode), in one place for the console, the sidebar and
 * the sync.
 */
import type { CrmProblemReason, StoredCrmProblem } from "../domain/crmConnection";

interface ProblemText {
  readonly title: string;
  readonly fix: string;
  /** Pauses end by themselves; disconnects need an admin. */
  readonly state: "disconnected" | "paused";
}

export const crmProblemTexts: Readonly<Record<CrmProblemReason, ProblemText>> = {
  grant_revoked: {
    title: "CRM disconnected",
    fix: "Salesforce no longer accepts the connection (it was revoked, unused for too long, or its token was reused). In the console open CRM and choose Reconnect Salesforce; nothing is lost, sync resumes where it stopped.",
    state: "disconnected",
  },
  user_deactivated: {
    title: "CRM disconnected",
    fix: "The Salesforce user this connection runs as was deactivated. Reconnect Salesforce as an active user (ideally an integration user that no person signs in as).",
    state: "disconnected",
  },
  org_inactive: {
    title: "CRM disconnected",
    fix: "Salesforce says the org is locked, closed or suspended. Ask Salesforce support or your Salesforce administrator, then reconnect.",
    state: "disconnected",
  },
  app_rejected: {
    title: "CRM disconnected",
    fix: "Salesforce refused the app's consumer key or secret (the app was deleted, blocked or its secret rotated). Check the External Client App in Salesforce Setup and reconnect with its current consumer key and secret.",
    state: "disconnected",
  },
  api_limit: {
    title: "CRM paused",
    fix: "The Salesforce org has used all of its daily API requests. Sync is paused until the limit resets and then catches up by itself; to avoid it, buy more API capacity or lower other integrations' use.",
    state: "paused",
  },
  api_disabled: {
    title: "CRM disconnected",
    fix: "The Salesforce API is not enabled for this org or for the connecting user. Give the user the \"API Enabled\" permission (the org's edition must include API access), then reconnect.",
    state: "disconnected",
  },
};

/** The daily allocation is rolling 24 h; Salesforce sends no Retry-After, so look again in an hour. */
export const apiLimitPauseMs = 3_600_000;

/** From the token endpoint: which problem (null: not an org-wide problem, e.g. an outage). */
export function problemFromOAuth(error: string, description: string): CrmProblemReason | null {
  const d = description.toLowerCase();
  if (error === "inactive_user" || d.includes("inactive user") || d.includes("user is inactive")) return "user_deactivated";
  if (error === "inactive_org") return "org_inactive";
  if (error === "invalid_grant") return "grant_revoked";
  if (error === "invalid_client" || error === "invalid_client_id" || error === "invalid_client_credentials" || error === "invalid_app_access" || error.startsWith("OAUTH_APP")) return "app_rejected";
  return null;
}

/** From a REST call's errorCode. */
export function problemFromRest(errorCode: string): CrmProblemReason | null {
  if (errorCode === "REQUEST_LIMIT_EXCEEDED") return "api_limit";
  if (errorCode === "API_DISABLED_FOR_ORG" || errorCode === "API_CURRENTLY_DISABLED") return "api_disabled";
  return null;
}

export function newProblem(reason: CrmProblemReason, detail: string, now: Date): StoredCrmProblem {
  return reason === "api_limit"
    ? { reason, since: now.toISOString(), pausedUntil: new Date(now.getTime() + apiLimitPauseMs).toISOString(), detail }
    : { reason, since: now.toISOString(), detail };
}

/** A paused org whose pause is over may be tried again. */
export function blocks(problem: StoredCrmProblem | null, now: Date): boolean {
  if (!problem) return false;
  return !(problem.reason === "api_limit" && problem.pausedUntil !== undefined && new Date(problem.pausedUntil) <= now);
}
