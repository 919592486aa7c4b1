import type { RunView } from "../../server/api/consoleContract";
import type { ResyncReason } from "../../server/sync/runStats";
import { formatCount } from "./format";

const folderNames: Readonly<Record<string, string>> = { inbox: "Inbox", sentitems: "Sent Items", calendar: "Calendar" };

const reasonTexts: Readonly<Record<ResyncReason, string>> = {
  sync_state_rejected: "the mail server no longer accepted the saved sync position",
};

/**
 * The run history's line for a run that read folders again from their start: which, why, and how many items it read
 * again that were logged already (so support sees why "Items seen" is larger than "Logged"). null for other runs.
 */
export function resyncNote(run: Pick<RunView, "resyncs" | "alreadyLogged">): string | null {
  if (run.resyncs.length === 0) return null;
  const parts = run.resyncs.map((r) => `${folderNames[r.folder] ?? r.folder} (${reasonTexts[r.reason] ?? r.reason})`);
  const again = run.alreadyLogged === 1 ? "1 item was logged already and is not counted again" : `${formatCount(run.alreadyLogged)} items were logged already and are not counted again`;
  return `Resynced from the start: ${parts.join("; ")}. ${again}.`;
}
