/**
 * What the console says about the organisation's Salesforce connection: its state, the callback's outcome, the login
 * host, and the preflight summary. Kept apart from the screens so the words are tested and said the same everywhere.
 */
import type { CrmStatus, PreflightReport } from "../../server/api/crmContract";
import type { CrmConnectResult } from "./route";

export type CrmState = CrmStatus["state"];

export const crmStateLabels: Readonly<Record<CrmState, string>> = {
  connected: "Connected",
  not_connected: "Not connected",
  disconnected: "CRM disconnected",
  paused: "Paused until the limit resets",
};

export const crmStateIntent: Readonly<Record<CrmState, "success" | "warning" | "error">> = {
  connected: "success",
  not_connected: "warning",
  disconnected: "error",
  paused: "warning",
};

/** What the state means for the organisation's mailboxes, when the server gave no problem text of its own. */
export const crmStateMeaning: Readonly<Record<CrmState, string>> = {
  connected: "Emails and meetings with your customers are logged in Salesforce.",
  not_connected: "No mailbox can log anything until a Sync.Admin connects your organisation's Salesforce.",
  disconnected: "Salesforce no longer accepts CRM Sync's sign-in. Mailboxes keep their place and log everything they missed once Salesforce is reconnected.",
  paused: "Salesforce's daily API limit is used up. Sync waits and carries on by itself when the limit resets; nothing is lost.",
};

export interface ResultBanner {
  readonly intent: "success" | "warning" | "error";
  readonly title: string;
  readonly text: string;
}

/** The callback's outcome, as a banner on the CRM page. The server's message (short, safe) comes first when it sent one. */
export function crmResultBanner(result: CrmConnectResult): ResultBanner {
  const banner = defaultBanner(result);
  // A message that only repeats the title ("Salesforce is connected.") makes way for the console's own line.
  const same = (a: string) => a.trim().replace(/[.!]+$/, "").toLowerCase();
  return result.message && same(result.message) === same(banner.title) ? { ...banner, text: defaultBanner({ ...result, message: null }).text } : banner;
}

function defaultBanner(result: CrmConnectResult): ResultBanner {
  switch (result.outcome) {
    case "connected":
      return { intent: "success", title: "Salesforce is connected", text: result.message ?? "CRM Sync checked the org below; fix any line that did not pass." };
    case "denied":
      return {
        intent: "warning",
        title: "Salesforce was not connected",
        text: result.message ?? "You chose Deny at Salesforce, so CRM Sync got no access. To connect, choose Connect Salesforce again and Allow.",
      };
    case "failed":
      return { intent: "error", title: "Salesforce could not be connected", text: result.message ?? "Salesforce's sign-in did not finish. Try Connect Salesforce again." };
  }
}

/** "Production (login.salesforce.com)", "Sandbox (test.salesforce.com)", or the My Domain address itself. */
export function loginHostLabel(loginHost: string): string {
  if (loginHost === "production") return "Production (login.salesforce.com)";
  if (loginHost === "sandbox") return "Sandbox (test.salesforce.com)";
  try {
    const host = new URL(loginHost).hostname;
    if (host === "login.salesforce.com") return "Production (login.salesforce.com)";
    if (host === "test.salesforce.com") return "Sandbox (test.salesforce.com)";
    return `My Domain (${host})`;
  } catch {
    return loginHost;
  }
}

export function flowLabel(status: Extract<CrmStatus, { orgId: string }>): string {
  const app = status.app === "own" ? "your org's own External Client App" : "the packaged app";
  return status.flow === "client_credentials" ? `Integration User, client credentials (${app})` : `Signed in at Salesforce (${app})`;
}

export interface PreflightSummary {
  readonly intent: "success" | "warning" | "error";
  readonly text: string;
}

/** One line above the checks: all passed (green), or how many fail and warn. */
export function preflightSummary(report: PreflightReport): PreflightSummary {
  const failed = report.checks.filter((c) => c.status === "failed").length;
  const warnings = report.checks.filter((c) => c.status === "warning").length;
  if (failed === 0 && warnings === 0) return { intent: "success", text: `All ${report.checks.length} checks passed.` };
  const parts = [failed > 0 ? `${failed} ${failed === 1 ? "check fails" : "checks fail"}` : null, warnings > 0 ? `${warnings} ${warnings === 1 ? "warning" : "warnings"}` : null].filter(Boolean);
  return { intent: failed > 0 ? "error" : "warning", text: `${parts.join(", ")}: each line says what to fix, then choose Check Salesforce.` };
}

export const checkStatusLabels: Readonly<Record<PreflightReport["checks"][number]["status"], string>> = {
  passed: "Passed",
  failed: "Failed",
  warning: "Warning",
};
