import { Spinner } from "@fluentui/react-components";
import { useScreenStyles } from "./screenStyles";

/** While the pane asks who is signed in and how their sync is. */
export function Starting() {
  const styles = useScreenStyles();
  return (
    <section className={styles.section} aria-busy="true">
      <Spinner size="small" label="Loading your sync…" />
    </section>
  );
}
