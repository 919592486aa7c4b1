import { Body1, Button, Card, MessageBar, MessageBarBody, MessageBarTitle, Text, Title2 } from "@fluentui/react-components";
import { useEffect } from "react";
import type { SignedInAccount } from "./consoleAuth";
import { noRoleMessage } from "./consoleSession";
import { useGateStyles } from "./screenStyles";

/**
 * Signed in, but without Sync.Admin or Sync.Support: what is missing and who can give it, instead of a console whose
 * every call would be refused. Switching account is offered for people with a second, privileged account.
 */
export function NoRoleScreen({
  account,
  serverMessage,
  onSwitch,
  onSignOut,
}: {
  account: SignedInAccount | null;
  serverMessage: string | null;
  onSwitch: () => void;
  onSignOut: () => void;
}) {
  const styles = useGateStyles();
  // The page replaced the sign-in: move focus to its heading so a screen reader announces where the person is.
  useEffect(() => document.getElementById("no-role-heading")?.focus(), []);
  const who = account?.username ?? account?.name;
  return (
    <main className={styles.main}>
      <Card className={styles.card}>
        <Title2 as="h2" id="no-role-heading" tabIndex={-1} className={styles.heading}>
          You don&apos;t have access to the console
        </Title2>
        {who ? <Text>Signed in as {account?.name && account.username ? `${account.name} (${account.username})` : who}.</Text> : null}
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Role needed</MessageBarTitle>
            {noRoleMessage}
          </MessageBarBody>
        </MessageBar>
        <Body1>Your administrator can assign it in the Microsoft Entra admin center:</Body1>
        <ol className={styles.steps}>
            <li>Open Enterprise applications and choose CRM Sync.</li>
            <li>Open Users and groups, then Add user/group.</li>
            <li>Choose your account, select the role Sync.Support (to troubleshoot) or Sync.Admin (to also activate mailboxes), and assign.</li>
            <li>Sign out and sign in again here.</li>
        </ol>
        {/* The server's own refusal is shown only when it says something else than the missing role. */}
        {serverMessage && !/Sync\.(Admin|Support)/.test(serverMessage) ? (
          <Text size={200}>
            The server said: {serverMessage}
          </Text>
        ) : null}
        <div className={styles.actions}>
          <Button appearance="primary" onClick={onSwitch}>
            Sign in with another account
          </Button>
          <Button onClick={onSignOut}>Sign out</Button>
        </div>
      </Card>
    </main>
  );
}
