/**
 * Where the sidebar gets access tokens for its own API (scope api://{clientId}/access_as_user), never ID tokens:
 * nested app authentication when Outlook offers it, an Office dialog otherwise.
 */
export interface TokenSource {
  readonly kind: "naa" | "dialog";
  /** A token without asking the rep anything, or null when they have to sign in. */
  silent(): Promise<string | null>;
  /** Asks the rep to sign in (a window opens): call it from a click. Throws SignInError. */
  interactive(): Promise<string>;
  /** Drops a token the API refused, so the next silent() does not return it again. */
  forget(): void;
}
