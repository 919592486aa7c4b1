import { makeStyles, tokens } from "@fluentui/react-components";

/** The screens before the console (sign in, no role, unavailable): one card in the middle of the page. */
export const useGateStyles = makeStyles({
  main: { flexGrow: 1, display: "flex", alignItems: "flex-start", justifyContent: "center", padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXXL}` },
  card: { width: "560px", maxWidth: "100%", padding: tokens.spacingHorizontalXXL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  // Focused by the app (to announce the page), never by Tab: no focus ring.
  heading: { margin: 0, outlineStyle: "none" },
  actions: { display: "flex", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  steps: { fontFamily: tokens.fontFamilyBase, fontSize: tokens.fontSizeBase300, lineHeight: tokens.lineHeightBase300, margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
});
