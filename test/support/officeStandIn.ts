import type { Browser, BrowserContext, Page } from "playwright-core";
import type { OfficeStandInOptions, StandInItem } from "../../addin/demo/standIn/standInTypes";
import { standInGlobals } from "../../addin/demo/standIn/standInTypes";

export type { OfficeStandInOptions, StandInAddress, StandInControl, StandInItem } from "../../addin/demo/standIn/standInTypes";

/**
 * The pane in headless Chromium as it runs inside Outlook, with the product's own Office.js stand-in: demo mode serves
 * it at /demo/office.js (addin/demo/standIn, the same code the demo Outlook page hosts the pane with). A test tells it
 * who is signed in and what is open through window.__officeStandInOptions, set in every page and popup of the context
 * before any script runs; popups (the sign-in and connect dialogs) are dialogs whose messageParent reaches the pane.
 * window.__officeStandIn is the control (StandInControl): setItem, failNextDialog, openedUrls, roaming, naaRequests.
 */

/** Gives every page and popup of `context` the stand-in's options (the product in demo mode serves the stand-in). */
export async function installOfficeStandIn(context: BrowserContext, options: OfficeStandInOptions): Promise<void> {
  await context.addInitScript({ content: `window.${standInGlobals.options} = ${JSON.stringify(options)};` });
}

/** A task pane as Outlook shows it: Outlook's pane width (320 px), the stand-in installed, the pane loaded. */
export async function openPaneInOutlook(
  browser: Browser,
  productUrl: string,
  options: OfficeStandInOptions & { readonly width?: number },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: options.width ?? 320, height: 800 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: productUrl });
  await installOfficeStandIn(context, options);
  const page = await context.newPage();
  await page.goto(`${productUrl}/taskpane.html`);
  return { context, page };
}

/** An email as the stand-in's open item, with a Message-ID no other test uses unless one is given. */
export function standInEmail(from: string, others: { to?: string[]; cc?: string[]; subject?: string; internetMessageId?: string; body?: string } = {}): StandInItem {
  const nameOf = (email: string) => {
    const local = email.split("@")[0] ?? email;
    return local.charAt(0).toUpperCase() + local.slice(1);
  };
  const address = (email: string) => ({ email, name: nameOf(email) });
  return {
    subject: others.subject ?? "Quote for the spring order",
    from: address(from),
    to: (others.to ?? []).map(address),
    cc: (others.cc ?? []).map(address),
    internetMessageId: others.internetMessageId ?? `<e2e-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com>`,
    dateTimeCreated: new Date(Date.now() - 3600_000).toISOString(),
    body: others.body ?? "Hello,\nplease find the quote attached.\nBest regards",
  };
}
