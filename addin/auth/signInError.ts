/**
 * Why signing in to the sidebar did not give a token, in the terms the pane acts on:
 * - declined: Entra answered access_denied. It answers the same when the rep chose Cancel and when they left the
 *   "Need admin approval" page, so the pane offers the admin-consent link either way.
 * - cancelled: the rep closed the window.
 * - blocked: the window could not open (pop-ups blocked, another dialog open).
 * - failed: anything else, with a message for the rep.
 */
export type SignInProblem = "declined" | "cancelled" | "blocked" | "failed";

export class SignInError extends Error {
  constructor(
    readonly problem: SignInProblem,
    message: string,
  ) {
    super(message);
    this.name = "SignInError";
  }
}

export const declinedMessage =
  "Microsoft did not sign you in to CRM Sync. If it said \"Need admin approval\", your organisation lets only administrators allow apps like this one.";

/** AADSTS codes that mean "someone has to consent first" (user declined, admin approval, consent missing). */
const consentCodes = /AADSTS(65004|90094|90095|65001)\b/;

/** MSAL errors (from a popup under NAA, or the dialog page's redirect) in the pane's terms. */
export function signInErrorFromMsal(err: unknown): SignInError {
  const e = (err ?? {}) as { errorCode?: string; errorMessage?: string; message?: string };
  const code = e.errorCode ?? "";
  const text = `${e.errorMessage ?? ""} ${e.message ?? ""}`;
  if (code === "access_denied" || code === "consent_required" || consentCodes.test(text)) return new SignInError("declined", declinedMessage);
  if (code === "user_cancelled" || code === "popup_window_error_closed") {
    return new SignInError("cancelled", "The sign-in window was closed before it finished. Choose the button again when you are ready.");
  }
  if (code === "popup_window_error" || code === "empty_window_error") {
    return new SignInError("blocked", "The sign-in window was blocked. Allow pop-up windows for Outlook, then try again.");
  }
  const detail = (e.errorMessage ?? e.message ?? "").split(/\r?\n/)[0]?.trim().replace(/\.+$/, "");
  return new SignInError("failed", `Signing in did not work${detail ? `: ${detail}` : ""}. Try again; if it keeps happening, contact support.`);
}
