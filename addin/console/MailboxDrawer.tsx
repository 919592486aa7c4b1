import {
  Body1,
  Button,
  Caption1,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  OverlayDrawer,
  Skeleton,
  SkeletonItem,
  Spinner,
  Subtitle2,
  Text,
  Toolbar,
  ToolbarButton,
  tokens,
  useRestoreFocusTarget,
} from "@fluentui/react-components";
import { ArrowResetRegular, ArrowSwapRegular, ArrowSyncRegular, DeleteRegular, DismissRegular, PauseRegular, PlayRegular, PlugConnectedRegular } from "@fluentui/react-icons";
import type { ReactElement, ReactNode } from "react";
import { useEffect, useState } from "react";
import type { ConnectionTestResult, ConsoleMe, MailboxDetail } from "../../server/api/consoleContract";
import type { RemedyView } from "../../server/api/contract";
import type { ConsoleApi } from "./consoleApi";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorBar } from "./ErrorBar";
import { formatDateTime, formatDuration, formatRelative } from "./format";
import { accessLabels, actorLabels, outcomeLabels, providerLabels, reasonLabels } from "./labels";
import type { ActionChoice, ConsoleAction } from "./mailboxActions";
import { mailboxActions, moveTarget } from "./mailboxActions";
import { useNotify } from "./Notifier";
import { RawError } from "./RawError";
import { CursorTable, RunHistory } from "./RunHistory";
import { StatusBadge } from "./StatusBadge";
import { messageOf, useResource } from "./useResource";

const useStyles = makeStyles({
  drawer: { "--fui-Drawer--size": "min(1120px, 94vw)" },
  email: { overflow: "hidden", textOverflow: "ellipsis" },
  badges: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXL, paddingBottom: tokens.spacingVerticalXXL },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  facts: { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(200px, 1fr))", gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`, margin: 0 },
  fact: { display: "flex", flexDirection: "column", gap: "2px" },
  dd: { margin: 0 },
  toolbar: { flexWrap: "wrap", padding: 0, gap: tokens.spacingHorizontalXS },
  watching: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  remedyText: { display: "block", marginTop: tokens.spacingVerticalXS },
  whoActs: { display: "block", marginTop: tokens.spacingVerticalXS, fontWeight: tokens.fontWeightSemibold },
});

/** How long the details wait for a requested run, and how often they look. */
const watchForMs = 120_000;
const watchEveryMs = 2_000;

const actionIcons: Readonly<Record<ConsoleAction, ReactElement>> = {
  "sync-now": <ArrowSyncRegular />,
  "test-connection": <PlugConnectedRegular />,
  "reset-cursor": <ArrowResetRegular />,
  "move-transport": <ArrowSwapRegular />,
  pause: <PauseRegular />,
  resume: <PlayRegular />,
  deactivate: <DeleteRegular />,
};

function Remedy({ remedy, title }: { remedy: RemedyView; title?: string }) {
  const styles = useStyles();
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title ?? remedy.title}</MessageBarTitle>
        <span className={styles.remedyText}>{remedy.text}</span>
        <span className={styles.whoActs}>Who acts: {actorLabels[remedy.actor]}</span>
      </MessageBarBody>
    </MessageBar>
  );
}

function TestResult({ result }: { result: ConnectionTestResult }) {
  if (result.ok) {
    return (
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Connection works</MessageBarTitle>
          {result.message} ({formatDuration(result.elapsedMs)})
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <>
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Connection failed</MessageBarTitle>
          {result.message} ({formatDuration(result.elapsedMs)})
        </MessageBarBody>
      </MessageBar>
      {result.remedy ? <Remedy remedy={result.remedy} title={`To fix it: ${result.remedy.title}`} /> : null}
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.fact}>
      <dt>
        <Caption1>{label}</Caption1>
      </dt>
      <dd className={styles.dd}>
        <Body1>{children}</Body1>
      </dd>
    </div>
  );
}

