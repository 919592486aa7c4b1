import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import type { OfficeHostInfo } from "../outlook/officeHost";
import { isDarkBackground } from "../outlook/officeHost";
import { SetupSync } from "./SetupSync";

/** Chooses the screen for the mailbox's state. Until the pane knows the state, a first open shows "Set up sync". */
export function App({ host }: { host: OfficeHostInfo }) {
  const theme = isDarkBackground(host.backgroundColor) ? webDarkTheme : webLightTheme;
  return (
    <FluentProvider theme={theme} style={{ minHeight: "100vh" }}>
      <SetupSync />
    </FluentProvider>
  );
}
