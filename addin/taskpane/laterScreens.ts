import { lazy } from "react";

/**
 * The pane's code that its first screen does not need: the mailbox's screens, the menu, the email's panel, the dialogs.
 * None of it is fetched before the first screen has painted (loadLaterScreens), so on a cold start the first screen's
 * script, the sign-in settings and MSAL (nested app authentication) have the network and the main thread to themselves.
 * Then the likely next screens load in the background, and a lazy component rendered earlier loads on its own.
 */
const syncStatus = () => import("./SyncStatus.js");
const attention = () => import("./Attention.js");
const paneMenu = () => import("./PaneMenu.js");
const emailPanel = () => import("./EmailPanel.js");
const copyLink = () => import("./CopyLink.js");
const onpremForm = () => import("./OnpremForm.js");

export const SyncStatus = lazy(() => syncStatus().then((m) => ({ default: m.SyncStatus })));
export const Attention = lazy(() => attention().then((m) => ({ default: m.Attention })));
export const PaneMenu = lazy(() => paneMenu().then((m) => ({ default: m.PaneMenu })));
export const EmailPanel = lazy(() => emailPanel().then((m) => ({ default: m.EmailPanel })));
export const CopyLink = lazy(() => copyLink().then((m) => ({ default: m.CopyLink })));
// Only reps of companies on their own Exchange see it, and only before sync is set up.
export const OnpremForm = lazy(() => onpremForm().then((m) => ({ default: m.OnpremForm })));
// Loaded on first use only: a rep opens them seldom, and a dialog's own opening hides the few milliseconds.
export const SettingsDialog = lazy(() => import("./SettingsDialog.js").then((m) => ({ default: m.SettingsDialog })));
export const DisconnectDialog = lazy(() => import("./DisconnectDialog.js").then((m) => ({ default: m.DisconnectDialog })));

let started = false;

/** Fetches (once) what the rep is likely to need next, so it is there before they ask. Failures wait for first use. */
export function loadLaterScreens(): void {
  if (started) return;
  started = true;
  for (const load of [paneMenu, syncStatus, emailPanel, attention, copyLink, onpremForm]) load().catch(() => undefined);
}
