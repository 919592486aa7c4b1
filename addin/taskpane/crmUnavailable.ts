/**
 * When the organisation's Salesforce is not there (never connected, disconnected, paused at its API limit), the
 * server answers people search and "Log this email" with 409 and who must act, instead of an error. The pane shows
 * that as a plain statement, never as a failure of the rep's own: the rep cannot fix it and loses nothing.
 */
import type { SidebarCrm } from "../../server/api/crmContract";
import { ApiError } from "../api";

export type CrmUnavailableCode = "crm_not_connected" | "crm_disconnected" | "crm_paused";
export type UnavailableCrm = Exclude<SidebarCrm, { state: "connected" }>;

const states: Readonly<Record<CrmUnavailableCode, UnavailableCrm["state"]>> = {
  crm_not_connected: "not_connected",
  crm_disconnected: "disconnected",
  crm_paused: "paused",
};

/** A heading for each state (the server's own, for /api/me/mailbox), when the pane has only a 409's code and message. */
export const crmUnavailableTitles: Readonly<Record<UnavailableCrm["state"], string>> = {
  not_connected: "No CRM connected",
  disconnected: "CRM disconnected",
  paused: "CRM paused",
};

/**
 * One short line for the email's panels, under the pane's notice that already gives the server's full words: the
 * reason in a few words, so the pane does not say the same paragraph three times.
 */
export const crmShortReason: Readonly<Record<UnavailableCrm["state"], string>> = {
  not_connected: "Your admin must connect Salesforce first.",
  disconnected: "Your admin must reconnect Salesforce first.",
  paused: "Salesforce's daily limit is used up; logging resumes by itself when it resets.",
};

/** The CRM's state from a 409 answer of people search or "Log this email"; null for any other error. */
export function crmUnavailableFrom(err: unknown): UnavailableCrm | null {
  if (!(err instanceof ApiError) || err.status !== 409) return null;
  const state = (states as Partial<Record<string, UnavailableCrm["state"]>>)[err.code];
  if (!state) return null;
  return { state, title: crmUnavailableTitles[state], forUser: err.message, actor: "tenant_admin" };
}

export function isCrmUnavailable(crm: SidebarCrm | null): crm is UnavailableCrm {
  return crm !== null && crm.state !== "connected";
}
