import { Badge, Body1, Body1Strong, Button, Caption1, Link, makeStyles, tokens } from "@fluentui/react-components";
import { useRef, useState } from "react";
import type { Api, PersonView } from "../api";
import { openInBrowser } from "../outlook/browserWindow";
import { AddLeadForm } from "./AddLeadForm";
import type { PersonLine } from "./peopleOnEmail";

const useStyles = makeStyles({
  row: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} 0`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    minWidth: 0,
    overflowWrap: "anywhere",
  },
  title: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { paddingTop: tokens.spacingVerticalXS },
});

/** One customer on the email: their Salesforce record, or "Not in Salesforce" with Add as lead. */
export function PersonRow({
  api,
  line,
  crmConnected,
  onAdded,
  messageFor,
}: {
  api: Api;
  line: PersonLine;
  crmConnected: boolean;
  onAdded: (p: PersonView) => void;
  messageFor: (err: unknown) => string | null;
}) {
  const styles = useStyles();
  const [adding, setAdding] = useState(false);
  const addButton = useRef<HTMLButtonElement>(null);
  const crm = line.person.crm;
  return (
    <li className={styles.row}>
      {crm ? (
        <>
          <div className={styles.title}>
            <Body1Strong>{crm.name}</Body1Strong>
            <Badge appearance="tint" color={crm.kind === "contact" ? "brand" : "warning"}>
              {crm.kind === "contact" ? "Contact" : "Lead"}
            </Badge>
          </div>
          {crm.company && <Body1>{crm.company}</Body1>}
          <Caption1 className={styles.muted}>{line.email}</Caption1>
          {crm.ownerName && <Caption1>Owner: {crm.ownerName}</Caption1>}
          <div className={styles.actions}>
            <Link
              href={crm.url}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={`Open ${crm.name} in Salesforce`}
              onClick={(e) => {
                e.preventDefault();
                openInBrowser(crm.url);
              }}
            >
              Open in Salesforce
            </Link>
          </div>
        </>
      ) : (
        <>
          <Body1Strong>{line.displayName ?? line.email}</Body1Strong>
          {line.displayName && <Caption1 className={styles.muted}>{line.email}</Caption1>}
          <Caption1>{crmConnected ? "Not in Salesforce" : "Salesforce is not connected"}</Caption1>
          {crmConnected && !adding && (
            <div className={styles.actions}>
              <Button size="small" ref={addButton} onClick={() => setAdding(true)} aria-label={`Add ${line.displayName ?? line.email} as lead`}>
                Add as lead
              </Button>
            </div>
          )}
          {adding && (
            <AddLeadForm
              api={api}
              line={line}
              messageFor={messageFor}
              onAdded={(p) => {
                setAdding(false);
                onAdded(p);
              }}
              onCancel={() => {
                setAdding(false);
                // Back to the button that opened the form, so keyboard users keep their place.
                requestAnimationFrame(() => addButton.current?.focus());
              }}
            />
          )}
        </>
      )}
    </li>
  );
}
