import { Body1, Caption1, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Subtitle2, tokens } from "@fluentui/react-components";
import type { Api, PersonView } from "../api";
import type { MailAddress } from "../outlook/openEmail";
import { crmShortReason } from "./crmUnavailable";
import { splitPeople } from "./peopleOnEmail";
import { PersonRow } from "./PersonRow";
import { useScreenStyles } from "./screenStyles";
import type { PeopleState } from "./usePeople";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0 },
  colleagues: {
    "& summary": { cursor: "pointer", padding: `${tokens.spacingVerticalXS} 0`, color: tokens.colorNeutralForeground2 },
    "& summary:focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  colleague: { padding: `${tokens.spacingVerticalXXS} 0`, overflowWrap: "anywhere" },
});

/** The people panel: each customer on the open email with their Salesforce record; colleagues folded away. */
export function People({
  api,
  onEmail,
  people: loaded,
  onAdded,
  messageFor,
}: {
  api: Api;
  onEmail: readonly MailAddress[];
  people: PeopleState;
  onAdded: (p: PersonView) => void;
  messageFor: (err: unknown) => string | null;
}) {
  const styles = useStyles();
  const screen = useScreenStyles();
  const split = loaded.kind === "loaded" ? splitPeople(onEmail, loaded.data.people) : null;
  return (
    <section className={screen.section} aria-labelledby="people-title" aria-busy={loaded.kind === "loading"}>
      <Subtitle2 as="h2" id="people-title" className={screen.subheading}>
        People on this email
      </Subtitle2>
      {loaded.kind === "loading" && <Spinner size="tiny" label="Looking them up in Salesforce…" labelPosition="after" />}
      {loaded.kind === "failed" && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{loaded.message}</MessageBarBody>
        </MessageBar>
      )}
      {loaded.kind === "crmUnavailable" && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>No Salesforce records for now</MessageBarTitle>
            {crmShortReason[loaded.crm.state]}
          </MessageBarBody>
        </MessageBar>
      )}
      {loaded.kind === "loaded" && !loaded.data.crmConnected && (
        <MessageBar intent="info">
          <MessageBarBody>Your organisation has not connected Salesforce yet, so records and leads are not shown. An administrator connects it in the console.</MessageBarBody>
        </MessageBar>
      )}
      {split && split.external.length === 0 && <Caption1>No one outside your organisation is on this email.</Caption1>}
      {split && split.external.length > 0 && (
        <ul className={styles.list} aria-label="Customers on this email">
          {split.external.map((line) => (
            <PersonRow key={line.email} api={api} line={line} crmConnected={loaded.kind === "loaded" && loaded.data.crmConnected} onAdded={onAdded} messageFor={messageFor} />
          ))}
        </ul>
      )}
      {split && split.internal.length > 0 && (
        <details className={styles.colleagues}>
          <summary>Colleagues ({split.internal.length})</summary>
          <ul className={styles.list}>
            {split.internal.map((line) => (
              <li key={line.email} className={styles.colleague}>
                <Body1>{line.displayName ?? line.email}</Body1>
                {line.displayName && <Caption1 className={screen.muted}> · {line.email}</Caption1>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
