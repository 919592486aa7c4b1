import { Button, Card, MessageBar, MessageBarBody, MessageBarTitle, Title2 } from "@fluentui/react-components";
import { useGateStyles } from "./screenStyles";

/** The server or Microsoft did not answer: say so with their words, and offer to try again. */
export function UnavailableScreen({ message, onRetry }: { message: string; onRetry: () => void }) {
  const styles = useGateStyles();
  return (
    <main className={styles.main}>
      <Card className={styles.card}>
        <Title2 as="h2">The console cannot open right now</Title2>
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>Not available</MessageBarTitle>
            {message}
          </MessageBarBody>
        </MessageBar>
        <div className={styles.actions}>
          <Button appearance="primary" onClick={onRetry}>
            Try again
          </Button>
        </div>
      </Card>
    </main>
  );
}
