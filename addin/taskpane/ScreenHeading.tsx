import { mergeClasses, typographyStyles } from "@fluentui/react-components";
import { makeStyles } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { useEffect, useRef } from "react";
import { useScreenStyles } from "./screenStyles";
import { useFocusKey } from "./usePane";

const useStyles = makeStyles({ title: typographyStyles.title3 });

/** A screen's h1. It takes focus when the screen appeared because the rep acted (not on the pane's first render). */
export function ScreenHeading({ id, children }: { id: string; children: ReactNode }) {
  const styles = useScreenStyles();
  const type = useStyles();
  const focusKey = useFocusKey();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusKey > 0) ref.current?.focus();
  }, [focusKey]);
  return (
    <h1 id={id} ref={ref} tabIndex={-1} className={mergeClasses(type.title, styles.heading)}>
      {children}
    </h1>
  );
}
