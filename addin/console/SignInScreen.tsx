import { Body1, Button, Card, MessageBar, MessageBarBody, Title2 } from "@fluentui/react-components";
import { useGateStyles } from "./screenStyles";

/** First visit, or back after a refused or expired sign-in (`message` says which). */
export function SignInScreen({ message, onSignIn }: { message: string | null; onSignIn: () => void }) {
  const styles = useGateStyles();
  return (
    <main className={styles.main}>
      <Card className={styles.card}>
        <Title2 as="h2">Sign in</Title2>
        {message ? (
          <MessageBar intent="warning">
            <MessageBarBody>{message}</MessageBarBody>
          </MessageBar>
        ) : null}
        <Body1>
          Sign in with your work account to see your organisation&apos;s mailboxes, why any of them fail, and how to fix it. The console is for
          people with the Sync.Admin or Sync.Support role in your organisation&apos;s Entra ID.
        </Body1>
        <div className={styles.actions}>
          <Button appearance="primary" onClick={onSignIn}>
            Sign in with Microsoft
          </Button>
        </div>
      </Card>
    </main>
  );
}
