/**
 * Signing in to the console, as the session sees it (the MSAL implementation is msalConsoleAuth.ts, kept apart so the
 * session's logic can be tested without a browser).
 */
export interface SignedInAccount {
  readonly name: string | null;
  readonly username: string | null;
}

/** A silent token could not be had: the person has to sign in again (session ended, consent withdrawn). */
export class SignInRequiredError extends Error {
  constructor() {
    super("Your sign-in has expired. Sign in again to continue.");
    this.name = "SignInRequiredError";
  }
}

export interface ConsoleAuth {
  /**
   * Finishes a sign-in that came back from Microsoft (or finds the one from earlier in this tab). `returnTo` is the
   * console address the person was at when they chose Sign in. Throws SignInError when Microsoft refused.
   */
  start(): Promise<{ readonly account: SignedInAccount | null; readonly returnTo: string | null }>;
  /** Leaves for Microsoft's sign-in page; `chooseAccount` offers the account picker (to switch users). */
  signIn(returnTo: string, options?: { chooseAccount?: boolean }): Promise<void>;
  /** An access token for the API; `fresh` skips the cache. Throws SignInRequiredError. */
  token(fresh: boolean): Promise<string>;
  /** Ends the Microsoft session too, and comes back to the console's sign-in screen. */
  signOut(): Promise<void>;
}

