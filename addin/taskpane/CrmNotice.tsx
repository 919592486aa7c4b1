import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from "@fluentui/react-components";
import type { UnavailableCrm } from "./crmUnavailable";

const useStyles = makeStyles({
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, minWidth: 0, overflowWrap: "anywhere" },
  bar: { alignItems: "flex-start", paddingTop: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS },
});

/**
 * The organisation's Salesforce is not there: who must act (the server's words: "Your admin must reconnect
 * Salesforce"), and that the rep loses nothing. A warning, not an error: nothing the rep did is wrong.
 */
export function CrmNotice({ crm }: { crm: UnavailableCrm }) {
  const styles = useStyles();
  return (
    <MessageBar intent={crm.state === "disconnected" ? "warning" : "info"} layout="multiline" className={styles.bar} aria-live="polite" data-testid="crm-notice">
      <MessageBarBody className={styles.body}>
        <MessageBarTitle>{crm.title}</MessageBarTitle>
        {/* The server's words: who acts ("Your admin must reconnect Salesforce") and that nothing is lost. */}
        <span>{crm.forUser}</span>
      </MessageBarBody>
    </MessageBar>
  );
}
