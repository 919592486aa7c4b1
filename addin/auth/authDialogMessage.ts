/**
 * What the sign-in dialog page (auth/dialog.html) tells the pane through Office's messageParent. Only an access token
 * for the API crosses; the ID token stays in the dialog.
 */
export type AuthDialogMessage =
  | { readonly type: "crm-sync-token"; readonly accessToken: string; readonly expiresOn: number }
  | { readonly type: "crm-sync-sign-in-failed"; readonly problem: "declined" | "failed"; readonly message: string };

export function parseAuthDialogMessage(message: string): AuthDialogMessage | null {
  let value: Partial<Record<string, unknown>>;
  try {
    value = JSON.parse(message) as Partial<Record<string, unknown>>;
  } catch {
    return null;
  }
  if (!value || typeof value !== "object") return null;
  if (value.type === "crm-sync-token" && typeof value.accessToken === "string" && value.accessToken && typeof value.expiresOn === "number") {
    return { type: "crm-sync-token", accessToken: value.accessToken, expiresOn: value.expiresOn };
  }
  if (value.type === "crm-sync-sign-in-failed" && (value.problem === "declined" || value.problem === "failed") && typeof value.message === "string") {
    return { type: "crm-sync-sign-in-failed", problem: value.problem, message: value.message };
  }
  return null;
}
