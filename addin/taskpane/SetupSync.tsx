import { Body1, Button, Caption1, makeStyles, Title3, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL, maxWidth: "480px" },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
});

/** First open: what sync does, and the one button that starts it. */
export function SetupSync({ onSetUp, busy = false }: { onSetUp?: () => void; busy?: boolean }) {
  const styles = useStyles();
  return (
    <main className={styles.root} aria-labelledby="setup-title">
      <Title3 as="h1" id="setup-title">
        Log your customer emails automatically
      </Title3>
      <Body1>Connect your mailbox once and every email and meeting with your CRM contacts and leads is logged for you.</Body1>
      <ul className={styles.list}>
        <li>
          <Body1>Runs in the background every 30 minutes, even when Outlook is closed.</Body1>
        </li>
        <li>
          <Body1>Only conversations with people in your CRM are logged; internal and private mail is skipped.</Body1>
        </li>
      </ul>
      <Button appearance="primary" onClick={onSetUp} disabled={busy || !onSetUp}>
        Set up sync
      </Button>
      <Caption1>You will be asked to sign in with Microsoft and allow access to your mailbox.</Caption1>
    </main>
  );
}
