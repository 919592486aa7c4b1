import { createRoot } from "react-dom/client";
import { createApi, fetchClientConfig } from "../api";
import { chooseTokenSource } from "../auth/chooseTokenSource";
import { runConnectDialog } from "../outlook/connectDialog";
import { mailboxUser } from "../outlook/mailboxUser";
import { officeReady } from "../outlook/officeHost";
import { rememberSetUp, wasSetUpHere } from "../outlook/roamingFlags";
import { App } from "./App";
import { loadLaterScreens } from "./laterScreens";
import { PaneController } from "./paneController";
import { paneTheme } from "./paneTheme";

void officeReady().then(async (host) => {
  const user = host.inOutlook ? mailboxUser() : null;
  const controller = new PaneController({
    inOutlook: host.inOutlook,
    user,
    origin: location.origin,
    loadConfig: () => fetchClientConfig(),
    chooseTokens: (loadConfig) => chooseTokenSource(loadConfig, user?.email ?? null, location.origin),
    createApi: (getToken) => createApi(getToken),
    runConnectDialog,
    wasSetUp: wasSetUpHere,
    rememberSetUp,
    // Signed in already: the mailbox's screens load beside its data (otherwise after the first screen has painted).
    preloadMailboxScreens: loadLaterScreens,
  });
  // Started before the theme is known: the first screen's data is on its way while the dark theme (if any) loads.
  void controller.start();
  const theme = await paneTheme(host);
  const root = document.getElementById("root");
  if (root) createRoot(root).render(<App theme={theme} controller={controller} />);
});
