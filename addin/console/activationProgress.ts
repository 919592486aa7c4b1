/** What the mass-activation progress shows, computed from the job the server reports. */
import type { ActivationJobView, ActivationRowOutcome } from "../../server/api/consoleContract";
import { activationRowOutcomes } from "../../server/api/consoleContract";
import { activationOutcomeLabels } from "./labels";
import { formatCount } from "./format";

/** Outcomes in the order the counts are listed: the good news first, then each kind of problem. */
export const outcomeOrder: readonly ActivationRowOutcome[] = activationRowOutcomes;

const succeeded: ReadonlySet<ActivationRowOutcome> = new Set(["activated", "already_active"]);

export interface ActivationProgress {
  /** 0..1 for the progress bar. */
  readonly fraction: number;
  /** "312 of 500 rows". */
  readonly label: string;
  readonly finished: boolean;
  readonly succeeded: number;
  readonly problems: number;
  /** The outcomes with at least one row, in `outcomeOrder`, labelled. */
  readonly counts: readonly { readonly outcome: ActivationRowOutcome; readonly label: string; readonly count: number }[];
  /** One sentence for the end (or the state so far). */
  readonly summary: string;
}

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

export function activationProgress(job: Pick<ActivationJobView, "status" | "total" | "done" | "counts">): ActivationProgress {
  const total = Math.max(0, job.total);
  // The server's counter can run ahead of its total for a moment on a busy store; never draw past the end.
  const done = Math.min(Math.max(0, job.done), total);
  const finished = job.status === "done";
  const fraction = finished ? 1 : total === 0 ? 0 : done / total;
  let ok = 0;
  let problems = 0;
  const counts = outcomeOrder
    .map((outcome) => ({ outcome, label: activationOutcomeLabels[outcome], count: job.counts[outcome] ?? 0 }))
    .filter((c) => c.count > 0 && !(finished && c.outcome === "queued"));
  for (const c of counts) {
    if (succeeded.has(c.outcome)) ok += c.count;
    else if (c.outcome !== "queued") problems += c.count;
  }
  const label = `${formatCount(finished ? total : done)} of ${plural(total, "row", "rows")}`;
  const problemText = problems === 0 ? "no problems" : `${plural(problems, "row needs", "rows need")} attention`;
  const summary = finished
    ? total === 0
      ? "The file had no rows to activate."
      : `Finished: ${plural(ok, "mailbox", "mailboxes")} activated or already active, ${problemText}.`
    : `Working: ${label} done, ${problemText} so far.`;
  return { fraction, label, finished, succeeded: ok, problems, counts, summary };
}

/** How often the page asks for the job's progress while it runs. */
export const pollIntervalMs = 500;
