import { Link, makeStyles, mergeClasses, Table, TableBody, TableCell, TableCellLayout, TableHeader, TableHeaderCell, TableRow, Text, tokens } from "@fluentui/react-components";
import type { ConsoleMailboxRow, MailboxListQuery, MailboxSortKey } from "../../server/api/consoleContract";
import { formatDateTime, formatRelative } from "./format";
import { accessLabels, reasonLabels } from "./labels";
import { withSort } from "./mailboxQuery";
import { formatRoute, mailboxesRoute } from "./route";
import { StatusBadge } from "./StatusBadge";

const useStyles = makeStyles({
  table: { tableLayout: "fixed", width: "100%", backgroundColor: tokens.colorNeutralBackground1 },
  stale: { opacity: 0.55, transitionProperty: "opacity", transitionDuration: tokens.durationFast },
  row: { cursor: "pointer" },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected },
  mailbox: { width: "28%" },
  status: { width: "17%" },
  provider: { width: "8%" },
  access: { width: "17%" },
  time: { width: "10%" },
  ellipsis: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap", display: "block" },
  statusCell: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "2px", paddingTop: "4px", paddingBottom: "4px" },
  empty: { padding: tokens.spacingVerticalXXL, textAlign: "center", color: tokens.colorNeutralForeground3 },
});

type Column = { readonly key: string; readonly label: string; readonly sort: MailboxSortKey | null; readonly className: "mailbox" | "status" | "provider" | "access" | "time" };

const columns: readonly Column[] = [
  { key: "email", label: "Mailbox", sort: "email", className: "mailbox" },
  { key: "status", label: "Status", sort: "status", className: "status" },
  { key: "provider", label: "Provider", sort: null, className: "provider" },
  { key: "access", label: "Access", sort: null, className: "access" },
  { key: "lastSync", label: "Last sync", sort: "lastSync", className: "time" },
  { key: "nextSync", label: "Next sync", sort: "nextSync", className: "time" },
  { key: "updated", label: "Updated", sort: "updated", className: "time" },
];

function When({ iso, now }: { iso: string | null; now: number }) {
  return <span title={iso ? formatDateTime(iso) : undefined}>{formatRelative(iso, now)}</span>;
}

/**
 * One page of mailboxes. Sorting is the server's (the list is paged there), so a header click changes the address;
 * each address is a link to its details, so the keyboard and "open in new tab" work as well as a row click.
 */
export function MailboxTable({
  rows,
  query,
  stale,
  selectedId,
  now,
  onQuery,
  onOpen,
}: {
  rows: readonly ConsoleMailboxRow[];
  query: MailboxListQuery;
  stale: boolean;
  selectedId: string | null;
  now: number;
  onQuery: (next: MailboxListQuery) => void;
  onOpen: (id: string) => void;
}) {
  const styles = useStyles();
  const direction = (key: MailboxSortKey) => (query.sort === key ? (query.dir === "desc" ? "descending" : "ascending") : undefined);
  return (
    <Table sortable className={mergeClasses(styles.table, stale && styles.stale)} aria-label="Mailboxes" aria-busy={stale}>
      <TableHeader>
        <TableRow>
          {columns.map((c) =>
            c.sort ? (
              <TableHeaderCell key={c.key} className={styles[c.className]} sortDirection={direction(c.sort)} onClick={() => onQuery(withSort(query, c.sort as MailboxSortKey))}>
                {c.label}
              </TableHeaderCell>
            ) : (
              <TableHeaderCell key={c.key} className={styles[c.className]}>
                {c.label}
              </TableHeaderCell>
            ),
          )}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.length === 0 ? (
          <TableRow>
            <TableCell colSpan={columns.length}>
              <div className={styles.empty}>No mailbox matches these filters.</div>
            </TableCell>
          </TableRow>
        ) : (
          rows.map((m) => (
            <TableRow key={m.id} className={mergeClasses(styles.row, m.id === selectedId && styles.selected)} onClick={() => onOpen(m.id)} aria-selected={m.id === selectedId}>
              <TableCell>
                <TableCellLayout truncate description={m.displayName ?? undefined}>
                  <Link
                    className={styles.ellipsis}
                    href={formatRoute(mailboxesRoute(query, m.id))}
                    data-mailbox-id={m.id}
                    onClick={(e) => {
                      e.preventDefault();
                      e.stopPropagation();
                      onOpen(m.id);
                    }}
                  >
                    {m.email}
                  </Link>
                </TableCellLayout>
              </TableCell>
              <TableCell>
                <div className={styles.statusCell}>
                  <StatusBadge status={m.status} />
                  {m.reason ? (
                    <Text size={200} className={styles.ellipsis}>
                      {reasonLabels[m.reason]}
                    </Text>
                  ) : null}
                </div>
              </TableCell>
              <TableCell>{m.provider === "graph" ? "Graph" : "EWS"}</TableCell>
              <TableCell>
                <span className={styles.ellipsis}>{accessLabels[m.access]}</span>
              </TableCell>
              <TableCell>
                <When iso={m.lastSyncAt} now={now} />
              </TableCell>
              <TableCell>
                <When iso={m.nextSyncAt} now={now} />
              </TableCell>
              <TableCell>
                <When iso={m.updatedAt} now={now} />
              </TableCell>
            </TableRow>
          ))
        )}
      </TableBody>
    </Table>
  );
}
