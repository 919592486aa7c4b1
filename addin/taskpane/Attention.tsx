import { Body1, Body1Strong, Button, Spinner } from "@fluentui/react-components";
import type { MailboxView } from "../api";
import { attentionPlan } from "./attentionPlan";
import type { PaneBusy } from "./paneController";
import { adminApprovalLinkLabel } from "./copyLinkLabels";
import { LazyCopyLink } from "./LazyCopyLink";
import { ScreenHeading } from "./ScreenHeading";
import { useScreenStyles } from "./screenStyles";

/** Sync stopped and someone has to act: what happened (the server's remedy), who acts, and the rep's part. */
export function Attention({
  mailbox,
  busy,
  onReconnect,
  onCheckAgain,
}: {
  mailbox: MailboxView;
  busy: PaneBusy;
  onReconnect: () => void;
  onCheckAgain: () => void;
}) {
  const styles = useScreenStyles();
  const plan = attentionPlan(mailbox.reason, mailbox.remedy?.actor ?? null, mailbox.managedByAdmin);
  const title = mailbox.remedy?.title ?? "Sync needs attention";
  return (
    <section className={styles.section} aria-labelledby="attention-title">
      <ScreenHeading id="attention-title">{title}</ScreenHeading>
      {mailbox.remedy && <Body1>{mailbox.remedy.text}</Body1>}
      <Body1Strong>{plan.whoActs}</Body1Strong>
      {plan.adminLink && mailbox.adminConsentUrl && <LazyCopyLink label={adminApprovalLinkLabel} url={mailbox.adminConsentUrl} />}
      <div className={styles.actions}>
        {plan.actions.includes("reconnect") && (
          <Button appearance="primary" onClick={onReconnect} disabled={busy !== null} icon={busy === "connect" ? <Spinner size="tiny" /> : undefined}>
            {mailbox.onpremPassword && mailbox.reason === "reconnect_required" ? "Enter new password" : "Reconnect"}
          </Button>
        )}
        {plan.actions.includes("setUpAgain") && (
          <Button onClick={onReconnect} disabled={busy !== null} icon={busy === "connect" ? <Spinner size="tiny" /> : undefined}>
            Set up sync again
          </Button>
        )}
        {plan.actions.includes("checkAgain") && (
          <Button onClick={onCheckAgain} disabled={busy !== null} icon={busy === "refresh" ? <Spinner size="tiny" /> : undefined}>
            Check again
          </Button>
        )}
      </div>
    </section>
  );
}
