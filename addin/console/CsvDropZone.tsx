import { Body1, Button, Caption1, makeStyles, mergeClasses, MessageBar, MessageBarBody, MessageBarTitle, Text, tokens } from "@fluentui/react-components";
import { DocumentArrowUpRegular } from "@fluentui/react-icons";
import { useId, useRef, useState } from "react";
import type { CsvCheck } from "./csvUpload";
import { expectedExample, expectedHeader, readActivationCsv } from "./csvUpload";
import { formatCount } from "./format";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  zone: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalL,
    padding: tokens.spacingHorizontalXL,
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  over: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  icon: { fontSize: "32px", color: tokens.colorBrandForeground1, flexShrink: 0 },
  zoneText: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, flexGrow: 1 },
  input: { display: "none" },
  format: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  code: {
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    whiteSpace: "pre",
    overflowX: "auto",
  },
});

/**
 * The activation CSV: a Choose file button (the keyboard's way) inside a zone that also takes a dropped file, the
 * expected format next to it, and what was found in the file (or what is wrong with it) once one is chosen.
 */
export function CsvDropZone({ check, onChecked, disabled }: { check: CsvCheck | null; onChecked: (check: CsvCheck) => void; disabled: boolean }) {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const hintId = useId();
  const take = async (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    onChecked(await readActivationCsv(file));
  };
  return (
    <div className={styles.root}>
      <div
        className={mergeClasses(styles.zone, over && styles.over)}
        onDragOver={(e) => {
          if (disabled) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = "copy";
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          if (!disabled) void take(e.dataTransfer.files);
        }}
        data-testid="csv-drop-zone"
      >
        <DocumentArrowUpRegular className={styles.icon} aria-hidden />
        <div className={styles.zoneText}>
          <Body1>Drop a CSV file here, or choose one.</Body1>
          <Caption1 id={hintId}>One mailbox a line, with a header line first.</Caption1>
        </div>
        <Button appearance="primary" disabled={disabled} aria-describedby={hintId} onClick={() => input.current?.click()}>
          Choose CSV file
        </Button>
        <input
          ref={input}
          className={styles.input}
          type="file"
          accept=".csv,text/csv"
          aria-label="CSV file of mailboxes to activate"
          onChange={(e) => {
            void take(e.currentTarget.files);
            // The same file can be chosen again after it was fixed.
            e.currentTarget.value = "";
          }}
        />
      </div>
      <div className={styles.format}>
        <Text weight="semibold">Expected format</Text>
        <Caption1>
          A header line <code>{expectedHeader}</code>, then one mailbox a line. The display name is optional.
        </Caption1>
        <pre className={styles.code} aria-label="Example CSV">
          {expectedExample}
        </pre>
      </div>
      {check ? (
        check.ok ? (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>
                {check.fileName}: {formatCount(check.rows)} {check.rows === 1 ? "mailbox" : "mailboxes"}
              </MessageBarTitle>
              Starting with {check.sample.join(", ")}
              {check.rows > check.sample.length ? ", …" : ""}. Rows with a problem are reported with their line number; the others are activated.
            </MessageBarBody>
          </MessageBar>
        ) : (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>This file cannot be used</MessageBarTitle>
              {check.message}
            </MessageBarBody>
          </MessageBar>
        )
      ) : null}
    </div>
  );
}
