import { Button, makeStyles, Text, tokens } from "@fluentui/react-components";
import { ChevronLeftRegular, ChevronRightRegular } from "@fluentui/react-icons";
import { formatCount } from "./format";

const useStyles = makeStyles({
  root: { display: "flex", alignItems: "center", justifyContent: "flex-end", gap: tokens.spacingHorizontalM, paddingTop: tokens.spacingVerticalM },
  range: { marginRight: "auto", color: tokens.colorNeutralForeground2, fontVariantNumeric: "tabular-nums" },
});

/** "1–50 of 10,000 · Page 1 of 200" with Previous and Next; the pages are the server's. */
export function Pager({ label, range, page, pages, onPage }: { label: string; range: string; page: number; pages: number; onPage: (page: number) => void }) {
  const styles = useStyles();
  return (
    <nav className={styles.root} aria-label={label}>
      <Text className={styles.range} aria-live="polite">
        {range}
      </Text>
      <Text>
        Page {formatCount(page)} of {formatCount(pages)}
      </Text>
      <Button icon={<ChevronLeftRegular />} disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </Button>
      <Button icon={<ChevronRightRegular />} iconPosition="after" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </Button>
    </nav>
  );
}
