import { Body1, Caption1, makeStyles, mergeClasses, MessageBar, MessageBarBody, Text, tokens } from "@fluentui/react-components";
import { CheckmarkCircleFilled, DismissCircleFilled, WarningFilled } from "@fluentui/react-icons";
import type { PreflightCheck, PreflightReport } from "../../server/api/crmContract";
import { checkStatusLabels, preflightSummary } from "./crmText";
import { formatDateTime } from "./format";
import { visuallyHidden } from "./visuallyHidden";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  line: { display: "grid", gridTemplateColumns: "20px minmax(0, 1fr)", columnGap: tokens.spacingHorizontalS, alignItems: "start" },
  icon: { fontSize: "20px", marginTop: "1px" },
  passed: { color: tokens.colorPaletteGreenForeground1 },
  failed: { color: tokens.colorPaletteRedForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  text: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, minWidth: 0, overflowWrap: "anywhere" },
  fix: { color: tokens.colorNeutralForeground1 },
  hidden: visuallyHidden,
});

function StatusIcon({ status }: { status: PreflightCheck["status"] }) {
  const styles = useStyles();
  if (status === "passed") return <CheckmarkCircleFilled aria-hidden="true" className={mergeClasses(styles.icon, styles.passed)} />;
  if (status === "failed") return <DismissCircleFilled aria-hidden="true" className={mergeClasses(styles.icon, styles.failed)} />;
  return <WarningFilled aria-hidden="true" className={mergeClasses(styles.icon, styles.warning)} />;
}

/** The preflight checks, one line each: passed, or failed (or a warning) with the exact fix under it. */
export function PreflightList({ report }: { report: PreflightReport }) {
  const styles = useStyles();
  const summary = preflightSummary(report);
  return (
    <div className={styles.root}>
      <MessageBar intent={summary.intent} layout="multiline" data-testid="preflight-summary">
        <MessageBarBody>{summary.text}</MessageBarBody>
      </MessageBar>
      <ul className={styles.list} aria-label="Salesforce checks">
        {report.checks.map((c) => (
          <li key={c.id} className={styles.line} data-check={c.id} data-status={c.status}>
            <StatusIcon status={c.status} />
            <div className={styles.text}>
              <Body1>
                <span className={styles.hidden}>{checkStatusLabels[c.status]}: </span>
                <strong>{c.title}</strong>: {c.detail}
              </Body1>
              {c.status !== "passed" && c.fix ? (
                <Text className={styles.fix}>
                  <strong>Fix: </strong>
                  {c.fix}
                </Text>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      <Caption1>Checked {formatDateTime(report.checkedAt)}</Caption1>
    </div>
  );
}
