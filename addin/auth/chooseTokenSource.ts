import type { ClientConfig } from "../api";
import { supportsNestedAppAuth } from "../outlook/officeHost";
import { dialogTokenSource } from "./dialogTokenSource";
import { naaTokenSource } from "./naaTokenSource";
import { sessionStorageOrNull, TokenStore } from "./storedToken";
import type { TokenSource } from "./tokenSource";

/** The sign-in page the Office dialog opens; Entra has it registered as a SPA redirect URI, path and all. */
export const authDialogPath = "/auth/dialog.html";

/**
 * NAA first (Microsoft's advice for Outlook add-ins); the Office dialog where the client lacks NestedAppAuth 1.1. Only
 * NAA needs the sign-in settings (/api/config) in the pane; the dialog's page reads them itself, so a pane on the
 * fallback shows its first screen without waiting for them.
 */
export function chooseTokenSource(loadConfig: () => Promise<ClientConfig>, mailboxEmail: string | null, origin: string): TokenSource {
  if (supportsNestedAppAuth()) return naaTokenSource(loadConfig, { loginHint: mailboxEmail ?? undefined });
  const url = new URL(authDialogPath, origin);
  if (mailboxEmail) url.searchParams.set("login_hint", mailboxEmail);
  return dialogTokenSource({
    dialogUrl: url.toString(),
    store: new TokenStore(sessionStorageOrNull(), `crmSync.apiToken.${mailboxEmail ?? "unknown"}`),
  });
}
