import type { Page } from "playwright-core";
import type { MailboxListResponse } from "../../server/api/consoleContract";
import { screenshotPath } from "../support/browser";
import { openConsole } from "../support/consoleSignIn";
import { demoProductSuite } from "../support/demoProductSuite";

/**
 * The move from EWS to Microsoft Graph as an admin sees it in the console, in headless Chromium against the demo
 * (`npm start`): Woodgrove's Exchange Online blocks EWS, so the two mailboxes its admin activated over EWS move to
 * Graph by themselves (audited as "system"); the admin switches the organisation's transport to Graph on the overview,
 * then moves one mailbox to EWS and back from its details. Screenshots go to test-output/transport/.
 */
jest.setTimeout(300_000);


async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath("transport", name), fullPage: true, animations: "disabled" });
}

describe("moving mailboxes to Microsoft Graph in the console (demo mode)", () => {
  const suite = demoProductSuite("transport");

  it("Woodgrove's EWS is blocked: its mailboxes move to Graph by themselves; the admin sets Graph for the organisation and moves one mailbox", async () => {
    expect(suite.product.output()).toMatch(/Woodgrove, a second organisation whose Exchange Online blocks EWS/);
    const { context, page, bearer } = await openConsole(suite.browser, suite.product.url, "admin@woodgrove.com", { width: 1280 });
    await page.getByRole("heading", { name: "Overview" }).waitFor();

    // The scheduler's first turns (every minute) find EWS blocked and move both mailboxes to Graph.
    const token = await bearer();
    const onGraph = async () => {
      const res = await fetch(`${suite.product.url}/api/console/mailboxes?provider=graph&status=active`, { headers: { authorization: `Bearer ${token}` } });
      return ((await res.json()) as MailboxListResponse).items.filter((m) => m.lastSyncAt).map((m) => m.email);
    };
    for (let i = 0; i < 150 && (await onGraph()).length < 2; i++) await page.waitForTimeout(1000);
    expect((await onGraph()).sort()).toEqual(["kai@woodgrove.com", "lina@woodgrove.com"]);

    const nav = page.getByRole("navigation", { name: "Console sections" });
    await nav.getByText("Mailboxes").click();
    const table = page.getByRole("table", { name: "Mailboxes" });
    for (const email of ["kai@woodgrove.com", "lina@woodgrove.com"]) {
      const row = table.getByRole("row").filter({ hasText: email });
      await row.getByText("Graph", { exact: true }).waitFor();
      await row.getByText("Active", { exact: true }).waitFor();
    }
    await shot(page, "01-woodgrove-mailboxes-on-graph");

    // The audit log says who moved them and why.
    await nav.getByText("Audit log").click();
    const audit = page.getByRole("table").filter({ hasText: "mailbox.transport" });
    const moves = audit.getByRole("row").filter({ hasText: "mailbox.transport" }).filter({ hasText: "system" });
    await moves.first().waitFor();
    expect(await moves.count()).toBe(2);
    expect(await moves.first().innerText()).toMatch(/ews_blocked/);
    await shot(page, "02-audit-moved-by-system");

    // Woodgrove's activities go to its own Salesforce org, not to Contoso's.
    await nav.getByText("CRM", { exact: true }).click();
    await page.getByText("crm-admin@woodgrove.com.crm", { exact: false }).waitFor();

    // The organisation still says EWS for new mailboxes: the admin switches it to Graph.
    await nav.getByText("Overview").click();
    const group = page.getByRole("radiogroup", { name: "Transport for new mailboxes" });
    await group.waitFor();
    expect(await group.getByRole("radio", { checked: true }).getAttribute("value")).toBe("ews");
    await group.getByRole("radio", { name: /^Microsoft Graph/ }).check();
    await page.getByRole("button", { name: "Save transport" }).click();
    await page.getByText("New mailboxes of your organisation use Microsoft Graph from now on.").first().waitFor();
    await group.getByRole("radio", { name: /Microsoft Graph \(current\)/ }).waitFor();
    expect(await page.getByRole("button", { name: "Save transport" }).isDisabled()).toBe(true);
    await shot(page, "03-organisation-transport-graph");

    // One mailbox to EWS and back, from its details: each move asks first and says what happens. Paused first, so no
    // sync over the blocked EWS moves it back in between (which the product would do, by itself).
    await nav.getByText("Mailboxes").click();
    await table.getByRole("row").filter({ hasText: "kai@woodgrove.com" }).getByRole("link", { name: "kai@woodgrove.com" }).click();
    const drawer = page.getByRole("dialog", { name: "kai@woodgrove.com" });
    const actions = drawer.getByRole("toolbar", { name: "Mailbox actions" });
    await actions.getByRole("button", { name: "Pause" }).click();
    await page.getByRole("alertdialog", { name: "Pause sync?" }).getByRole("button", { name: "Pause" }).click();
    await actions.getByRole("button", { name: "Resume" }).waitFor();
    await actions.getByRole("button", { name: "Move to EWS" }).click();
    const confirmEws = page.getByRole("alertdialog", { name: "Move to Exchange Web Services?" });
    await confirmEws.getByText(/not logged twice/).waitFor();
    await shot(page, "04-move-to-ews-confirm");
    await confirmEws.getByRole("button", { name: "Move to Exchange Web Services" }).click();
    await page.getByText("kai@woodgrove.com now syncs over EWS.", { exact: false }).first().waitFor();
    await drawer.getByText("Exchange Web Services", { exact: true }).waitFor();

    await actions.getByRole("button", { name: "Move to Graph" }).click();
    const confirmGraph = page.getByRole("alertdialog", { name: "Move to Microsoft Graph?" });
    await confirmGraph.getByRole("button", { name: "Move to Microsoft Graph" }).click();
    await page.getByText("kai@woodgrove.com now syncs over Microsoft Graph.", { exact: false }).first().waitFor();
    await drawer.getByText("Microsoft Graph", { exact: true }).waitFor();
    await actions.getByRole("button", { name: "Move to EWS" }).waitFor();
    await shot(page, "05-moved-back-to-graph");
    await actions.getByRole("button", { name: "Resume" }).click();
    await actions.getByRole("button", { name: "Pause" }).waitFor();
    await drawer.getByRole("button", { name: "Close" }).click();
    await drawer.waitFor({ state: "detached" });

    await nav.getByText("Audit log").click();
    const byAdmin = page.getByRole("row").filter({ hasText: "mailbox.transport" }).filter({ hasText: "admin@woodgrove.com" });
    await byAdmin.first().waitFor();
    expect(await byAdmin.count()).toBe(2);
    await page.getByRole("row").filter({ hasText: "tenant.transport" }).first().waitFor();
    await context.close();
  });
});
