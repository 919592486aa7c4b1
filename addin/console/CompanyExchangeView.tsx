import { Body1, Button, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens } from "@fluentui/react-components";
import { DeleteRegular } from "@fluentui/react-icons";
import { useState } from "react";
import type { CompanySettingsView } from "../../server/api/onpremContract";
import type { ConsoleApi } from "./consoleApi";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorBar } from "./ErrorBar";
import { formatDateTime } from "./format";
import { authMethodLabels } from "./labels";
import { useNotify } from "./Notifier";
import { PageHeading } from "./PageHeading";
import { useResource } from "./useResource";
import { visuallyHidden } from "./visuallyHidden";

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  mono: { wordBreak: "break-all", fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  hidden: visuallyHidden,
});

/** How a remembered user-name format reads: "{email}" is the address itself, "CONTOSO\{local}" a Windows sign-in name. */
function usernameFormatText(format: string): string {
  if (format === "{email}") return "The email address";
  return format.replace("{local}", "<name before @>").replace("{email}", "<email address>");
}

/**
 * On-premises Exchange as reps' first connects taught it (Sync.Admin and Sync.Support): per email domain, the EWS
 * URL, sign-in method and user-name format colleagues are connected with, without Autodiscover. Clearing one (after the
 * company moved its server, say) is audited; the next rep's connect runs Autodiscover again.
 */
export function CompanyExchangeView({ api }: { api: ConsoleApi }) {
  const styles = useStyles();
  const notify = useNotify();
  const settings = useResource<readonly CompanySettingsView[]>("companyExchange", () => api.companyExchangeSettings());
  const [clearing, setClearing] = useState<CompanySettingsView | null>(null);
  const [busy, setBusy] = useState(false);

  const clear = async () => {
    if (!clearing) return;
    setBusy(true);
    try {
      await api.forgetCompanyExchange(clearing.emailDomain);
      notify(`The next rep at ${clearing.emailDomain} who sets up sync finds the server by Autodiscover again.`, "success", "Settings cleared");
      setClearing(null);
      settings.reload();
    } catch (err) {
      notify(err instanceof Error ? err.message : "The settings could not be cleared.", "error", "Not cleared");
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading
        title="Company Exchange"
        description="On-premises Exchange settings learned from each company's first rep who connected: colleagues connect with their password only."
      />
      {settings.error ? <ErrorBar title="The remembered settings could not be loaded" message={settings.error} onRetry={settings.reload} /> : null}
      {settings.data && settings.data.length === 0 ? <Body1>Nothing remembered yet: no rep has connected an on-premises mailbox.</Body1> : null}
      {settings.data && settings.data.length > 0 ? (
        <Table className={styles.table} aria-label="Remembered company Exchange settings" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Email domain</TableHeaderCell>
              <TableHeaderCell>EWS URL</TableHeaderCell>
              <TableHeaderCell>Sign-in</TableHeaderCell>
              <TableHeaderCell>User name</TableHeaderCell>
              <TableHeaderCell>Learned</TableHeaderCell>
              <TableHeaderCell>
                <span className={styles.hidden}>Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {settings.data.map((s) => (
              <TableRow key={s.emailDomain}>
                <TableCell>{s.emailDomain}</TableCell>
                <TableCell>
                  <span className={styles.mono}>{s.ewsUrl}</span>
                </TableCell>
                <TableCell>{authMethodLabels[s.authMethod]}</TableCell>
                <TableCell>
                  <span className={styles.mono}>{usernameFormatText(s.usernameFormat)}</span>
                </TableCell>
                <TableCell>{formatDateTime(s.updatedAt)}</TableCell>
                <TableCell>
                  <Button size="small" icon={<DeleteRegular />} onClick={() => setClearing(s)} aria-label={`Clear the settings of ${s.emailDomain}`}>
                    Clear
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      <ConfirmDialog
        open={clearing !== null}
        title={`Clear the settings of ${clearing?.emailDomain ?? ""}?`}
        confirmLabel="Clear"
        danger
        busy={busy}
        onCancel={() => setClearing(null)}
        onConfirm={() => void clear()}
      >
        <p>Reps already connected keep syncing with the server they connected to.</p>
        <p>The next rep at {clearing?.emailDomain} who sets up sync finds the server by Autodiscover again. The clearing is recorded in the audit log.</p>
      </ConfirmDialog>
    </>
  );
}
