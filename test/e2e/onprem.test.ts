/**
 * Reps of a company that runs its own Exchange set up sync in the real pane (headless Chromium, the product's Office.js
 * stand-in): email and password only with Autodiscover finding the server; a colleague on the remembered settings
 * (Autodiscover calls counted by the company's simulated network); a failed Autodiscover that names the field to ask
 * IT for; and a password change that asks for the new password only. The server runs in this process so it resolves
 * the company's host names through the same injected resolver the integration tests use; production code takes no
 * test switch. Screenshots go to test-output/onprem/.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { chromium } from "playwright-core";
import { projectRoot } from "../../server/paths";
import type { ExchangeSimulator } from "../simulators/exchange";
import type { DiscoveryNet } from "../simulators/exchange/discovery/discoveryNet";
import { chromiumLaunchOptions, screenshotPath } from "../support/browser";
import { dialogWindows, goThroughMicrosoft } from "../support/microsoftPages";
import { installOfficeStandIn, standInEmail } from "../support/officeStandIn";
import type { OnpremWorld } from "../support/onpremWorld";
import { startOnpremWorld } from "../support/onpremWorld";
import { openConsole } from "../support/consoleSignIn";
import { assertBuilt } from "../support/startedServer";
import type { SyncWorld } from "../support/syncWorld";

jest.setTimeout(240_000);

const PASSWORDS = { adele: "Adele#Onprem1", diego: "Diego#Onprem1", megan: "Megan#Onprem1" } as const;
type Rep = keyof typeof PASSWORDS;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath("onprem", name), fullPage: true, animations: "disabled" });
}

describe("the sidebar connects on-premises Exchange mailboxes (Chromium)", () => {
  let w: SyncWorld;
  let onprem: ExchangeSimulator;
  let net: DiscoveryNet;
  let browser: Browser;
  let company: OnpremWorld;
  // The in-process server serves the built pane; Office.js is the product's own stand-in (what demo mode serves).
  const standInOfficeJs = () => readFileSync(join(projectRoot, "dist", "demo", "office.js"));

  const mailboxOf = (email: string) => w.ts.server.services.mailboxes.findByEmail(w.world.contoso.tenantId, email);
  const tasks = () => w.world.salesforce.control.activities(w.world.salesforceOrgId).tasks;

  /** What the pane keeps where a password must never be: its storage, its roaming settings, its form fields. */
  async function paneKeeps(page: Page): Promise<string> {
    return page.evaluate(() => {
      const inputs = [...document.querySelectorAll("input")].map((i) => i.value);
      const control = (window as unknown as { __officeStandIn?: { roaming: Record<string, unknown> } }).__officeStandIn;
      return JSON.stringify({ session: { ...sessionStorage }, local: { ...localStorage }, roaming: control?.roaming ?? {}, inputs });
    });
  }

  beforeAll(async () => {
    assertBuilt();
    company = await startOnpremWorld({ messagesPerMailbox: 5, eventsPerMailbox: 1, reps: { passwords: PASSWORDS, seed: 7, messages: 20, events: 2 } });
    ({ w, onprem, net } = company);
    browser = await chromium.launch(chromiumLaunchOptions());
  });

  afterAll(async () => {
    await browser?.close();
    await company?.dispose();
  });

  it("(1) a rep connects with email and password only: Autodiscover finds the server", async () => {
    const { context: c, page } = await openPaneRouted("adele");
    await page.getByRole("heading", { name: "Log your customer emails automatically" }).waitFor();
    await shot(page, "01-setup-offers-onprem");
    const nextDialog = dialogWindows(page);
    await page.getByRole("button", { name: "Exchange (on-premises)" }).click();
    await goThroughMicrosoft(await nextDialog(), "adele@contoso.com");
    await page.getByRole("heading", { name: "Connect your Exchange mailbox" }).waitFor();
    expect(await page.getByLabel("Email").inputValue()).toBe("adele@contoso.com");
    // The optional server fields wait until the automatic way has failed.
    expect(await page.getByLabel(/EWS URL/).count()).toBe(0);
    await page.getByLabel("Password").fill(PASSWORDS.adele);
    await shot(page, "02-form-email-password");
    await page.getByRole("button", { name: "Test and save" }).click();
    await page.getByRole("heading", { name: "Sync is on" }).waitFor();
    await page.getByText("Sync is set up").waitFor();
    await shot(page, "03-connected-by-autodiscover");
    expect(net.calls()).toEqual({ "https://autodiscover.contoso.com": 1 });
    expect(await paneKeeps(page)).not.toContain(PASSWORDS.adele);
    expect(await mailboxOf("adele@contoso.com")).toMatchObject({ access: "onprem_password", provider: "ews" });
    expect((await w.syncThatRan("adele@contoso.com")).outcome).toBe("ok");
    // The first sync (started by the connect) logged the on-premises mailbox's customer mail: no other mailbox is connected.
    expect(tasks().length).toBeGreaterThan(0);
    await c.close();
  });

  it("(2) a colleague connects with no server fields: the remembered settings, no Autodiscover call", async () => {
    net.resetCalls();
    const { context, page } = await openPaneRouted("diego");
    const nextDialog = dialogWindows(page);
    // Set up sync itself knows the company runs its own Exchange: the form, not Microsoft's mailbox consent.
    await page.getByRole("button", { name: "Set up sync" }).click();
    await goThroughMicrosoft(await nextDialog(), "diego@contoso.com");
    await page.getByRole("heading", { name: "Connect your Exchange mailbox" }).waitFor();
    await page.getByText("Your company's Exchange server is already known from a colleague: enter your password.").waitFor();
    await page.getByLabel("Password").fill(PASSWORDS.diego);
    await shot(page, "04-colleague-remembered");
    await page.getByRole("button", { name: "Test and save" }).click();
    await page.getByRole("heading", { name: "Sync is on" }).waitFor();
    expect(net.totalCalls()).toBe(0);
    expect((await w.syncThatRan("diego@contoso.com")).outcome).toBe("ok");
    await context.close();
  });

  it("support sees the company's remembered Exchange settings in the console and clears them (audited)", async () => {
    const { context, page } = await openConsole(browser, w.url, "grady@contoso.com", { hash: "#/company-exchange" });
    await page.getByRole("heading", { name: "Company Exchange" }).waitFor();
    const row = page.getByRole("row").filter({ hasText: "contoso.com" });
    await row.waitFor();
    expect(await row.textContent()).toContain(onprem.ewsUrl);
    await shot(page, "11-console-company-exchange");
    await row.getByRole("button", { name: "Clear the settings of contoso.com" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Clear the settings of contoso.com?" });
    await dialog.waitFor();
    await shot(page, "12-console-clear-confirm");
    await dialog.getByRole("button", { name: "Clear" }).click();
    await page.getByText("Nothing remembered yet: no rep has connected an on-premises mailbox.").waitFor();
    await shot(page, "13-console-cleared");
    expect(await w.ts.server.services.onprem.companySettings(w.world.contoso.tenantId, "contoso.com")).toBeNull();
    const audit = await w.ts.server.services.db.query<{ actor: string; detail: Record<string, unknown> }>("select actor, detail from audit_log where action = 'onprem_settings.clear'");
    expect(audit).toEqual([{ actor: "grady@contoso.com", detail: expect.objectContaining({ emailDomain: "contoso.com", ewsUrl: onprem.ewsUrl }) }]);
    await context.close();
  });

  it("(3) Autodiscover fails: the pane names the field to ask IT for; the EWS URL and DOMAIN\\username connect", async () => {
    // Support cleared the company's settings (above) and the Autodiscover host is gone (the company moved its DNS, say).
    expect(await w.ts.server.services.onprem.companySettings(w.world.contoso.tenantId, "contoso.com")).toBeNull();
    net.setHost("autodiscover.contoso.com", "https", null);
    try {
      const { context, page } = await openPaneRouted("megan");
      const nextDialog = dialogWindows(page);
      await page.getByRole("button", { name: "Exchange (on-premises)" }).click();
      await goThroughMicrosoft(await nextDialog(), "megan@contoso.com");
      await page.getByRole("heading", { name: "Connect your Exchange mailbox" }).waitFor();
      await page.getByLabel("Password").fill(PASSWORDS.megan);
      await page.getByRole("button", { name: "Test and save" }).click();
      const alert = page.getByRole("alert").filter({ hasText: "Sync was not set up" });
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/could not find your Exchange server automatically.*Ask IT for your Exchange server's EWS URL/s);
      // What was tried is there for IT, folded under the sentence the rep acts on.
      const tried = alert.getByText(/What CRM Sync tried \(\d+\)/);
      expect(await alert.getByText("autodiscover.contoso.com/autodiscover/autodiscover.xml", { exact: false }).first().isVisible()).toBe(false);
      await tried.click();
      expect(await alert.locator("li").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("https://autodiscover.contoso.com/autodiscover/autodiscover.xml"), expect.stringContaining("_autodiscover._tcp.contoso.com")]));
      await page.getByLabel(/EWS URL/).waitFor();
      // The password was not kept for the second try: the rep types it again.
      expect(await page.getByLabel("Password").inputValue()).toBe("");
      await shot(page, "05-autodiscover-failed-names-field");
      expect(await mailboxOf("megan@contoso.com")).toBeNull();

      await page.getByLabel(/EWS URL/).fill(onprem.ewsUrl);
      await page.getByLabel(/Windows sign-in name/).fill("CONTOSO\\megan");
      await page.getByLabel("Password").fill(PASSWORDS.megan);
      await shot(page, "06-server-fields-filled");
      await page.getByRole("button", { name: "Test and save" }).click();
      await page.getByRole("heading", { name: "Sync is on" }).waitFor();
      await shot(page, "07-connected-with-server-fields");
      expect(await mailboxOf("megan@contoso.com")).toMatchObject({ access: "onprem_password", state: { status: "active" } });
      expect((await w.syncThatRan("megan@contoso.com")).outcome).toBe("ok");
      await context.close();
    } finally {
      net.setHost("autodiscover.contoso.com", "https", { kind: "autodiscover", simulatorUrl: onprem.url });
    }
  });

  it("(4) after a password change the pane asks for the new password only, and sync resumes with no duplicate", async () => {
    const before = tasks().length;
    onprem.control.changePassword("CONTOSO\\adele", "Adele#Onprem2");
    expect((await w.syncThatRan("adele@contoso.com")).verdict).toMatchObject({ kind: "attention", reason: "reconnect_required" });

    const { context, page } = await openPaneRouted("adele", { "crmSync.setUp": true });
    const nextDialog = dialogWindows(page);
    await page.getByRole("button", { name: "Sign in" }).click();
    await goThroughMicrosoft(await nextDialog(), "adele@contoso.com");
    await page.getByRole("heading", { name: "Enter your new password" }).waitFor();
    await shot(page, "08-password-refused");
    await page.getByRole("button", { name: "Enter new password" }).click();
    // The attention screen has the same heading: wait for the form itself, which loads on demand.
    await page.getByRole("textbox", { name: "New password" }).waitFor();
    // The new password only: no email, no server fields.
    expect(await page.locator("input").count()).toBe(1);
    await page.getByRole("textbox", { name: "New password" }).fill("Adele#Onprem2");
    await shot(page, "09-new-password-only");
    await page.getByRole("button", { name: "Save new password" }).click();
    await page.getByRole("heading", { name: "Sync is on" }).waitFor();
    await page.getByText("Sync resumes").waitFor();
    await shot(page, "10-sync-resumes");
    expect(await paneKeeps(page)).not.toContain("Adele#Onprem2");

    onprem.control.deliverMail("adele@contoso.com", { from: { name: "Buyer", email: "buyer@fabrikam.com" }, subject: "After the password change (e2e)" });
    expect((await w.syncThatRan("adele@contoso.com")).outcome).toBe("ok");
    // Only the new email: nothing logged before the change was logged again.
    expect(tasks().length).toBe(before + 1);
    expect(tasks().filter((t) => t.fields.Subject === "Email: After the password change (e2e)")).toHaveLength(1);
    await context.close();
  });

  /** The pane for `rep` with Office.js answered by the product's stand-in. */
  async function openPaneRouted(rep: Rep, roamingSettings?: Record<string, unknown>): Promise<{ context: BrowserContext; page: Page }> {
    const email = `${rep}@contoso.com`;
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 320, height: 800 } });
    await context.route("**/office-js/office.js", (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: standInOfficeJs() }));
    await installOfficeStandIn(context, { mailbox: { email, displayName: rep }, item: standInEmail("buyer@fabrikam.com", { to: [email] }), roamingSettings });
    const page = await context.newPage();
    await page.goto(`${w.url}/taskpane.html`);
    return { context, page };
  }
});
