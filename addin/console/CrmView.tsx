import {
  Body1,
  Button,
  Card,
  CardHeader,
  Dialog,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Skeleton,
  SkeletonItem,
  Spinner,
  Subtitle2,
  Text,
  tokens,
  useRestoreFocusTarget,
} from "@fluentui/react-components";
import { ArrowSyncRegular, DismissRegular, PlugDisconnectedRegular, ShieldTaskRegular } from "@fluentui/react-icons";
import { useState } from "react";
import type { ConsoleApi } from "./consoleApi";
import { ConfirmDialog } from "./ConfirmDialog";
import { CrmConnectForm } from "./CrmConnectForm";
import type { CrmConnectFormValues } from "./crmConnectForm";
import { emptyCrmConnectForm, loginChoiceOf } from "./crmConnectForm";
import type { CrmStatus, PreflightReport } from "../../server/api/crmContract";
import { crmResultBanner, crmStateIntent, crmStateLabels, crmStateMeaning, flowLabel, loginHostLabel } from "./crmText";
import { ErrorBar } from "./ErrorBar";
import { formatDateTime } from "./format";
import { useNotify } from "./Notifier";
import { PageHeading } from "./PageHeading";
import { PreflightList } from "./PreflightList";
import type { CrmConnectResult } from "./route";
import { messageOf, useResource } from "./useResource";
import { useNavigate } from "./useRoute";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, maxWidth: "960px" },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content minmax(0, 1fr)",
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    "& dt": { color: tokens.colorNeutralForeground3 },
    "& dd": { margin: 0, overflowWrap: "anywhere" },
  },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  surface: { maxWidth: "680px" },
  nowrap: { whiteSpace: "nowrap" },
});

type Connected = Extract<CrmStatus, { orgId: string }>;

/**
 * Puts focus on the page's heading after what held it went away (the result banner's Dismiss, the Disconnect button
 * once Salesforce is disconnected), so a keyboard user is not left on the page's body.
 */
function focusHeading(): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>("main h2")?.focus());
}

/** The reconnect form starts where the current connection is, so reconnecting the same org is one click. */
function formFor(status: Connected): CrmConnectFormValues {
  return { ...emptyCrmConnectForm, method: status.flow, ...loginChoiceOf(status.loginHost), ownApp: status.app === "own" };
}

function ResultBar({ result, onDismiss }: { result: CrmConnectResult; onDismiss: () => void }) {
  const banner = crmResultBanner(result);
  return (
    <MessageBar intent={banner.intent} layout="multiline" role={banner.intent === "error" ? "alert" : "status"}>
      <MessageBarBody>
        <MessageBarTitle>{banner.title}</MessageBarTitle>
        {banner.text}
      </MessageBarBody>
      <MessageBarActions containerAction={<Button appearance="transparent" aria-label="Dismiss message" icon={<DismissRegular />} onClick={onDismiss} />} />
    </MessageBar>
  );
}

