import { Link, makeStyles, ProgressBar, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from "@fluentui/react-components";
import type { AuditEntryView } from "../../server/api/consoleContract";
import type { ConsoleApi } from "./consoleApi";
import { auditDetail } from "./auditDetail";
import { ErrorBar } from "./ErrorBar";
import { formatDateTime } from "./format";
import { pageCount, rangeLabel } from "./mailboxQuery";
import { PageHeading } from "./PageHeading";
import { Pager } from "./Pager";
import { formatRoute, mailboxesRoute } from "./route";
import { useResource } from "./useResource";
import { useNavigate } from "./useRoute";

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1, tableLayout: "fixed", width: "100%" },
  when: { width: "15%" },
  who: { width: "16%" },
  action: { width: "14%" },
  mailbox: { width: "17%" },
  detail: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: "break-word" },
  busy: { height: "2px" },
  idle: { height: "2px", visibility: "hidden" },
  empty: { color: tokens.colorNeutralForeground3 },
});

const auditPageSize = 50;

function MailboxCell({ entry }: { entry: AuditEntryView }) {
  const navigate = useNavigate();
  if (!entry.mailboxId) return <>{entry.mailboxEmail ?? "—"}</>;
  const route = mailboxesRoute({}, entry.mailboxId);
  return (
    <Link
      href={formatRoute(route)}
      onClick={(e) => {
        e.preventDefault();
        navigate(route);
      }}
    >
      {entry.mailboxEmail ?? entry.mailboxId}
    </Link>
  );
}

/** Who did what, newest first, 50 a page from the server. */
export function AuditView({ api, page }: { api: ConsoleApi; page: number }) {
  const styles = useStyles();
  const navigate = useNavigate();
  const audit = useResource(`audit:${page}`, () => api.audit({ page, pageSize: auditPageSize }));
  const data = audit.data;
  return (
    <>
      <PageHeading title="Audit log" description="Every change made in the console, by the sync, or by a rep: who, when, and to which mailbox." />
      {audit.error ? <ErrorBar title="The audit log could not be loaded" message={audit.error} onRetry={audit.reload} /> : null}
      <ProgressBar className={audit.loading ? styles.busy : styles.idle} aria-label="Loading the audit log" aria-hidden={!audit.loading} />
      {data ? (
        <>
          <Table className={styles.table} aria-label="Audit log" size="small" aria-busy={audit.stale}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell className={styles.when}>When</TableHeaderCell>
                <TableHeaderCell className={styles.who}>Who</TableHeaderCell>
                <TableHeaderCell className={styles.action}>Action</TableHeaderCell>
                <TableHeaderCell className={styles.mailbox}>Mailbox</TableHeaderCell>
                <TableHeaderCell>Detail</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.items.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={5}>
                    <Text className={styles.empty}>Nothing has been recorded yet.</Text>
                  </TableCell>
                </TableRow>
              ) : (
                data.items.map((e) => (
                  <TableRow key={e.id}>
                    <TableCell>{formatDateTime(e.at)}</TableCell>
                    <TableCell>{e.actor}</TableCell>
                    <TableCell>{e.action}</TableCell>
                    <TableCell>
                      <MailboxCell entry={e} />
                    </TableCell>
                    <TableCell className={styles.detail}>{auditDetail(e.detail)}</TableCell>
                  </TableRow>
                ))
              )}
            </TableBody>
          </Table>
          <Pager
            label="Audit log pages"
            range={data.total === 0 ? "No entries" : rangeLabel(data.total, page, data.pageSize || auditPageSize).replace(/$/, " entries")}
            page={page}
            pages={pageCount(data.total, data.pageSize || auditPageSize)}
            onPage={(p) => navigate({ view: "audit", page: p }, { replace: false })}
          />
        </>
      ) : null}
    </>
  );
}