function Details({ detail }: { detail: MailboxDetail }) {
  const styles = useStyles();
  const m = detail.mailbox;
  const now = Date.now();
  return (
    <dl className={styles.facts}>
      <Fact label="Provider">{providerLabels[m.provider]}</Fact>
      <Fact label="Access">
        {accessLabels[m.access]}
        {m.serviceAccount ? ` (${m.serviceAccount.name})` : ""}
      </Fact>
      <Fact label="Last sync">
        <span title={formatDateTime(m.lastSyncAt)}>{formatRelative(m.lastSyncAt, now)}</span>
      </Fact>
      <Fact label="Next sync">
        <span title={formatDateTime(m.nextSyncAt)}>{formatRelative(m.nextSyncAt, now)}</span>
      </Fact>
      <Fact label="Failures in a row">{m.consecutiveFailures}</Fact>
      <Fact label="Folders">{m.folders.length ? m.folders.join(", ") : "—"}</Fact>
      <Fact label="Added">{formatDateTime(m.createdAt)}</Fact>
      <Fact label="Updated">{formatDateTime(m.updatedAt)}</Fact>
    </dl>
  );
}

/**
 * One mailbox, over the list: why it fails and who fixes it, the raw error, its runs and sync position, and what the
 * caller's roles allow them to do about it. Every action's answer is toasted and the details reloaded.
 */
