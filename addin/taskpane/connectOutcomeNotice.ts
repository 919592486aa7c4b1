import type { ConnectOutcome } from "../api";
import { adminApprovalLinkLabel } from "./copyLinkLabels";
import type { Notice } from "./notice";

/** What the pane says after the connect dialog answered. */
export function connectOutcomeNotice(outcome: ConnectOutcome): Notice {
  switch (outcome.outcome) {
    case "connected":
      return { intent: "success", title: "Sync is set up", text: `${outcome.email} will sync with Salesforce every 30 minutes, even when Outlook is closed.` };
    case "declined":
      return {
        intent: "warning",
        title: "Sync was not set up",
        text: outcome.message,
        copyLink: { label: adminApprovalLinkLabel, url: outcome.adminConsentUrl },
      };
    case "attention":
      return {
        intent: "warning",
        title: outcome.remedy.title,
        text: outcome.remedy.text,
        ...(outcome.adminConsentUrl ? { copyLink: { label: adminApprovalLinkLabel, url: outcome.adminConsentUrl } } : {}),
      };
    case "error":
      return { intent: "error", title: "Sync was not set up", text: outcome.message };
  }
}
