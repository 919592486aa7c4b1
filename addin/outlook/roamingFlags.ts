import { officeGlobal } from "./officeHost";

/**
 * Outlook's roaming settings follow the rep to every device. The pane keeps one flag there: that sync was set up from
 * this mailbox, so a later open without a sign-in says "Sign in to see your sync" rather than offering set-up again.
 */
const setUpKey = "crmSync.setUp";

export function wasSetUpHere(): boolean {
  try {
    return officeGlobal()?.context?.roamingSettings?.get(setUpKey) === true;
  } catch {
    return false;
  }
}

export function rememberSetUp(value: boolean): void {
  const settings = officeGlobal()?.context?.roamingSettings;
  if (!settings) return;
  try {
    if (settings.get(setUpKey) === value) return;
    settings.set(setUpKey, value);
    // Fire and forget: a failed save only means the next open asks "Set up sync" instead of "Sign in".
    settings.saveAsync();
  } catch {
    /* roaming settings unavailable (e.g. a shared mailbox): nothing to remember */
  }
}
