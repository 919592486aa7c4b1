import { Body1, Button, Spinner } from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import type { Api, MailboxView } from "../api";
import { ApiError } from "../api";
import type { SidebarCrm } from "../../server/api/crmContract";
import { isCrmUnavailable } from "./crmUnavailable";
import { ScreenHeading } from "./ScreenHeading";
import { useScreenStyles } from "./screenStyles";
import { relativeTime } from "./timeText";
import { useCountdown } from "./useCountdown";

function heading(m: MailboxView, crmMissing: boolean): string {
  // The notice above says who acts; here the rep learns their mailbox is fine and simply waits.
  if (crmMissing && m.status !== "paused") return "Sync is waiting for Salesforce";
  if (m.managedByAdmin) return "Your administrator set up sync for this mailbox";
  if (m.status === "paused") return "Sync is paused";
  if (m.status === "pending") return "Sync starts soon";
  return "Sync is on";
}

function summary(m: MailboxView, crmMissing: boolean): string {
  if (crmMissing && m.status !== "paused") return "Your mailbox is set up and keeps its place. Emails and meetings with your customers are logged once Salesforce is back.";
  if (m.status === "paused") return "Your administrator paused sync for this mailbox. Nothing is logged until they resume it.";
  if (m.status === "pending") return "Your administrator set it up; the first sync runs within a few minutes.";
  return "Your emails and meetings with Salesforce contacts and leads are logged every 30 minutes.";
}

function lastSyncText(m: MailboxView): string {
  if (!m.lastSync) return "Not yet";
  const when = relativeTime(m.lastSync.at) ?? "—";
  return m.lastSync.outcome === "ok" ? when : `${when} (${m.lastSync.outcome === "partial" ? "some items failed" : "failed"})`;
}

/** An active, pending or paused mailbox: when it last synced, when it syncs next, and Sync now. */
export function SyncStatus({
  mailbox,
  crm,
  api,
  onMailboxChanged,
  onRefresh,
  messageFor,
}: {
  mailbox: MailboxView;
  /** The organisation's Salesforce: while it is not there, nothing is logged and Sync now would do nothing. */
  crm: SidebarCrm | null;
  api: Api;
  onMailboxChanged: (m: MailboxView) => void;
  /** Asks the server for the mailbox again (after Sync now, to show how the sync went). */
  onRefresh: () => void;
  messageFor: (err: unknown) => string | null;
}) {
  const styles = useScreenStyles();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");
  const [waitSeconds, startWait] = useCountdown();
  const followUps = useRef<ReturnType<typeof setTimeout>[]>([]);
  useEffect(() => () => followUps.current.forEach(clearTimeout), []);

  const syncNow = async () => {
    setBusy(true);
    setStatus("");
    try {
      const r = await api.syncNow();
      onMailboxChanged({ ...mailbox, nextSyncAt: r.nextSyncAt });
      // An earlier run still holds the mailbox (running, or its server stopped): the new one waits for it, at most until then.
      setStatus(
        r.startsBy
          ? `A sync is still under way. A new one starts when it ends, at the latest ${relativeTime(r.startsBy) ?? "within a few minutes"}.`
          : "Sync requested: it starts within a minute.",
      );
      startWait(60);
      // A sync of a few hundred items takes seconds: look again then, so a finished (or failed) sync shows up.
      followUps.current.push(...[10_000, 30_000, 60_000].map((ms) => setTimeout(onRefresh, ms)));
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) {
        const seconds = err.retryAfterSeconds ?? 60;
        startWait(seconds);
        setStatus(`A sync was asked for less than a minute ago. You can ask again in ${seconds} seconds.`);
      } else {
        setStatus(messageFor(err) ?? "");
      }
    } finally {
      setBusy(false);
    }
  };

  const crmMissing = isCrmUnavailable(crm);
  const next = mailbox.status === "paused" ? "Paused" : (relativeTime(mailbox.nextSyncAt) ?? "Within 30 minutes");
  return (
    <section className={styles.section} aria-labelledby="status-title">
      <ScreenHeading id="status-title">{heading(mailbox, crmMissing)}</ScreenHeading>
      <Body1>{summary(mailbox, crmMissing)}</Body1>
      <dl className={styles.facts}>
        <dt>Mailbox</dt>
        <dd className={styles.wrap}>{mailbox.email}</dd>
        <dt>Last sync</dt>
        <dd>{lastSyncText(mailbox)}</dd>
        <dt>Next sync</dt>
        <dd>{next}</dd>
        <dt>Logged today</dt>
        <dd>{mailbox.loggedToday}</dd>
      </dl>
      {mailbox.status === "active" && !crmMissing && (
        <div className={styles.actions}>
          <Button onClick={() => void syncNow()} disabled={busy || waitSeconds > 0} icon={busy ? <Spinner size="tiny" /> : undefined}>
            {waitSeconds > 0 ? `Sync now (${waitSeconds} s)` : "Sync now"}
          </Button>
        </div>
      )}
      <Body1 role="status" aria-live="polite">
        {status}
      </Body1>
    </section>
  );
}
