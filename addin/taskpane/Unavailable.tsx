import { Body1, Button } from "@fluentui/react-components";
import { ScreenHeading } from "./ScreenHeading";
import { useScreenStyles } from "./screenStyles";

/** The server could not be reached or answered an error before there was anything to show. */
export function Unavailable({ message, onRetry }: { message: string; onRetry: () => void }) {
  const styles = useScreenStyles();
  return (
    <section className={styles.section} aria-labelledby="unavailable-title">
      <ScreenHeading id="unavailable-title">CRM Sync is not available right now</ScreenHeading>
      <Body1>{message}</Body1>
      <div className={styles.actions}>
        <Button onClick={onRetry}>Try again</Button>
      </div>
    </section>
  );
}
