import { Body1, Button, Caption1, Spinner } from "@fluentui/react-components";
import { ScreenHeading } from "./ScreenHeading";
import { useScreenStyles } from "./screenStyles";

/** First open (and after a disconnect): what sync does, and the one button that starts it. */
export function SetupSync({
  onSetUp,
  onOnprem,
  busy = false,
  outsideOutlook = false,
}: {
  onSetUp?: () => void;
  /** "Exchange (on-premises)": the rep says the mailbox is on the company's own Exchange server. */
  onOnprem?: () => void;
  busy?: boolean;
  outsideOutlook?: boolean;
}) {
  const styles = useScreenStyles();
  return (
    <section className={styles.section} aria-labelledby="setup-title">
      <ScreenHeading id="setup-title">Log your customer emails automatically</ScreenHeading>
      <Body1>Connect your mailbox once and every email and meeting with your CRM contacts and leads is logged for you.</Body1>
      <ul className={styles.list}>
        <li>
          <Body1>Runs in the background every 30 minutes, even when Outlook is closed.</Body1>
        </li>
        <li>
          <Body1>Only conversations with people in your CRM are logged; internal and private mail is skipped.</Body1>
        </li>
      </ul>
      <Button
        appearance="primary"
        onClick={onSetUp}
        disabled={busy || !onSetUp}
        icon={busy ? <Spinner size="tiny" /> : undefined}
      >
        Set up sync
      </Button>
      <Caption1>
        {outsideOutlook
          ? "Open CRM Sync from the ribbon of an email in Outlook to set up sync."
          : "You will be asked to sign in with Microsoft and allow access to your mailbox."}
      </Caption1>
      {onOnprem && (
        <>
          <Caption1>Is your mailbox on your company's own Exchange server? Connect it with your email and password.</Caption1>
          <div>
            <Button onClick={onOnprem} disabled={busy}>
              Exchange (on-premises)
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
