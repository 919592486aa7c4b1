import { Body1, makeStyles, Title2, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { createContext, useContext, useEffect, useRef } from "react";

/**
 * Set by the console once its first screen is up: a screen shown after that (the person moved) puts focus on its
 * heading, so a screen reader announces where they are and Tab continues from there.
 */
export const FocusHeadingOnMount = createContext<{ readonly current: boolean }>({ current: false });

const useStyles = makeStyles({
  root: { display: "flex", alignItems: "flex-end", gap: tokens.spacingHorizontalL, marginBottom: tokens.spacingVerticalL, flexWrap: "wrap" },
  text: { flexGrow: 1, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, minWidth: "240px" },
  // Focused by the app when the screen changes (to announce it), never by Tab: no focus ring.
  heading: { margin: 0, outlineStyle: "none" },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
});

/** A screen's title (focusable, so moving to the screen announces it), a line about it, and its actions. */
export function PageHeading({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  const styles = useStyles();
  const focusOnMount = useContext(FocusHeadingOnMount);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusOnMount.current) root.current?.querySelector<HTMLElement>("h2")?.focus();
  }, [focusOnMount]);
  return (
    <div className={styles.root} ref={root}>
      <div className={styles.text}>
        <Title2 as="h2" className={styles.heading} tabIndex={-1}>
          {title}
        </Title2>
        {description ? <Body1>{description}</Body1> : null}
      </div>
      {actions ? <div className={styles.actions}>{actions}</div> : null}
    </div>
  );
}
