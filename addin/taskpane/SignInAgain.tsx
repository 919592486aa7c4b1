import { Body1, Button, Spinner } from "@fluentui/react-components";
import { ScreenHeading } from "./ScreenHeading";
import { useScreenStyles } from "./screenStyles";

/** A rep who set up sync before, in a new Outlook session: one sign-in shows their sync and the people on the email. */
export function SignInAgain({ onSignIn, busy }: { onSignIn: () => void; busy: boolean }) {
  const styles = useScreenStyles();
  return (
    <section className={styles.section} aria-labelledby="signin-title">
      <ScreenHeading id="signin-title">Sign in to see your sync</ScreenHeading>
      <Body1>Sync keeps running in the background. Sign in to see how it is going and who is on this email in Salesforce.</Body1>
      <Button appearance="primary" onClick={onSignIn} disabled={busy} icon={busy ? <Spinner size="tiny" /> : undefined}>
        Sign in
      </Button>
    </section>
  );
}
