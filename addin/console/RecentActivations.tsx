import { Badge, Body1, Link, makeStyles, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens } from "@fluentui/react-components";
import type { ActivationJobView } from "../../server/api/consoleContract";
import { accessSummary } from "./ActivationJobPanel";
import { activationProgress } from "./activationProgress";
import type { ConsoleApi } from "./consoleApi";
import { ErrorBar } from "./ErrorBar";
import { formatCount, formatDateTime } from "./format";
import { formatRoute } from "./route";
import { useResource } from "./useResource";
import { useNavigate } from "./useRoute";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalXXL },
  table: { backgroundColor: tokens.colorNeutralBackground1, tableLayout: "fixed", width: "100%" },
  started: { width: "15%" },
  access: { width: "20%" },
  by: { width: "17%" },
  status: { width: "8%" },
  rows: { width: "11%" },
  problems: { width: "8%" },
  num: { fontVariantNumeric: "tabular-nums" },
});

/** The tenant's latest activation jobs, newest first; each opens its progress and problem rows. `refreshKey` reloads it. */
export function RecentActivations({ api, refreshKey }: { api: ConsoleApi; refreshKey: string }) {
  const styles = useStyles();
  const navigate = useNavigate();
  const jobs = useResource<readonly ActivationJobView[]>(`activations:${refreshKey}`, () => api.activations());
  return (
    <section className={styles.root} aria-labelledby="recent-activations-heading">
      <Subtitle2 as="h3" id="recent-activations-heading">
        Recent activations
      </Subtitle2>
      {jobs.error ? <ErrorBar title="Recent activations could not be loaded" message={jobs.error} onRetry={jobs.reload} /> : null}
      {jobs.data && jobs.data.length === 0 ? <Body1>No activation has been started yet.</Body1> : null}
      {jobs.data && jobs.data.length > 0 ? (
        <Table size="small" className={styles.table} aria-label="Recent activations">
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={styles.started}>Started</TableHeaderCell>
              <TableHeaderCell>File</TableHeaderCell>
              <TableHeaderCell className={styles.access}>Access</TableHeaderCell>
              <TableHeaderCell className={styles.by}>By</TableHeaderCell>
              <TableHeaderCell className={styles.status}>Status</TableHeaderCell>
              <TableHeaderCell className={styles.rows}>Rows</TableHeaderCell>
              <TableHeaderCell className={styles.problems}>Problems</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {jobs.data.map((job) => {
              const p = activationProgress(job);
              const route = { view: "activation", jobId: job.id } as const;
              return (
                <TableRow key={job.id}>
                  <TableCell>
                    <Link
                      href={formatRoute(route)}
                      onClick={(e) => {
                        e.preventDefault();
                        navigate(route);
                      }}
                    >
                      {formatDateTime(job.createdAt)}
                    </Link>
                  </TableCell>
                  <TableCell>{job.fileName ?? "—"}</TableCell>
                  <TableCell>{accessSummary(job.access)}</TableCell>
                  <TableCell>{job.createdBy}</TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={job.status === "done" ? "success" : "informative"}>
                      {job.status === "done" ? "Done" : "Running"}
                    </Badge>
                  </TableCell>
                  <TableCell className={styles.num}>{p.label}</TableCell>
                  <TableCell className={styles.num}>{formatCount(p.problems)}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      ) : null}
    </section>
  );
}
