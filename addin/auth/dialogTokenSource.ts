import { DialogError, runDialog } from "../outlook/officeDialog";
import type { AuthDialogMessage } from "./authDialogMessage";
import { parseAuthDialogMessage } from "./authDialogMessage";
import { SignInError } from "./signInError";
import type { TokenStore } from "./storedToken";
import type { TokenSource } from "./tokenSource";

export interface DialogTokenSourceOptions {
  /** ${origin}/auth/dialog.html, with the mailbox's address as login_hint. */
  readonly dialogUrl: string;
  readonly store: TokenStore;
  /** Opens the dialog and waits for its answer (tests give their own). */
  readonly run?: (url: string) => Promise<AuthDialogMessage>;
}

/** The Office dialog fallback: a sign-in window that runs MSAL's redirect flow and hands back an access token. */
export function dialogTokenSource(options: DialogTokenSourceOptions): TokenSource {
  const run = options.run ?? ((url: string) => runDialog(url, parseAuthDialogMessage));
  return {
    kind: "dialog",
    // No silent renewal in this mode: only a token this session already holds.
    silent: async () => options.store.get(),
    async interactive() {
      let answer: AuthDialogMessage;
      try {
        answer = await run(options.dialogUrl);
      } catch (err) {
        if (err instanceof DialogError) {
          throw new SignInError(err.problem === "closed" ? "cancelled" : err.problem === "blocked" || err.problem === "already_open" ? "blocked" : "failed", err.message);
        }
        throw err;
      }
      if (answer.type === "crm-sync-sign-in-failed") throw new SignInError(answer.problem, answer.message);
      options.store.set({ accessToken: answer.accessToken, expiresOn: answer.expiresOn });
      return answer.accessToken;
    },
    forget: () => options.store.clear(),
  };
}
