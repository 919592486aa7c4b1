import type { ConnectOutcome } from "../api";
import { jsonMessage, runDialog } from "./officeDialog";

const outcomes: ReadonlySet<string> = new Set(["connected", "declined", "attention", "error"]);

/** The result page's message, checked: anything else the dialog might say is not an outcome. */
export function parseConnectOutcome(message: string): ConnectOutcome | null {
  const value = jsonMessage(message) as { outcome?: unknown } | null;
  if (!value || typeof value !== "object" || typeof value.outcome !== "string" || !outcomes.has(value.outcome)) return null;
  return value as ConnectOutcome;
}

/**
 * "Set up sync" and "Reconnect": the dialog opens the server's sign-in URL, Microsoft asks the rep to sign in and allow
 * access, and the server's result page hands back how it went.
 */
export function runConnectDialog(dialogUrl: string): Promise<ConnectOutcome> {
  return runDialog(dialogUrl, parseConnectOutcome);
}
