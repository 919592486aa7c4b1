import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles, tokens } from "@fluentui/react-components";
import { DismissRegular } from "@fluentui/react-icons";
import { LazyCopyLink } from "./LazyCopyLink";
import type { Notice } from "./notice";

const useStyles = makeStyles({
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0, overflowWrap: "anywhere" },
  bar: { alignItems: "flex-start", paddingTop: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS, marginBottom: tokens.spacingVerticalL },
});

/** One notice: title, text, the link to forward when there is one, and Dismiss. */
export function NoticeBar({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  const styles = useStyles();
  return (
    <MessageBar intent={notice.intent} layout="multiline" className={styles.bar}>
      <MessageBarBody className={styles.body}>
        {notice.title && <MessageBarTitle>{notice.title}</MessageBarTitle>}
        <span>{notice.text}</span>
        {notice.copyLink && <LazyCopyLink label={notice.copyLink.label} url={notice.copyLink.url} />}
      </MessageBarBody>
      <MessageBarActions containerAction={<Button appearance="transparent" aria-label="Dismiss message" icon={<DismissRegular />} onClick={onDismiss} />} />
    </MessageBar>
  );
}
