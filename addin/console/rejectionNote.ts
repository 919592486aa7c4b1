import type { RunView } from "../../server/api/consoleContract";

/**
 * The run history's line for a run in which the CRM refused items for good: which items, and the CRM's own words, so
 * support can tell the customer which rule to change. null for other runs.
 */
export function rejectionNote(run: Pick<RunView, "rejections">): string | null {
  if (run.rejections.length === 0) return null;
  const parts = run.rejections.map((r) => `“${r.subject}” (${r.code}: ${r.message})`);
  return `Refused by the CRM, not retried unless the item changes: ${parts.join("; ")}.`;
}
