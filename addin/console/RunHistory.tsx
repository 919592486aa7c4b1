import { Badge, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from "@fluentui/react-components";
import type { CursorView, RunView } from "../../server/api/consoleContract";
import { formatCount, formatDateTime, formatDuration, formatSkipped } from "./format";
import { outcomeLabels, triggerLabels } from "./labels";
import { rejectionNote } from "./rejectionNote";
import { resyncNote } from "./resyncNote";
import type { RunOutcome } from "./labels";

const useStyles = makeStyles({
  table: { tableLayout: "fixed", width: "100%" },
  num: { fontVariantNumeric: "tabular-nums" },
  // The run's error has a row of its own under the run: errors are long, and support reads them whole.
  withError: { borderBottomStyle: "none" },
  error: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: "pre-wrap", wordBreak: "break-word", color: tokens.colorPaletteRedForeground1 },
  skipped: { fontSize: tokens.fontSizeBase200 },
  resync: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  empty: { color: tokens.colorNeutralForeground3 },
  trigger: { width: "80px" },
  started: { width: "148px" },
  outcome: { width: "84px" },
  count: { width: "60px" },
  wide: { width: "76px" },
});

const outcomeColor: Readonly<Record<RunOutcome, "success" | "warning" | "danger" | "informative">> = {
  ok: "success",
  partial: "warning",
  failed: "danger",
  throttled: "informative",
};

function Outcome({ outcome }: { outcome: RunView["outcome"] }) {
  if (!outcome) return <Badge appearance="outline" color="informative">Running</Badge>;
  return (
    <Badge appearance="tint" color={outcomeColor[outcome]}>
      {outcomeLabels[outcome]}
    </Badge>
  );
}

/** The mailbox's recent sync runs, newest first, with every counter support asks about (and the error under its run). */
export function RunHistory({ runs }: { runs: readonly RunView[] }) {
  const styles = useStyles();
  if (runs.length === 0) return <Text className={styles.empty}>No sync has run for this mailbox yet.</Text>;
  const n = (x: number) => <TableCell className={styles.num}>{formatCount(x)}</TableCell>;
  const columns = 10;
  return (
    <Table size="extra-small" className={styles.table} aria-label="Run history">
      <TableHeader>
        <TableRow>
          <TableHeaderCell className={styles.trigger}>Trigger</TableHeaderCell>
          <TableHeaderCell className={styles.started}>Started</TableHeaderCell>
          <TableHeaderCell className={styles.wide}>Duration</TableHeaderCell>
          <TableHeaderCell className={styles.outcome}>Outcome</TableHeaderCell>
          <TableHeaderCell className={styles.count}>Pages</TableHeaderCell>
          <TableHeaderCell className={styles.wide}>Items seen</TableHeaderCell>
          <TableHeaderCell className={styles.count}>Logged</TableHeaderCell>
          <TableHeaderCell>Skipped, by reason</TableHeaderCell>
          <TableHeaderCell className={styles.count}>Calls</TableHeaderCell>
          <TableHeaderCell className={styles.wide}>CRM calls</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {runs.flatMap((r) => {
          const resync = resyncNote(r);
          const rejection = rejectionNote(r);
          return [
            <TableRow key={r.id} className={r.error || resync || rejection ? styles.withError : undefined}>
              <TableCell>{triggerLabels[r.trigger]}</TableCell>
              <TableCell>{formatDateTime(r.startedAt)}</TableCell>
              <TableCell className={styles.num}>{formatDuration(r.durationMs)}</TableCell>
              <TableCell>
                <Outcome outcome={r.outcome} />
              </TableCell>
              {n(r.pages)}
              {n(r.itemsSeen)}
              {n(r.logged)}
              <TableCell className={styles.skipped}>{formatSkipped(r.skipped)}</TableCell>
              {n(r.calls)}
              {n(r.crmCalls)}
            </TableRow>,
            // A resync has a line of its own: it says why Items seen exceeds Logged.
            ...(resync
              ? [
                  <TableRow key={`${r.id}-resync`} className={r.error || rejection ? styles.withError : undefined}>
                    <TableCell colSpan={columns}>
                      <span className={styles.resync}>{resync}</span>
                    </TableCell>
                  </TableRow>,
                ]
              : []),
            // Items the CRM refused for good: which, and why, in the CRM's words.
            ...(rejection
              ? [
                  <TableRow key={`${r.id}-rejection`}>
                    <TableCell colSpan={columns}>
                      <span className={styles.error}>{rejection}</span>
                    </TableCell>
                  </TableRow>,
                ]
              : []),
            ...(r.error
              ? [
                  <TableRow key={`${r.id}-error`}>
                    <TableCell colSpan={columns}>
                      <span className={styles.error}>Error: {r.error}</span>
                    </TableCell>
                  </TableRow>,
                ]
              : []),
          ];
        })}
      </TableBody>
    </Table>
  );
}

/** Where the next run continues, folder by folder. */
export function CursorTable({ cursors }: { cursors: readonly CursorView[] }) {
  const styles = useStyles();
  if (cursors.length === 0) return <Text className={styles.empty}>No sync position saved: the next run reads every folder from the start.</Text>;
  return (
    <Table size="extra-small" aria-label="Sync position per folder">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Folder</TableHeaderCell>
          <TableHeaderCell>Sync position</TableHeaderCell>
          <TableHeaderCell>First full pass</TableHeaderCell>
          <TableHeaderCell>Updated</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {cursors.map((c) => (
          <TableRow key={c.folder}>
            <TableCell>{c.folder}</TableCell>
            <TableCell>{c.hasCursor ? "Saved: continues from it" : "None: starts from the beginning"}</TableCell>
            <TableCell>{c.initialDone ? "Finished" : "In progress"}</TableCell>
            <TableCell>{formatDateTime(c.updatedAt)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
