import type { RunView } from "../../server/api/consoleContract";
import type { Resync, ResyncReason } from "../../server/sync/runStats";
import { formatCount } from "./format";

const folderNames: Readonly<Record<string, string>> = { inbox: "Inbox", sentitems: "Sent Items", calendar: "Calendar" };

/** Runs recorded before the reset's own words were kept say only this much. */
const reasonTexts: Readonly<Record<ResyncReason, string>> = {
  sync_state_rejected: "the mail server no longer accepted the saved sync position",
  cursor_unusable: "the saved sync position was not one this server can continue from",
};

/** Why one folder was read again: the words known where it was reset, and the service's answer when it gave one. */
function why(r: Resync): string {
  if (!r.detail) return reasonTexts[r.reason] ?? r.reason;
  return r.detail.answer ? `${r.detail.message} (the answer: ${r.detail.answer.replace(/\.$/, "")})` : r.detail.message;
}

/**
 * The run history's line for a run that read folders again from their start: which, why, and how many items it read
 * again that were logged already (so support sees why "Items seen" is larger than "Logged"). null for other runs.
 */
export function resyncNote(run: Pick<RunView, "resyncs" | "alreadyLogged">): string | null {
  if (run.resyncs.length === 0) return null;
  const parts = run.resyncs.map((r) => `${folderNames[r.folder] ?? r.folder}, because ${why(r)}`);
  const again = run.alreadyLogged === 1 ? "1 item was logged already and is not counted again" : `${formatCount(run.alreadyLogged)} items were logged already and are not counted again`;
  return `Resynced from the start: ${parts.join("; ")}. ${again}.`;
}
