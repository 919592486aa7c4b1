import { Body1, Button, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens, useRestoreFocusTarget } from "@fluentui/react-components";
import { AddRegular, KeyResetRegular } from "@fluentui/react-icons";
import { useState } from "react";
import type { ServiceAccountView } from "../../server/api/consoleContract";
import type { ConsoleApi } from "./consoleApi";
import { ErrorBar } from "./ErrorBar";
import { formatCount, formatDateTime } from "./format";
import { authMethodLabels } from "./labels";
import { useNotify } from "./Notifier";
import { PageHeading } from "./PageHeading";
import { PasswordDialog } from "./PasswordDialog";
import { ServiceAccountForm } from "./ServiceAccountForm";
import { useResource } from "./useResource";
import { visuallyHidden } from "./visuallyHidden";

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  url: { wordBreak: "break-all", fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  num: { fontVariantNumeric: "tabular-nums" },
  hidden: visuallyHidden,
});

/** On-premises Exchange (Sync.Admin): the service accounts mass activation can use, and adding one. */
export function ServiceAccountsView({ api }: { api: ConsoleApi }) {
  const styles = useStyles();
  const notify = useNotify();
  const accounts = useResource<readonly ServiceAccountView[]>("serviceAccounts", () => api.serviceAccounts());
  const [adding, setAdding] = useState(false);
  // The buttons that open a dialog get focus back when it closes.
  const restoreFocusTarget = useRestoreFocusTarget();
  // Stays mounted after it closes (open: false), so the dialog can put focus back on the row's button.
  const [changing, setChanging] = useState<{ account: ServiceAccountView; open: boolean } | null>(null);
  return (
    <>
      <PageHeading
        title="Service accounts"
        description="For Exchange Server on-premises: accounts with the ApplicationImpersonation role that open reps' mailboxes for CRM Sync."
        actions={
          <Button appearance="primary" icon={<AddRegular />} onClick={() => setAdding(true)} {...restoreFocusTarget}>
            Add service account
          </Button>
        }
      />
      {accounts.error ? <ErrorBar title="The service accounts could not be loaded" message={accounts.error} onRetry={accounts.reload} /> : null}
      {accounts.data && accounts.data.length === 0 ? <Body1>No service account yet. Exchange Online needs none: it uses app-only access.</Body1> : null}
      {accounts.data && accounts.data.length > 0 ? (
        <Table className={styles.table} aria-label="Service accounts" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Account</TableHeaderCell>
              <TableHeaderCell>Authentication</TableHeaderCell>
              <TableHeaderCell>EWS URL</TableHeaderCell>
              <TableHeaderCell>Mailboxes</TableHeaderCell>
              <TableHeaderCell>Added</TableHeaderCell>
              <TableHeaderCell>
                <span className={styles.hidden}>Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {accounts.data.map((a) => (
              <TableRow key={a.id}>
                <TableCell>{a.name}</TableCell>
                <TableCell>{a.username}</TableCell>
                <TableCell>{authMethodLabels[a.authMethod]}</TableCell>
                <TableCell>
                  <span className={styles.url}>{a.ewsUrl}</span>
                </TableCell>
                <TableCell className={styles.num}>{formatCount(a.mailboxCount)}</TableCell>
                <TableCell>{formatDateTime(a.createdAt)}</TableCell>
                <TableCell>
                  <Button {...restoreFocusTarget} size="small" icon={<KeyResetRegular />} onClick={() => setChanging({ account: a, open: true })} aria-label={`New password for ${a.name}`}>
                    New password
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      <ServiceAccountForm
        api={api}
        open={adding}
        onClose={() => setAdding(false)}
        onSaved={(account) => {
          setAdding(false);
          notify(`${account.name} works and was saved (EWS at ${account.ewsUrl}).`, "success", "Service account added");
          accounts.reload();
        }}
      />
      {changing ? (
        <PasswordDialog
          key={changing.account.id}
          api={api}
          account={changing.account}
          open={changing.open}
          onClose={() => setChanging({ ...changing, open: false })}
          onSaved={(answer) => {
            setChanging({ ...changing, open: false });
            notify(answer.message, "success", "Password updated");
            accounts.reload();
          }}
        />
      ) : null}
    </>
  );
}
