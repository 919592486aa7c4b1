/**
 * A message the pane shows above the current screen after something happened (connected, declined, an error). It is
 * rendered in a live region, so screen readers hear it without moving focus.
 */
export interface Notice {
  readonly intent: "success" | "warning" | "error" | "info";
  readonly title?: string;
  readonly text: string;
  /** A link the rep has to forward (the admin-consent link): shown with a Copy link button. */
  readonly copyLink?: { readonly label: string; readonly url: string };
}
