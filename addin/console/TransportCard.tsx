import { Body1, Button, Card, CardHeader, makeStyles, Radio, RadioGroup, Spinner, Subtitle2, Text, tokens } from "@fluentui/react-components";
import { useState } from "react";
import type { Provider } from "../../server/api/contract";
import type { ConsoleApi } from "./consoleApi";
import { providerLabels } from "./labels";
import { useNotify } from "./Notifier";
import { messageOf } from "./useResource";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

/** Why an admin would choose each: EWS in Exchange Online is blocked by default since 1 October 2026 and ends on 1 April 2027. */
const hints: Readonly<Record<Provider, string>> = {
  graph: "Recommended for Exchange Online. Reps consent to Mail.Read, Calendars.Read and User.Read.",
  ews: "Only while your tenant still allows EWS for this app; Exchange Online ends EWS on 1 April 2027.",
};

/**
 * The transport the organisation's new Exchange Online mailboxes use. Admins change it here; support sees it, and
 * moves single mailboxes from the mailbox details instead. Mailboxes already set up keep theirs.
 */
export function TransportCard({ api, transport, isAdmin, onChanged }: { api: ConsoleApi; transport: Provider; isAdmin: boolean; onChanged: () => void }) {
  const styles = useStyles();
  const notify = useNotify();
  const [chosen, setChosen] = useState<Provider>(transport);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      const answer = await api.setTenantTransport(chosen);
      notify(answer.message, "success", "Transport saved");
      onChanged();
    } catch (err) {
      notify(messageOf(err), "error", "The transport was not saved");
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card>
      <CardHeader header={<Subtitle2 as="h3">Mailbox transport</Subtitle2>} description={<Text>How new mailboxes of your organisation reach Exchange Online</Text>} />
      <div className={styles.stack}>
        {isAdmin ? (
          <>
            <RadioGroup aria-label="Transport for new mailboxes" value={chosen} onChange={(_e, data) => setChosen(data.value as Provider)}>
              {(["graph", "ews"] as const).map((p) => (
                <Radio key={p} value={p} label={`${providerLabels[p]}${p === transport ? " (current)" : ""}: ${hints[p]}`} />
              ))}
            </RadioGroup>
            <div>
              <Button appearance="primary" disabled={saving || chosen === transport} icon={saving ? <Spinner size="tiny" /> : undefined} onClick={() => void save()}>
                Save transport
              </Button>
            </div>
            <Body1>Mailboxes already set up keep their transport: support moves them one by one from the mailbox details.</Body1>
          </>
        ) : (
          <Body1>
            New mailboxes use <strong>{providerLabels[transport]}</strong>. A Sync.Admin changes it; you can move single mailboxes from their details.
          </Body1>
        )}
      </div>
    </Card>
  );
}
