import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { CopyRegular } from "@fluentui/react-icons";
import { useId, useRef, useState } from "react";
import { copyText } from "../copyText";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, alignItems: "flex-start" },
  pre: {
    margin: 0,
    width: "100%",
    boxSizing: "border-box",
    maxHeight: "220px",
    overflow: "auto",
    padding: tokens.spacingHorizontalM,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase300,
    whiteSpace: "pre-wrap",
    wordBreak: "break-word",
    backgroundColor: tokens.colorNeutralBackground3,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center" },
});

/** The error exactly as the service answered, for a ticket or an escalation: monospace, selectable, one-click copy. */
export function RawError({ text, label }: { text: string; label: string }) {
  const styles = useStyles();
  const pre = useRef<HTMLPreElement>(null);
  const statusId = useId();
  const [result, setResult] = useState<"" | "copied" | "failed">("");
  return (
    <div className={styles.root}>
      <pre ref={pre} className={styles.pre} tabIndex={0} aria-label={label}>
        {text}
      </pre>
      <div className={styles.row}>
        <Button size="small" icon={<CopyRegular />} aria-describedby={statusId} onClick={() => void copyText(text, pre.current).then((ok) => setResult(ok ? "copied" : "failed"))}>
          Copy error
        </Button>
        <span id={statusId} role="status" aria-live="polite">
          {result === "copied" ? "Copied" : result === "failed" ? "Copying was refused: select the text and copy it." : ""}
        </span>
      </div>
    </div>
  );
}
