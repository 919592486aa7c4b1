import { Caption1, Divider } from "@fluentui/react-components";
import type { Api } from "../api";
import type { OpenEmail } from "../outlook/openEmail";
import type { UnavailableCrm } from "./crmUnavailable";
import { LogEmail } from "./LogEmail";
import { People } from "./People";
import { splitPeople } from "./peopleOnEmail";
import { useScreenStyles } from "./screenStyles";
import { useOpenEmail } from "./useOpenEmail";
import { usePeople } from "./usePeople";

const noEmailText = {
  no_item: "Select an email to see its people in Salesforce.",
  compose: "Open a received or sent email to see its people in Salesforce and log it.",
  not_a_message: "Meetings with your customers are synced automatically. Open an email to see its people in Salesforce.",
} as const;

/** Everything about the open email: log it, and who is on it. Keyed by the email, so nothing carries over to the next. */
export function EmailPanel({ api, ownAddress, crm, messageFor }: { api: Api; ownAddress: string | null; crm: UnavailableCrm | null; messageFor: (err: unknown) => string | null }) {
  const styles = useScreenStyles();
  const email = useOpenEmail();
  if (typeof email === "string") {
    return (
      <>
        <Divider />
        <Caption1 className={styles.muted}>{noEmailText[email]}</Caption1>
      </>
    );
  }
  return <OpenEmailPanel api={api} email={email} ownAddress={ownAddress} crm={crm} messageFor={messageFor} key={email.internetMessageId} />;
}

function OpenEmailPanel({
  api,
  email,
  ownAddress,
  crm,
  messageFor,
}: {
  api: Api;
  email: OpenEmail;
  ownAddress: string | null;
  crm: UnavailableCrm | null;
  messageFor: (err: unknown) => string | null;
}) {
  const { onEmail, people, added } = usePeople(api, email, ownAddress, messageFor);
  // Known only once the server said who is internal: then an email among colleagues is not offered for logging.
  const onlyColleagues = people.kind === "loaded" && splitPeople(onEmail, people.data.people).external.length === 0;
  return (
    <>
      <Divider />
      <LogEmail api={api} email={email} onlyColleagues={onlyColleagues} crm={crm} messageFor={messageFor} />
      <Divider />
      <People api={api} onEmail={onEmail} people={people} onAdded={added} messageFor={messageFor} />
    </>
  );
}
