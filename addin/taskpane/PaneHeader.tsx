import { makeStyles, Subtitle2, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";

const useStyles = makeStyles({
  header: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
});

/** The product's name and the menu. Not a heading: each screen has its own h1. */
export function PaneHeader({ menu }: { menu: ReactNode }) {
  const styles = useStyles();
  return (
    <header className={styles.header}>
      <Subtitle2 as="p" style={{ margin: 0 }}>
        CRM Sync
      </Subtitle2>
      {menu}
    </header>
  );
}
