import { officeGlobal } from "./officeHost";

/**
 * Opens a page (a Salesforce record, the help) in the rep's browser. Outlook desktop ignores target=_blank inside the
 * pane on some platforms; openBrowserWindow (OpenBrowserWindowApi 1.1) always works where it exists.
 */
export function openInBrowser(url: string): void {
  const office = officeGlobal();
  try {
    if (office?.context?.requirements?.isSetSupported("OpenBrowserWindowApi", "1.1") && office.context.ui?.openBrowserWindow) {
      office.context.ui.openBrowserWindow(url);
      return;
    }
  } catch {
    /* fall through to the browser's own window */
  }
  window.open(url, "_blank", "noopener,noreferrer");
}