export function MailboxDrawer({ api, me, mailboxId, onClose, onChanged }: { api: ConsoleApi; me: ConsoleMe; mailboxId: string; onClose: () => void; onChanged: () => void }) {
  const styles = useStyles();
  const notify = useNotify();
  const detail = useResource(`mailbox:${mailboxId}`, () => api.mailbox(mailboxId));
  const [busy, setBusy] = useState<ConsoleAction | null>(null);
  // Marks the action buttons as where a closing confirmation puts focus back.
  const restoreFocusTarget = useRestoreFocusTarget();
  // The confirmation stays mounted after it closes (open: false), so the dialog can put focus back on its button.
  const [confirming, setConfirming] = useState<{ choice: ActionChoice; open: boolean } | null>(null);
  const closeConfirm = () => setConfirming((c) => (c ? { ...c, open: false } : null));
  const [test, setTest] = useState<{ id: string; result: ConnectionTestResult } | null>(null);
  /** After Sync now / Retry: the newest run id before the click, until a newer run has ended (or time runs out). */
  const [watch, setWatch] = useState<{ mailboxId: string; afterRunId: number; until: number } | null>(null);
  const d = detail.data && detail.data.mailbox.id === mailboxId ? detail.data : null;
  const { reload } = detail;

  // The requested run starts within a minute: the details refresh themselves until it has ended, and say how it went.
  const watched = watch && d && watch.mailboxId === mailboxId ? d.runs.find((r) => r.id > watch.afterRunId && r.endedAt) : undefined;
  useEffect(() => {
    if (!watch) return;
    if (watch.mailboxId !== mailboxId || Date.now() > watch.until) return setWatch(null);
    if (watched) {
      setWatch(null);
      const outcome = watched.outcome ?? "failed";
      notify(
        watched.error ? `${outcomeLabels[outcome]}: ${watched.error}` : `${outcomeLabels[outcome]}: ${watched.logged} logged, ${watched.itemsSeen} items seen.`,
        outcome === "ok" ? "success" : outcome === "failed" ? "error" : "warning",
        `The sync of ${d?.mailbox.email ?? "the mailbox"} ended`,
      );
      return;
    }
    const timer = setTimeout(reload, watchEveryMs);
    return () => clearTimeout(timer);
  }, [watch, watched, mailboxId, reload, notify, d]);

  const run = async (choice: ActionChoice) => {
    setBusy(choice.action);
    try {
      if (choice.action === "test-connection") {
        const result = await api.testConnection(mailboxId);
        setTest({ id: mailboxId, result });
        notify(result.message, result.ok ? "success" : "error", result.ok ? "Connection works" : "Connection failed");
      } else if (choice.action === "move-transport") {
        const target = d ? moveTarget(d.mailbox) : null;
        if (!target) return;
        const answer = await api.moveTransport(mailboxId, target);
        notify(answer.message, "success", "Transport changed");
        onChanged();
      } else {
        const answer = await api.act(mailboxId, choice.action);
        notify(answer.message, "success");
        if (choice.action === "sync-now") setWatch({ mailboxId, afterRunId: Math.max(0, ...(d?.runs.map((r) => r.id) ?? [])), until: Date.now() + watchForMs });
        onChanged();
      }
      detail.reload();
    } catch (err) {
      notify(messageOf(err), "error", `${choice.label} did not work`);
    } finally {
      setBusy(null);
      closeConfirm();
    }
  };

  const actions = d ? mailboxActions(me.roles, d.mailbox.status, d.mailbox.email, d.mailbox) : [];
  const shownTest = test && test.id === mailboxId ? test.result : null;

  return (
    <OverlayDrawer
      open
      position="end"
      size="large"
      className={styles.drawer}
      onOpenChange={(_e, data) => {
        if (!data.open && !confirming?.open) onClose();
      }}
    >
      <DrawerHeader>
        {/* The title names the dialog for screen readers: the address alone, the status follows under it. */}
        <DrawerHeaderTitle action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={onClose} />}>
          <span className={styles.email}>{d ? d.mailbox.email : "Mailbox"}</span>
        </DrawerHeaderTitle>
        {d ? (
          <div className={styles.badges}>
            <StatusBadge status={d.mailbox.status} />
            {d.mailbox.reason ? <Text size={300}>{reasonLabels[d.mailbox.reason]}</Text> : null}
            {d.mailbox.displayName ? <Text size={300}>· {d.mailbox.displayName}</Text> : null}
          </div>
        ) : null}
      </DrawerHeader>
      <DrawerBody>
        <div className={styles.body}>
          {detail.error ? <ErrorBar title="The mailbox could not be loaded" message={detail.error} onRetry={detail.reload} /> : null}
          {!d && !detail.error ? (
            <Skeleton aria-label="Loading the mailbox">
              <SkeletonItem size={24} />
              <SkeletonItem size={16} />
              <SkeletonItem size={16} />
            </Skeleton>
          ) : null}
          {d ? (
            <>
              {d.remedy ? (
                <section aria-label="What to do">
                  <Remedy remedy={d.remedy} />
                </section>
              ) : null}
              {actions.length > 0 ? (
                <Toolbar aria-label="Mailbox actions" className={styles.toolbar}>
                  {actions.map((a) => (
                    <ToolbarButton
                      key={a.action}
                      {...restoreFocusTarget}
                      appearance={a.action === "sync-now" ? "primary" : undefined}
                      icon={busy === a.action ? <Spinner size="tiny" /> : actionIcons[a.action]}
                      disabled={busy !== null}
                      onClick={() => (a.confirm ? setConfirming({ choice: a, open: true }) : void run(a))}
                    >
                      {a.label}
                    </ToolbarButton>
                  ))}
                </Toolbar>
              ) : null}
              {watch && watch.mailboxId === mailboxId ? (
                <div className={styles.watching} role="status">
                  <Spinner size="extra-tiny" />
                  <Text>Waiting for the sync to run; these details refresh by themselves.</Text>
                </div>
              ) : null}
              {shownTest ? <TestResult result={shownTest} /> : null}
              <section className={styles.section} aria-labelledby="mailbox-details-heading">
                <Subtitle2 as="h3" id="mailbox-details-heading">
                  Details
                </Subtitle2>
                <Details detail={d} />
              </section>
              <section className={styles.section} aria-labelledby="mailbox-error-heading">
                <Subtitle2 as="h3" id="mailbox-error-heading">
                  Last error
                </Subtitle2>
                {d.lastError && d.runs[0]?.outcome === "ok" ? <Caption1>Sync has worked since this error; it is kept for reference.</Caption1> : null}
                {d.lastError ? <RawError text={d.lastError} label="Last error, as the service answered" /> : <Body1>No error recorded.</Body1>}
              </section>
              <section className={styles.section} aria-labelledby="mailbox-runs-heading">
                <Subtitle2 as="h3" id="mailbox-runs-heading">
                  Run history
                </Subtitle2>
                <RunHistory runs={d.runs} />
              </section>
              <section className={styles.section} aria-labelledby="mailbox-cursors-heading">
                <Subtitle2 as="h3" id="mailbox-cursors-heading">
                  Sync position per folder
                </Subtitle2>
                <CursorTable cursors={d.cursors} />
              </section>
            </>
          ) : null}
        </div>
      </DrawerBody>
      {confirming?.choice.confirm ? (
        <ConfirmDialog
          open={confirming.open}
          title={confirming.choice.confirm.title}
          confirmLabel={confirming.choice.confirm.button}
          danger={confirming.choice.confirm.danger}
          busy={busy !== null}
          onConfirm={() => void run(confirming.choice)}
          onCancel={closeConfirm}
        >
          {confirming.choice.confirm.body.map((p) => (
            <Body1 key={p} as="p">
              {p}
            </Body1>
          ))}
        </ConfirmDialog>
      ) : null}
    </OverlayDrawer>
  );
}
