import { officeGlobal } from "./officeHost";

/**
 * Office dialog API error codes (docs: dialog-handle-errors). Opening: 12004 domain not trusted, 12005 not HTTPS,
 * 12007 a dialog is already open, 12009 the rep chose to ignore the dialog (Outlook on the web's pop-up prompt),
 * 12011 the browser blocks pop-ups. While open: 12002 page not found, 12003 mixed content, 12006 closed by the rep.
 */
export const dialogErrorCodes = {
  pageNotFound: 12002,
  mixedContent: 12003,
  untrustedDomain: 12004,
  httpsRequired: 12005,
  closedByUser: 12006,
  alreadyOpen: 12007,
  ignoredByUser: 12009,
  popupsBlocked: 12011,
} as const;

export type DialogProblem = "closed" | "blocked" | "already_open" | "failed" | "unavailable";

export class DialogError extends Error {
  constructor(
    readonly problem: DialogProblem,
    readonly code: number | null,
    message: string,
  ) {
    super(message);
    this.name = "DialogError";
  }
}

export function dialogErrorFor(code: number): DialogError {
  switch (code) {
    case dialogErrorCodes.closedByUser:
      return new DialogError("closed", code, "The window was closed before it finished. Nothing was changed; try again when you are ready.");
    case dialogErrorCodes.ignoredByUser:
    case dialogErrorCodes.popupsBlocked:
      return new DialogError(
        "blocked",
        code,
        "The sign-in window was blocked. Allow pop-up windows for Outlook (or choose Allow when Outlook asks), then try again.",
      );
    case dialogErrorCodes.alreadyOpen:
      return new DialogError("already_open", code, "A CRM Sync window is already open. Finish or close it, then try again.");
    default:
      return new DialogError("failed", code, `The sign-in window could not be shown (Office error ${code}). Try again; if it keeps happening, contact support.`);
  }
}

export interface DialogSize {
  /** Percent of the screen. */
  readonly height: number;
  readonly width: number;
}

export const defaultDialogSize: DialogSize = { height: 60, width: 30 };

/**
 * Opens `url` in an Office dialog and resolves with the first message it sends that `parse` understands; the dialog is
 * closed then. Messages from another origin than the pane's are ignored: only our own pages may answer.
 */
export function runDialog<T>(url: string, parse: (message: string) => T | null, size: DialogSize = defaultDialogSize): Promise<T> {
  const office = officeGlobal();
  const ui = office?.context?.ui;
  if (!office || typeof ui?.displayDialogAsync !== "function") {
    return Promise.reject(new DialogError("unavailable", null, "This needs Outlook: open CRM Sync from the Outlook ribbon."));
  }
  const ownOrigin = typeof location === "undefined" ? null : location.origin;
  return new Promise<T>((resolve, reject) => {
    ui.displayDialogAsync(url, { height: size.height, width: size.width, displayInIframe: false }, (opened) => {
      if (opened.status !== office.AsyncResultStatus.Succeeded) {
        reject(dialogErrorFor(opened.error?.code ?? 0));
        return;
      }
      const dialog = opened.value;
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        outcome();
      };
      dialog.addEventHandler(office.EventType.DialogMessageReceived, (arg) => {
        if (!("message" in arg)) return;
        if (arg.origin && ownOrigin && arg.origin !== ownOrigin) return;
        const parsed = parse(arg.message);
        if (parsed === null) return;
        finish(() => {
          dialog.close();
          resolve(parsed);
        });
      });
      dialog.addEventHandler(office.EventType.DialogEventReceived, (arg) => {
        if (!("error" in arg)) return;
        finish(() => reject(dialogErrorFor(arg.error)));
      });
    });
  });
}

/** Parses a JSON message, or null when it is not JSON (so an unrelated message is ignored, not fatal). */
export function jsonMessage(message: string): unknown {
  try {
    return JSON.parse(message) as unknown;
  } catch {
    return null;
  }
}
