/**
 * Which actions the mailbox details offer: the caller's roles (the contract's actionRoles, which the server enforces)
 * and the mailbox's status decide. What the caller may not do is not shown at all rather than shown disabled.
 */
import type { AccessKind, AppRole, MailboxAction } from "../../server/api/consoleContract";
import { actionRoles, transportRoles } from "../../server/api/consoleContract";
import type { MailboxStatus, Provider } from "../../server/api/contract";
import { providerLabels } from "./labels";

/** `move-transport` moves the mailbox to the transport it is not on (EWS <-> Microsoft Graph). */
export type ConsoleAction = MailboxAction | "test-connection" | "move-transport";

/** How the mailbox is reached: decides whether it can move to the other transport, and which that is. */
export interface MailboxTransport {
  readonly provider: Provider;
  readonly access: AccessKind;
}

export interface ActionChoice {
  readonly action: ConsoleAction;
  readonly label: string;
  /** Asks first (ConfirmDialog) when set. */
  readonly confirm: { readonly title: string; readonly body: readonly string[]; readonly button: string; readonly danger: boolean } | null;
}

/** Statuses in which each action makes sense (a disconnected mailbox has no access left to use). */
const allowedIn: Readonly<Record<ConsoleAction, readonly MailboxStatus[]>> = {
  // A pending mailbox has its first sync queued already; a paused one is resumed instead.
  "sync-now": ["active", "attention"],
  "test-connection": ["active", "pending", "attention", "paused"],
  "reset-cursor": ["active", "pending", "attention", "paused"],
  pause: ["active", "pending", "attention"],
  resume: ["paused"],
  deactivate: ["active", "pending", "attention", "paused"],
  "move-transport": ["active", "pending", "attention", "paused"],
};

const order: readonly ConsoleAction[] = ["sync-now", "test-connection", "reset-cursor", "move-transport", "pause", "resume", "deactivate"];

export function mayTake(roles: readonly AppRole[], action: ConsoleAction): boolean {
  const allowed = action === "move-transport" ? transportRoles.move : actionRoles[action];
  return allowed.some((r) => roles.includes(r));
}

/** The transport a mailbox can move to, or null: Graph reaches Exchange Online only, so on-premises mailboxes stay on EWS. */
export function moveTarget(t: MailboxTransport): Provider | null {
  if (t.provider === "graph") return "ews";
  return t.access === "onprem_service_account" || t.access === "onprem_password" ? null : "graph";
}

export function mailboxActions(roles: readonly AppRole[], status: MailboxStatus, email: string, transport: MailboxTransport | null = null): ActionChoice[] {
  const target = transport ? moveTarget(transport) : null;
  return order
    .filter((a) => mayTake(roles, a) && allowedIn[a].includes(status) && (a !== "move-transport" || target !== null))
    .map((action): ActionChoice => {
      switch (action) {
        case "sync-now":
          // In attention the run is a retry of what failed; otherwise an early scheduled run.
          return { action, label: status === "attention" ? "Retry" : "Sync now", confirm: null };
        case "test-connection":
          return { action, label: "Test connection", confirm: null };
        case "reset-cursor":
          return {
            action,
            label: "Reset cursor",
            confirm: {
              title: "Reset the sync position?",
              body: [
                `The next sync of ${email} reads every folder from the beginning: a full resync. For a large mailbox it can take hours, and it uses the mailbox's Exchange budget.`,
                "It is safe for the CRM: emails and meetings already logged are recognised and not logged twice.",
              ],
              button: "Reset and resync",
              danger: false,
            },
          };
        case "pause":
          return {
            action,
            label: "Pause",
            confirm: {
              title: "Pause sync?",
              body: [`${email} stops syncing until someone resumes it. Its access and sync position are kept, so Resume continues where it stopped.`],
              button: "Pause",
              danger: false,
            },
          };
        case "move-transport": {
          const to = providerLabels[target ?? "graph"];
          return {
            action,
            label: `Move to ${target === "ews" ? "EWS" : "Graph"}`,
            confirm: {
              title: `Move to ${to}?`,
              body: [
                `${email} will sync over ${to}. Its next sync reads every folder again from the start over ${to}; emails and meetings already logged are recognised and not logged twice.`,
                ...(transport?.access === "delegated" ? [`The rep signed in for one transport: if they have not consented to ${to}, their sidebar asks them to reconnect once.`] : []),
              ],
              button: `Move to ${to}`,
              danger: false,
            },
          };
        }
        case "resume":
          return { action, label: "Resume", confirm: null };
        case "deactivate":
          return {
            action,
            label: "Deactivate",
            confirm: {
              title: "Deactivate this mailbox?",
              body: [
                `CRM Sync stops syncing ${email} and deletes its stored access to the mailbox. What was already logged stays in the CRM.`,
                "To sync it again, activate it again (mass activation) or the rep sets up sync in Outlook.",
              ],
              button: "Deactivate",
              danger: true,
            },
          };
      }
    });
}
