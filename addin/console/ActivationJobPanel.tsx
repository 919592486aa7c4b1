import {
  Badge,
  Card,
  CardHeader,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Skeleton,
  SkeletonItem,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useRef } from "react";
import type { ActivationAccess, ActivationJobView, ActivationRowOutcome } from "../../server/api/consoleContract";
import { activationProgress } from "./activationProgress";
import type { ConsoleApi } from "./consoleApi";
import { formatDateTime } from "./format";
import { activationOutcomeLabels } from "./labels";
import { useActivationJob } from "./useActivationJob";

const useStyles = makeStyles({
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  counts: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalL },
  count: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  number: { fontVariantNumeric: "tabular-nums", fontWeight: tokens.fontWeightSemibold },
  problems: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  line: { width: "72px", fontVariantNumeric: "tabular-nums" },
  address: { width: "30%", wordBreak: "break-all" },
  outcome: { width: "170px" },
  scroll: { maxHeight: "480px", overflowY: "auto", border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
});

const good: ReadonlySet<ActivationRowOutcome> = new Set(["activated", "already_active"]);

function outcomeColor(outcome: ActivationRowOutcome): "success" | "danger" | "warning" | "informative" {
  if (good.has(outcome)) return "success";
  if (outcome === "queued") return "informative";
  if (outcome === "invalid") return "warning";
  return "danger";
}

export function accessSummary(access: ActivationAccess, serviceAccountName?: string): string {
  return access.kind === "app_only" ? "App-only access (Exchange Online)" : `On-premises service account${serviceAccountName ? ` ${serviceAccountName}` : ""}`;
}

function Problems({ job }: { job: ActivationJobView }) {
  const styles = useStyles();
  if (job.problems.length === 0) return null;
  return (
    <section className={styles.problems} aria-labelledby="activation-problems-heading">
      <Subtitle2 as="h3" id="activation-problems-heading">
        Rows that were not activated ({job.problems.length})
      </Subtitle2>
      <Text>Fix these rows in the file and upload just them again; the rows already activated are left as they are.</Text>
      <div className={styles.scroll}>
        <Table size="small" aria-label="Rows that were not activated">
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={styles.line}>Line</TableHeaderCell>
              <TableHeaderCell className={styles.address}>Address</TableHeaderCell>
              <TableHeaderCell className={styles.outcome}>Outcome</TableHeaderCell>
              <TableHeaderCell>What to fix</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {job.problems.map((p) => (
              <TableRow key={`${p.line}:${p.email}`}>
                <TableCell>{p.line}</TableCell>
                <TableCell className={styles.address}>{p.email || <em>(empty)</em>}</TableCell>
                <TableCell>
                  <Badge appearance="tint" color={outcomeColor(p.outcome)}>
                    {activationOutcomeLabels[p.outcome]}
                  </Badge>
                </TableCell>
                <TableCell>{p.message ?? "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}

/** A running or finished activation: the progress bar, counts by outcome, and each problem row explained. */
export function ActivationJobPanel({ api, jobId, onFinished }: { api: ConsoleApi; jobId: string; onFinished?: () => void }) {
  const styles = useStyles();
  const { job, error } = useActivationJob(api, jobId);
  const progress = job ? activationProgress(job) : null;
  const finished = progress?.finished ?? false;
  const finishedRef = useRef(onFinished);
  useEffect(() => {
    finishedRef.current = onFinished;
  });
  useEffect(() => {
    if (finished) finishedRef.current?.();
  }, [finished]);
  return (
    <Card className={styles.card}>
      <CardHeader
        header={
          <Subtitle2 as="h3">
            {job ? `Activation${job.fileName ? ` of ${job.fileName}` : ""}` : "Activation"}
          </Subtitle2>
        }
        description={job ? <Text>{`${accessSummary(job.access)} · started ${formatDateTime(job.createdAt)} by ${job.createdBy}`}</Text> : undefined}
      />
      {error ? (
        <MessageBar intent={job ? "warning" : "error"}>
          <MessageBarBody>
            <MessageBarTitle>{job ? "Progress is not updating" : "The activation could not be loaded"}</MessageBarTitle>
            {error}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {!job && !error ? (
        <Skeleton aria-label="Loading the activation">
          <SkeletonItem size={16} />
          <SkeletonItem size={12} />
        </Skeleton>
      ) : null}
      {job && progress ? (
        <>
          <Field label="Progress" validationMessage={progress.label} validationState="none">
            <ProgressBar value={progress.fraction} max={1} thickness="large" color={progress.finished && progress.problems === 0 ? "success" : "brand"} />
          </Field>
          <Text role="status" aria-live="polite" weight={progress.finished ? "semibold" : "regular"}>
            {progress.summary}
          </Text>
          <ul className={styles.counts} aria-label="Rows by outcome">
            {progress.counts.map((c) => (
              <li key={c.outcome} className={styles.count}>
                <Badge appearance="tint" color={outcomeColor(c.outcome)}>
                  {c.label}
                </Badge>
                <span className={styles.number}>{c.count.toLocaleString("en-US")}</span>
              </li>
            ))}
          </ul>
          <Problems job={job} />
        </>
      ) : null}
    </Card>
  );
}
