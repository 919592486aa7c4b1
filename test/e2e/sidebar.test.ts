import type { Page } from "playwright-core";
import { screenshotPath } from "../support/browser";
import { demoProductSuite } from "../support/demoProductSuite";
import { dialogWindows, goThroughMicrosoft } from "../support/microsoftPages";
import { openPaneInOutlook, standInEmail } from "../support/officeStandIn";
import { simulatorUrl } from "../support/startedServer";

/**
 * The sidebar in headless Chromium against the product as `npm start` runs it in demo mode (Entra, Exchange and
 * Salesforce simulators), with Office.js stood in: a rep's first open, setting up sync through Microsoft's pages,
 * a revoked grant and Reconnect, a tenant that needs admin approval, the people on an email, and logging an email.
 * Screenshots go to test-output/sidebar/.
 */
jest.setTimeout(180_000);

async function shot(page: Page, name: string): Promise<void> {
  // Fluent's opening animations are run to their end, so a dialog is not caught half faded in.
  await page.screenshot({ path: screenshotPath("sidebar", name), fullPage: true, animations: "disabled" });
}

/** Reads a simulator's URL from the demo banner ("Entra ID    https://localhost:4001  (...)"). */

async function entraControl(entraUrl: string, operation: string, body: unknown): Promise<void> {
  const res = await fetch(`${entraUrl}/_control/${operation}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`Entra control ${operation} answered ${res.status}: ${await res.text()}`);
}

/** The API token the pane holds for its session (the dialog fallback keeps it in sessionStorage). */
async function paneToken(page: Page): Promise<string> {
  return page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith("crmSync.apiToken."));
    const stored = key ? (JSON.parse(sessionStorage.getItem(key) ?? "{}") as { accessToken?: string }) : {};
    if (!stored.accessToken) throw new Error("the pane holds no API token");
    return stored.accessToken;
  });
}

describe("the Outlook sidebar (demo mode, Office dialog fallback)", () => {
  // Sign-in redirects and simulator calls go to the ports this product bound, never to npm start's defaults.
  const suite = demoProductSuite("sidebar", { guardDefaultPorts: true });
  let entraUrl: string;
  let salesforceUrl: string;

  beforeAll(async () => {
    entraUrl = simulatorUrl(suite.product.output(), "Entra ID");
    salesforceUrl = simulatorUrl(suite.product.output(), "Salesforce");
  });

  it("first open: Set up sync, Microsoft's sign-in and consent in the dialog, then sync is on", async () => {
    const { context, page } = await openPaneInOutlook(suite.browser, suite.product.url, {
      mailbox: { email: "adele@contoso.com", displayName: "Adele Vance" },
      item: standInEmail("buyer@fabrikam.com", { to: ["adele@contoso.com"] }),
    });
    await page.getByRole("heading", { name: "Log your customer emails automatically" }).waitFor();
    await page.locator('button[aria-label="Menu"]:not([disabled])').waitFor();
    // Keyboard order: the menu first, then the screen's one action.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))).toMatch(/aria-label="Menu"/);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Set up sync");
    await shot(page, "01-first-open");

    // One click: the sign-in dialog (the pane's own token), then the connect dialog (the mailbox's access).
    const nextDialog = dialogWindows(page);
    await page.keyboard.press("Enter");
    const seen = await goThroughMicrosoft(await nextDialog(), "adele@contoso.com", {
      onPage: async (kind, p) => {
        if (kind === "consent") await shot(p, "02-consent-sidebar-sign-in");
      },
    });
    expect(seen).toContain("signin");
    await goThroughMicrosoft(await nextDialog(), "adele@contoso.com", {
      onPage: async (kind, p) => {
        if (kind === "consent") await shot(p, "03-consent-mailbox");
      },
    });

    await page.getByRole("heading", { name: "Sync is on" }).waitFor();
    await page.getByRole("button", { name: "Dismiss message" }).waitFor();
    await page.getByText("Sync is set up").waitFor();
    await page.getByText("adele@contoso.com will sync with Salesforce every 30 minutes").waitFor();
    // Focus moved to the new screen's heading, so a screen reader announces it.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Sync is on");
    await page.getByRole("list", { name: "Customers on this email" }).getByText("Bea Buyer").waitFor();
    await shot(page, "04-active");
    await context.close();
  });

  it("Sync now: asked twice within a minute, the pane says when to ask again", async () => {
    const { context, page } = await openPaneInOutlook(suite.browser, suite.product.url, {
      mailbox: { email: "adele@contoso.com" },
      item: null,
      roamingSettings: { "crmSync.setUp": true },
    });
    // A rep who set up sync before, in a new Outlook session: one sign-in, no set-up.
    await page.getByRole("heading", { name: "Sign in to see your sync" }).waitFor();
    const nextDialog = dialogWindows(page);
    await page.getByRole("button", { name: "Sign in" }).click();
    await goThroughMicrosoft(await nextDialog(), "adele@contoso.com");
    await page.getByRole("heading", { name: "Sync is on" }).waitFor();
    await page.getByText("Select an email to see its people in Salesforce.").waitFor();

    // Someone (another pane of the same rep) asked a moment ago: the server answers 429 with Retry-After.
    const first = await fetch(`${suite.product.url}/api/me/sync-now`, { method: "POST", headers: { authorization: `Bearer ${await paneToken(page)}` } });
    expect(first.status).toBe(202);
    await page.getByRole("button", { name: "Sync now" }).click();
    await page.getByText(/A sync was asked for less than a minute ago\. You can ask again in \d+ seconds\./).waitFor();
    expect(await page.getByRole("button", { name: /Sync now \(\d+ s\)/ }).isDisabled()).toBe(true);
    await shot(page, "05-sync-now-too-soon");
    await context.close();
  });

  it("a revoked grant: the pane asks to Reconnect, and Reconnect makes sync active again", async () => {
    // Short access tokens: the server's next sync must use its refresh token, which the revocation kills.
    await entraControl(entraUrl, "setTokenLifetimes", { accessTokenSeconds: 240 });
    try {
      const { context, page } = await openPaneInOutlook(suite.browser, suite.product.url, {
        mailbox: { email: "diego@contoso.com", displayName: "Diego Siciliani" },
        item: standInEmail("cto@fabrikam.com", { to: ["diego@contoso.com"] }),
      });
      const nextDialog = dialogWindows(page);
      await page.getByRole("button", { name: "Set up sync" }).click();
      await goThroughMicrosoft(await nextDialog(), "diego@contoso.com");
      await goThroughMicrosoft(await nextDialog(), "diego@contoso.com");
      await page.getByRole("heading", { name: "Sync is on" }).waitFor();

      await entraControl(entraUrl, "revokeSessions", { user: "diego@contoso.com", surfaceAs: 50173 });
      await page.getByRole("button", { name: "Sync now" }).click();
      await page.getByText("Sync requested: it starts within a minute.").waitFor();
      // The pane looks again shortly after a Sync now; the failed sync put the mailbox in attention.
      await page.getByRole("heading", { name: "Reconnect your mailbox" }).waitFor({ timeout: 90_000 });
      await page.getByText("You can fix this yourself.").waitFor();
      await shot(page, "06-reconnect-required");

      await page.getByRole("button", { name: "Reconnect" }).click();
      const seen = await goThroughMicrosoft(await nextDialog(), "diego@contoso.com");
      // The revocation ended Diego's Microsoft session too: he signs in again.
      expect(seen).toContain("signin");
      await page.getByRole("heading", { name: "Sync is on" }).waitFor();
      await page.getByText("Sync is set up").waitFor();
      await shot(page, "07-reconnected");
      await context.close();
    } finally {
      await entraControl(entraUrl, "setTokenLifetimes", { accessTokenSeconds: 3600 });
    }
  });

  it("a tenant that needs admin approval: the pane shows the link to send to an administrator", async () => {
    const { context, page } = await openPaneInOutlook(suite.browser, suite.product.url, {
      mailbox: { email: "alex@fabrikam.com", displayName: "Alex Wilber" },
      item: standInEmail("buyer@fabrikam.com", { to: ["alex@fabrikam.com"] }),
    });
    const nextDialog = dialogWindows(page);
    await page.getByRole("button", { name: "Set up sync" }).click();
    const seen = await goThroughMicrosoft(await nextDialog(), "alex@fabrikam.com", {
      onPage: async (kind, p) => {
        if (kind === "approval") await shot(p, "08-microsoft-need-admin-approval");
      },
    });
    expect(seen).toEqual(["signin", "approval"]);
    await page.getByText("Need admin approval?").first().waitFor();
    const link = `${suite.product.url}/api/connect/admin-consent?tenant=organizations`;
    const field = page.getByRole("textbox", { name: "Send this link to your administrator" });
    expect(await field.inputValue()).toBe(link);
    await page.getByRole("button", { name: "Copy link" }).click();
    await page.getByText("Link copied").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    // Still nothing set up: the rep can try again once the administrator approved.
    expect(await page.getByRole("button", { name: "Set up sync" }).isEnabled()).toBe(true);
    await shot(page, "09-need-admin-approval");
    // The link works: it starts the admin consent at Microsoft.
    const res = await fetch(link, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain(`${entraUrl}/organizations/`);
    await context.close();
  });

  /**
   * A new pane on `item` for a rep who set up sync before (Outlook's roaming settings say so): one sign-in. When an
   * earlier test did not set up this rep's sync (the test runs alone), it is set up here.
   */
  async function signedInPane(email: string, item: Parameters<typeof openPaneInOutlook>[2]["item"], extra: { theme?: "light" | "dark" } = {}) {
    const opened = await openPaneInOutlook(suite.browser, suite.product.url, { mailbox: { email }, item, roamingSettings: { "crmSync.setUp": true }, ...extra });
    const { page } = opened;
    const nextDialog = dialogWindows(page);
    await page.getByRole("button", { name: "Sign in" }).click();
    await goThroughMicrosoft(await nextDialog(), email);
    const active = page.getByRole("heading", { name: "Sync is on" });
    const setUp = page.getByRole("button", { name: "Set up sync" });
    await active.or(setUp).waitFor();
    if (await setUp.isVisible()) {
      await setUp.click();
      await goThroughMicrosoft(await nextDialog(), email);
      await active.waitFor();
      await page.getByRole("button", { name: "Dismiss message" }).click();
    }
    return opened;
  }

  /** Tasks in Contoso's Salesforce org whose subject is `subject`, read back from the simulator. */
  async function tasksWithSubject(subject: string): Promise<number> {
    const orgs = (await (await fetch(`${salesforceUrl}/_control/orgs`)).json()) as Array<{ orgId: string }>;
    const view = (await (await fetch(`${salesforceUrl}/_control/orgs/${orgs[0]?.orgId}/activities`)).json()) as { tasks: Array<{ fields: Record<string, unknown> }> };
    return view.tasks.filter((t) => String(t.fields.Subject ?? "").includes(subject)).length;
  }

  it("the people panel: a contact, a lead and a stranger (added as a lead), colleagues folded away", async () => {
    const item = standInEmail("buyer@fabrikam.com", { to: ["adele@contoso.com", "stranger@litware.com"], cc: ["lead@northwind.com", "diego@contoso.com"] });
    const { context, page } = await signedInPane("adele@contoso.com", item);
    const customers = page.getByRole("list", { name: "Customers on this email" });
    await customers.getByText("Bea Buyer").waitFor();

    const buyer = customers.getByRole("listitem").filter({ hasText: "buyer@fabrikam.com" });
    expect(await buyer.getByText("Contact", { exact: true }).isVisible()).toBe(true);
    expect(await buyer.getByText("Fabrikam", { exact: true }).isVisible()).toBe(true);
    expect(await buyer.getByText(/^Owner: /).isVisible()).toBe(true);
    const lead = customers.getByRole("listitem").filter({ hasText: "lead@northwind.com" });
    expect(await lead.getByText("Lee Lead").isVisible()).toBe(true);
    expect(await lead.getByText("Lead", { exact: true }).isVisible()).toBe(true);
    expect(await lead.getByText("Northwind Traders").isVisible()).toBe(true);
    const stranger = customers.getByRole("listitem").filter({ hasText: "stranger@litware.com" });
    expect(await stranger.getByText("Not in Salesforce").isVisible()).toBe(true);
    // Colleagues are folded away: Diego is listed only when the rep opens them.
    expect(await page.getByText("Colleagues (1)").isVisible()).toBe(true);
    expect(await page.getByText("diego@contoso.com").isVisible()).toBe(false);
    await shot(page, "10-people");

    // Open in Salesforce opens the record in the browser (Outlook's openBrowserWindow).
    await buyer.getByRole("link", { name: "Open Bea Buyer in Salesforce" }).click();
    const opened = await page.evaluate(() => (window as unknown as { __officeStandIn: { openedUrls: string[] } }).__officeStandIn.openedUrls);
    expect(opened).toEqual([expect.stringMatching(new RegExp(`^${salesforceUrl}/`))]);

    // Add as lead: the form checks what the server would refuse, then the stranger becomes a lead.
    await stranger.getByRole("button", { name: "Add Stranger as lead" }).click();
    const form = page.getByRole("form", { name: "Add stranger@litware.com as a lead" });
    await form.getByRole("textbox", { name: "Last name" }).fill("");
    await form.getByRole("button", { name: "Add lead" }).click();
    await form.getByText("Enter the last name.").waitFor();
    await shot(page, "11-add-lead-form");
    await form.getByRole("textbox", { name: "First name" }).fill("Sam");
    await form.getByRole("textbox", { name: "Last name" }).fill("Stranger");
    await form.getByRole("textbox", { name: "Company" }).fill("Litware");
    await form.getByRole("button", { name: "Add lead" }).click();
    await stranger.getByText("Sam Stranger").waitFor();
    expect(await stranger.getByText("Lead", { exact: true }).isVisible()).toBe(true);

    await page.getByText("Colleagues (1)").click();
    await page.getByText("diego@contoso.com").waitFor();
    await shot(page, "12-people-after-add-lead");
    await context.close();
  });

  it("an email the rep chooses while the pane is still opening is the one it shows", async () => {
    const { context, page } = await signedInPane("adele@contoso.com", null);
    await page.getByText("Select an email to see its people in Salesforce.").waitFor();
    // Opened again, the pane draws its email panel (no email open yet) and, before the panel's effects have run, the
    // rep chooses an email: Outlook's ItemChanged for it reaches no listener of the panel's.
    const item = standInEmail("buyer@fabrikam.com", { to: ["adele@contoso.com"], subject: "Chosen while the pane opened" });
    await context.addInitScript((chosen) => {
      const observer = new MutationObserver(() => {
        if (!document.body?.innerText.includes("Select an email to see its people in Salesforce.")) return;
        observer.disconnect();
        (window as unknown as { __officeStandIn: { setItem(i: unknown): void } }).__officeStandIn.setItem(chosen);
      });
      observer.observe(document, { childList: true, subtree: true, characterData: true });
    }, item);
    await page.reload();
    await page.getByRole("list", { name: "Customers on this email" }).getByText("Bea Buyer").waitFor();
    expect(await page.getByText("Select an email to see its people in Salesforce.").count()).toBe(0);
    await context.close();
  });

  it("Log this email: logged once, even when two panes log it at the same time; reopened, it says Logged", async () => {
    const subject = `Spring order ${Date.now()}`;
    const item = standInEmail("buyer@fabrikam.com", { to: ["adele@contoso.com"], cc: ["diego@contoso.com"], subject });
    // Two panes open on the same email before either logs it (two Outlook windows, or Adele and Diego).
    const adele = await signedInPane("adele@contoso.com", item);
    const diego = await signedInPane("diego@contoso.com", item);
    for (const { page } of [adele, diego]) await page.getByRole("button", { name: "Log this email" }).waitFor();
    await shot(adele.page, "13-log-this-email");

    await adele.page.getByRole("button", { name: "Log this email" }).click();
    await adele.page.getByText("Logged in Salesforce just now").waitFor();
    await diego.page.getByRole("button", { name: "Log this email" }).click();
    // Diego's click finds Adele's activity: the same record, not a second one.
    await diego.page.getByText("Logged in Salesforce", { exact: true }).waitFor();
    const linkOf = (page: Page) => page.getByRole("region", { name: "This email" }).getByRole("link", { name: "Open in Salesforce" }).getAttribute("href");
    expect(await linkOf(diego.page)).toBe(await linkOf(adele.page));
    expect(await tasksWithSubject(subject)).toBe(1);
    await shot(adele.page, "14-logged");

    // Reopened later, the pane asks the server and shows Logged without offering to log again.
    await adele.page.reload();
    await adele.page.getByText("Logged in Salesforce", { exact: true }).waitFor();
    expect(await adele.page.getByRole("button", { name: "Log this email" }).count()).toBe(0);
    expect(await tasksWithSubject(subject)).toBe(1);

    // The rep moves to another email (a pinned pane): only a stranger on it, so the server refuses and says why.
    const setItem = (item: unknown) =>
      adele.page.evaluate((i) => (window as unknown as { __officeStandIn: { setItem(i: unknown): void } }).__officeStandIn.setItem(i), item);
    await setItem(standInEmail("someone@gmail.com", { to: ["adele@contoso.com"], subject: "Hello from a stranger" }));
    await adele.page.getByText("Hello from a stranger").waitFor();
    await adele.page.getByRole("button", { name: "Log this email" }).click();
    await adele.page.getByText("No one on this email is in the CRM yet: add them as a lead first.").waitFor();
    await shot(adele.page, "15-no-crm-match");

    // Only colleagues on it: nothing to log, so the pane does not offer it.
    await setItem(standInEmail("megan@contoso.com", { to: ["adele@contoso.com"], subject: "Lunch?" }));
    await adele.page.getByText("No one outside your organisation is on this email.").waitFor();
    await adele.page.getByText("Only colleagues are on this email: there is nothing to log.").waitFor();
    expect(await adele.page.getByRole("button", { name: "Log this email" }).count()).toBe(0);
    await shot(adele.page, "16-only-colleagues");
    await adele.context.close();
    await diego.context.close();
  });

  it("Sync settings: checks the form, shows the server's refusal, saves", async () => {
    const { context, page } = await signedInPane("adele@contoso.com", null);
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("menuitem", { name: "Sync settings" }).click();
    const dialog = page.getByRole("dialog", { name: "Sync settings" });
    await dialog.getByRole("checkbox", { name: "Inbox" }).waitFor();
    for (const name of ["Inbox", "Sent Items", "Calendar"]) await dialog.getByRole("checkbox", { name }).uncheck();
    await dialog.getByRole("textbox", { name: "Never log these domains" }).fill("competitor.com\nnot a domain");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.getByText("Choose at least one folder.").waitFor();
    await dialog.getByText("Not a domain like fabrikam.com: not, a, domain").waitFor();
    await shot(page, "17-settings-invalid");

    await dialog.getByRole("checkbox", { name: "Inbox" }).check();
    await dialog.getByRole("textbox", { name: "Never log these domains" }).fill("competitor.com");
    await dialog.getByRole("textbox", { name: "Never log these addresses" }).fill("ceo@tailspin.com");
    await dialog.getByRole("radio", { name: /^Everything/ }).check();
    // The server refuses once (as it would a value it does not accept): its message is shown in the dialog.
    await page.route("**/api/me/settings", (route) =>
      route.request().method() === "PUT"
        ? route.fulfill({ status: 400, contentType: "application/json", body: JSON.stringify({ error: "invalid_request", message: "blockedDomains.0: must be a domain like fabrikam.com" }) })
        : route.continue(),
      { times: 1 },
    );
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.getByText("blockedDomains.0: must be a domain like fabrikam.com").waitFor();
    await dialog.getByRole("button", { name: "Save" }).click();
    await page.getByText("Sync settings saved. They apply from the next sync.").waitFor();
    expect(await dialog.count()).toBe(0);

    // Saved on the server: the dialog opens with them.
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("menuitem", { name: "Sync settings" }).click();
    await dialog.getByRole("checkbox", { name: "Inbox" }).waitFor();
    expect(await dialog.getByRole("checkbox", { name: "Sent Items" }).isChecked()).toBe(false);
    expect(await dialog.getByRole("textbox", { name: "Never log these domains" }).inputValue()).toBe("competitor.com");
    expect(await dialog.getByRole("radio", { name: /^Everything/ }).isChecked()).toBe(true);
    await shot(page, "18-settings-saved");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await context.close();
  });

  it("dark theme, and Disconnect after a confirmation", async () => {
    const item = standInEmail("ceo@tailspin.com", { to: ["adele@contoso.com"], cc: ["hello@adventure-works.com"] });
    const { context, page } = await signedInPane("adele@contoso.com", item, { theme: "dark" });
    await page.getByRole("list", { name: "Customers on this email" }).getByText("Tia Spin").waitFor();
    const background = await page.evaluate(() => getComputedStyle(document.querySelector(".fui-FluentProvider") as Element).backgroundColor);
    expect(background).not.toBe("rgb(255, 255, 255)");
    await shot(page, "19-dark");

    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("menuitem", { name: "Help" }).click();
    const opened = await page.evaluate(() => (window as unknown as { __officeStandIn: { openedUrls: string[] } }).__officeStandIn.openedUrls);
    expect(opened).toEqual([`${suite.product.url}/help.html`]);
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("menuitem", { name: "Disconnect" }).waitFor();
    await page.waitForTimeout(300); // the menu's fade-in
    await shot(page, "20-menu");
    await page.getByRole("menuitem", { name: "Disconnect" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Disconnect sync?" });
    await confirm.getByText("deletes its access to your mailbox for good").waitFor();
    await shot(page, "21-disconnect-confirm");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("heading", { name: "Sync is on" }).waitFor();

    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("menuitem", { name: "Disconnect" }).click();
    await confirm.getByRole("button", { name: "Disconnect" }).click();
    await page.getByRole("heading", { name: "Log your customer emails automatically" }).waitFor();
    await page.getByText("CRM Sync no longer has access to your mailbox.").waitFor();
    await shot(page, "22-disconnected");
    const mailbox = await fetch(`${suite.product.url}/api/me/mailbox`, { headers: { authorization: `Bearer ${await paneToken(page)}` } });
    expect(await mailbox.json()).toEqual({ mailbox: null, crm: { state: "connected" } });
    await context.close();
  });
});
