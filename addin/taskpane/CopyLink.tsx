import { Button, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import { CopyRegular } from "@fluentui/react-icons";
import { useId, useRef, useState } from "react";
import { copyText } from "../copyText";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  input: { width: "100%" },
});

/** A link the rep forwards to someone else: visible (so it can be selected by hand), and a Copy link button. */
export function CopyLink({ label, url }: { label: string; url: string }) {
  const styles = useStyles();
  const field = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<"" | "copied" | "failed">("");
  const statusId = useId();
  const copy = async () => setResult((await copyText(url, field.current)) ? "copied" : "failed");
  return (
    <div className={styles.root}>
      <Field label={label}>
        <Input
          ref={field}
          className={styles.input}
          value={url}
          readOnly
          aria-describedby={statusId}
          onFocus={(e) => e.currentTarget.select()}
        />
      </Field>
      <div className={styles.row}>
        <Button icon={<CopyRegular />} onClick={() => void copy()}>
          Copy link
        </Button>
        <span id={statusId} role="status" aria-live="polite">
          {result === "copied" ? "Link copied" : result === "failed" ? "Copying was refused: select the link and copy it." : ""}
        </span>
      </div>
    </div>
  );
}
