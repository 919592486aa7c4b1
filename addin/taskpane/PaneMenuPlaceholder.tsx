import { Button } from "@fluentui/react-components";
import { NavigationRegular } from "@fluentui/react-icons";

/** Stands where the menu button goes while the menu's code loads (milliseconds), so the header does not shift. */
export function PaneMenuPlaceholder() {
  return <Button appearance="subtle" icon={<NavigationRegular />} aria-label="Menu" disabled />;
}
