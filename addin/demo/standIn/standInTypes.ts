/**
 * What the demo's Office.js stand-in is told about the Outlook around the pane: the signed-in mailbox, the open item,
 * the theme, whether nested app authentication is offered, and the roaming settings. The demo Outlook page gives it
 * these (window.__demoOutlook in the parent frame); the end-to-end tests give them in window.__officeStandInOptions.
 */
export interface StandInAddress {
  readonly name?: string;
  readonly email: string;
}

export interface StandInItem {
  readonly itemType?: "message" | "appointment";
  /** Compose mode: recipients are objects with getAsync, and there is no Internet Message-ID yet. */
  readonly compose?: boolean;
  readonly subject?: string;
  readonly from?: StandInAddress;
  readonly to?: readonly StandInAddress[];
  readonly cc?: readonly StandInAddress[];
  readonly internetMessageId?: string;
  /** ISO date-time. */
  readonly dateTimeCreated?: string;
  readonly body?: string;
}

export interface OfficeStandInOptions {
  readonly mailbox: { readonly email: string; readonly displayName?: string };
  readonly item?: StandInItem | null;
  /** Outlook's theme colours: "dark" gives the pane a near-black background, as Outlook's dark mode does. */
  readonly theme?: "light" | "dark";
  /** Offer NestedAppAuth 1.1 (the pane then signs in through window.nestedAppAuthBridge, not the dialog). */
  readonly nestedAppAuth?: boolean;
  /** Roaming settings as Outlook keeps them for this mailbox. */
  readonly roamingSettings?: Record<string, unknown>;
}

/** What the host (the demo page, or a test through page.evaluate) can do to the stand-in: window.__officeStandIn. */
export interface StandInControl {
  /** The rep selects another item (a pinned pane gets ItemChanged). */
  setItem(item: StandInItem | null): void;
  /** The next displayDialogAsync fails to open with this Office error code (12007, 12009, 12011...). */
  failNextDialog(code: number): void;
  /** URLs the pane asked Outlook to open in the browser (openBrowserWindow). */
  readonly openedUrls: string[];
  readonly roaming: Record<string, unknown>;
  /** How the pane got its API token, in order ("naa-silent", "naa-popup"), so a test can tell NAA from the dialog. */
  readonly naaRequests: string[];
}

/** The demo Outlook page, as the pane's frame sees it (window.parent.__demoOutlook). */
export interface DemoOutlookHost {
  readonly options: OfficeStandInOptions;
  /** The stand-in in the pane's frame announces itself, so the page can tell it about newly selected items. */
  attach(control: StandInControl): void;
  /** Roaming settings saved (saveAsync): the page keeps them per mailbox, as Exchange does. */
  saveRoaming(values: Record<string, unknown>): void;
}

export const standInGlobals = {
  options: "__officeStandInOptions",
  control: "__officeStandIn",
  host: "__demoOutlook",
} as const;
