import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Body1, Button, makeStyles, tokens } from "@fluentui/react-components";
import { CopyRegular, KeyRegular } from "@fluentui/react-icons";
import { useState } from "react";
import type { ActivationAccess } from "../../server/api/consoleContract";
import { copyText } from "../copyText";
import { activateCommand } from "./activateCommand";
import type { ConsoleApi } from "./consoleApi";

const useStyles = makeStyles({
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalM },
  code: {
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    whiteSpace: "pre-wrap",
    wordBreak: "break-all",
  },
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
});

/** The command is on screen (its <pre> can be selected); the token is not, so only the clipboard API can take it. */
const copy = (text: string) => copyText(text, null);

/**
 * Mass activation → Command line: the command for the access chosen above, and the admin's own API token to run it
 * with (it is theirs, valid about an hour, and treated like a password).
 */
export function CommandLine({ api, access }: { api: ConsoleApi; access: ActivationAccess | null }) {
  const styles = useStyles();
  const [status, setStatus] = useState("");
  const command = activateCommand(location.origin, access);
  return (
    <Accordion collapsible>
      <AccordionItem value="cli">
        <AccordionHeader>Command line</AccordionHeader>
        <AccordionPanel className={styles.panel}>
          <Body1>For very large files or a script: the same activation from a terminal in the CRM Sync folder, with your API token.</Body1>
          <pre className={styles.code} aria-label="Command">
            {command}
          </pre>
          <div className={styles.row}>
            <Button icon={<CopyRegular />} onClick={() => void copy(command).then((ok) => setStatus(ok ? "Command copied." : "Copying was refused: select the command and copy it."))}>
              Copy command
            </Button>
            <Button
              icon={<KeyRegular />}
              onClick={() =>
                void api
                  .accessToken()
                  .then(copy)
                  .then(
                    (ok) => setStatus(ok ? "Token copied: it is valid for about an hour. Keep it to yourself, like a password." : "Copying was refused by the browser."),
                    () => setStatus("No token could be had: sign in again."),
                  )
              }
            >
              Copy token
            </Button>
            <span role="status" aria-live="polite">
              {status}
            </span>
          </div>
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
