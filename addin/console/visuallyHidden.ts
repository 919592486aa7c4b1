import type { GriffelStyle } from "@fluentui/react-components";

/**
 * Text for screen readers only (a column header for a column of buttons, a status the icon shows): out of sight and out
 * of the layout, yet still read out, which `display: none` would not be.
 */
export const visuallyHidden: GriffelStyle = {
  position: "absolute",
  width: "1px",
  height: "1px",
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
};