function ConnectionCard({ status, onReconnect, onDisconnect, restoreFocus }: { status: Connected; onReconnect: () => void; onDisconnect: () => void; restoreFocus: ReturnType<typeof useRestoreFocusTarget> }) {
  const styles = useStyles();
  const intent = crmStateIntent[status.state];
  return (
    <Card>
      <CardHeader header={<Subtitle2 as="h3">Connected org</Subtitle2>} description={status.state === "connected" ? <Text>{crmStateLabels.connected}</Text> : undefined} />
      {status.problem ? (
        <MessageBar intent={intent} layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>{crmStateLabels[status.state]}</MessageBarTitle>
            {status.problem.fix}
            {status.problem.pausedUntil ? ` Sync carries on by itself after ${formatDateTime(status.problem.pausedUntil)}.` : ""}
          </MessageBarBody>
        </MessageBar>
      ) : status.state !== "connected" ? (
        <MessageBar intent={intent} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{crmStateLabels[status.state]}</MessageBarTitle>
            {crmStateMeaning[status.state]}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <dl className={styles.facts}>
        <dt>Org ID</dt>
        <dd>{status.orgId}</dd>
        <dt>Instance</dt>
        <dd>{status.instanceUrl}</dd>
        <dt>Login</dt>
        <dd>{loginHostLabel(status.loginHost)}</dd>
        <dt>Integration user</dt>
        <dd>
          {status.user.name} ({status.user.username})
        </dd>
        <dt>Signs in</dt>
        <dd>{flowLabel(status)}</dd>
        <dt>Connected</dt>
        <dd>
          {formatDateTime(status.connectedAt)} by {status.connectedBy}
        </dd>
        {status.problem ? (
          <>
            <dt>Since</dt>
            <dd>{formatDateTime(status.problem.since)}</dd>
          </>
        ) : null}
      </dl>
      <div className={styles.actions}>
        <Button {...restoreFocus} appearance={status.state === "disconnected" ? "primary" : "secondary"} icon={<ArrowSyncRegular />} onClick={onReconnect}>
          Reconnect
        </Button>
        <Button {...restoreFocus} icon={<PlugDisconnectedRegular />} onClick={onDisconnect}>
          Disconnect
        </Button>
      </div>
    </Card>
  );
}

function ChecksCard({ report, checking, checkError, onCheck }: { report: PreflightReport | null; checking: boolean; checkError: string | null; onCheck: () => void }) {
  const styles = useStyles();
  return (
    <Card>
      <CardHeader
        header={<Subtitle2 as="h3">Salesforce checks</Subtitle2>}
        description={<Text>What sync needs in the org, checked at connect time and whenever you ask.</Text>}
        action={
          <Button className={styles.nowrap} icon={checking ? <Spinner size="tiny" /> : <ShieldTaskRegular />} onClick={onCheck} disabled={checking}>
            {checking ? "Checking…" : "Check Salesforce"}
          </Button>
        }
      />
      {checkError ? <ErrorBar title="Salesforce could not be checked" message={checkError} /> : null}
      {report ? <PreflightList report={report} /> : <Body1>Not checked yet: choose Check Salesforce.</Body1>}
    </Card>
  );
}

/** Sync.Admin: the organisation's Salesforce connection, its checks, and connecting, reconnecting or disconnecting it. */
export function CrmView({ api, result }: { api: ConsoleApi; result: CrmConnectResult | null }) {
  const styles = useStyles();
  const notify = useNotify();
  const navigate = useNavigate();
  const restoreFocus = useRestoreFocusTarget();
  const crm = useResource<CrmStatus>("crm", () => api.crm());
  // A fresher answer than the loaded one, from an action on this page (a check, a connect, a disconnect).
  const [override, setOverride] = useState<CrmStatus | null>(null);
  const [report, setReport] = useState<PreflightReport | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<"reconnect" | "disconnect" | null>(null);
  const [disconnecting, setDisconnecting] = useState(false);

  const status = override ?? crm.data;
  const connected = status && status.state !== "not_connected" ? status : null;
  const shownReport = report ?? connected?.lastCheck ?? null;

  const dismissResult = () => {
    navigate({ view: "crm", result: null }, { replace: true });
    focusHeading();
  };

  const check = async () => {
    setChecking(true);
    setCheckError(null);
    try {
      setReport(await api.checkCrm());
    } catch (err) {
      setCheckError(messageOf(err));
    } finally {
      setChecking(false);
    }
  };

  const disconnect = async () => {
    setDisconnecting(true);
    try {
      const next = await api.disconnectCrm();
      setOverride(next);
      setReport(null);
      setDialog(null);
      focusHeading();
      notify("CRM Sync's access was revoked at Salesforce and its token deleted here. Mailboxes keep their place.", "success", "Salesforce disconnected");
    } catch (err) {
      notify(messageOf(err), "error", "Salesforce could not be disconnected");
    } finally {
      setDisconnecting(false);
    }
  };

  const connectedNow = (next: CrmStatus) => {
    setOverride(next);
    setReport(null);
    setDialog(null);
    notify("The Integration User is connected; the checks below ran at once.", "success", "Salesforce connected");
  };

  return (
    <>
      <PageHeading
        title="CRM"
        description="Your organisation's Salesforce: where CRM Sync logs your teams' customer emails and meetings."
        actions={
          <Button
            icon={<ArrowSyncRegular />}
            onClick={() => {
              setOverride(null);
              setReport(null);
              crm.reload();
            }}
            disabled={crm.loading}
          >
            Refresh
          </Button>
        }
      />
      <div className={styles.stack}>
        {result ? <ResultBar result={result} onDismiss={dismissResult} /> : null}
        {crm.error && !override ? <ErrorBar title="The Salesforce connection could not be loaded" message={crm.error} onRetry={crm.reload} /> : null}
        {!status && !crm.error ? (
          <Card aria-busy="true" aria-label="Loading the Salesforce connection">
            <Skeleton>
              <SkeletonItem size={16} />
              <SkeletonItem size={12} />
              <SkeletonItem size={12} />
            </Skeleton>
          </Card>
        ) : null}
        {status?.state === "not_connected" ? (
          <Card>
            <CardHeader header={<Subtitle2 as="h3">Connect Salesforce</Subtitle2>} description={<Text>{crmStateMeaning.not_connected}</Text>} />
            <CrmConnectForm api={api} onConnected={connectedNow} />
          </Card>
        ) : null}
        {connected ? (
          <>
            <ConnectionCard status={connected} restoreFocus={restoreFocus} onReconnect={() => setDialog("reconnect")} onDisconnect={() => setDialog("disconnect")} />
            <ChecksCard report={shownReport} checking={checking} checkError={checkError} onCheck={() => void check()} />
          </>
        ) : null}
      </div>
      {connected ? (
        <>
          <Dialog open={dialog === "reconnect"} onOpenChange={(_e, d) => (!d.open ? setDialog(null) : undefined)}>
            <DialogSurface className={styles.surface} aria-label="Reconnect Salesforce">
              <DialogBody>
                <DialogTitle>Reconnect Salesforce</DialogTitle>
                <DialogContent>
                  <CrmConnectForm
                    api={api}
                    initial={formFor(connected)}
                    intro={
                      <Body1>
                        The new sign-in replaces the current one for {connected.instanceUrl}. Mailboxes keep their place and log what they missed, once.
                      </Body1>
                    }
                    onConnected={connectedNow}
                    onCancel={() => setDialog(null)}
                  />
                </DialogContent>
              </DialogBody>
            </DialogSurface>
          </Dialog>
          <ConfirmDialog
            open={dialog === "disconnect"}
            title="Disconnect Salesforce?"
            confirmLabel="Disconnect"
            danger
            busy={disconnecting}
            onCancel={() => setDialog(null)}
            onConfirm={() => void disconnect()}
          >
            <p>
              CRM Sync's access to {connected.instanceUrl} is revoked at Salesforce and its token deleted here. Nothing is logged until an admin
              connects Salesforce again; every rep's sidebar says so.
            </p>
            <p>Mailboxes keep their place: after a new connection they log what they missed, once.</p>
          </ConfirmDialog>
        </>
      ) : null}
    </>
  );
}
