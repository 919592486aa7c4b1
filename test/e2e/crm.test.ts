import type { Page } from "playwright-core";
import type { MailboxListResponse } from "../../server/api/consoleContract";
import { screenshotPath } from "../support/browser";
import { demoProductSuite } from "../support/demoProductSuite";
import type { ConsoleWindow } from "../support/consoleSignIn";
import { openConsole } from "../support/consoleSignIn";
import { dialogWindows, goThroughMicrosoft } from "../support/microsoftPages";
import { openPaneInOutlook, standInEmail } from "../support/officeStandIn";
import { simulatorUrl } from "../support/startedServer";

/**
 * Issue #13 end to end in headless Chromium, against the product as `npm start` runs it in demo mode: Contoso's admin
 * connects the organisation's Salesforce from the console (the simulator's login and Allow pages), preflight names the
 * missing activity key field with its fix, the field is added and "Check Salesforce" turns green; a rep's mailbox logs
 * its customer mail; Salesforce revokes the refresh token, the console says "CRM disconnected" and the rep's sidebar
 * says the admin must reconnect; the admin reconnects and the mail that arrived meanwhile is logged once, with no
 * duplicate in Salesforce. Screenshots go to test-output/crm/.
 */
jest.setTimeout(420_000);

const admin = "megan@contoso.com";
const rep = "adele@contoso.com";
const customer = "buyer@fabrikam.com";

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath("crm", name), fullPage: true, animations: "disabled" });
}

async function call(url: string, method: string, body?: unknown, token?: string): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

interface SimTask {
  readonly fields: Record<string, unknown>;
}

/** Waits for `probe` to answer something other than null, trying again every second, up to `ms`. */
async function eventually<T>(what: string, ms: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

describe("an admin connects the organisation's Salesforce from the console (demo mode)", () => {
  const suite = demoProductSuite("crm");
  let salesforceUrl: string;
  let exchangeUrl: string;
  let orgId: string;
  let sfAdmin: string;

  beforeAll(async () => {
    salesforceUrl = simulatorUrl(suite.product.output(), "Salesforce");
    exchangeUrl = simulatorUrl(suite.product.output(), "Exchange").replace(/\/EWS\/Exchange\.asmx$/i, "");
    const orgs = (await call(`${salesforceUrl}/_control/orgs`, "GET")) as Array<{ orgId: string; admin: { username: string } }>;
    orgId = orgs[0]?.orgId ?? "";
    sfAdmin = orgs[0]?.admin.username ?? "";
    // A browser, not a script, signs in at Salesforce here: the simulator shows its login and Allow pages.
    await call(`${salesforceUrl}/_control/authorize-pages`, "PUT", { on: true });
  });

  const sf = (path: string, method = "GET", body?: unknown) => call(`${salesforceUrl}/_control${path}`, method, body);
  const tasks = async () => ((await sf(`/orgs/${orgId}/activities`)) as { tasks: SimTask[] }).tasks;
  const keyField = (object: "Task" | "Event") => ({ object, name: "Sync_Key__c", label: "Sync Key", length: 255, externalId: true, unique: true });

  /** At Salesforce's page: who signs in, then Allow or Deny; the browser comes back to the console's CRM page. */
  async function atSalesforce(page: Page, decision: "Allow" | "Deny", screenshot?: string): Promise<void> {
    await page.waitForURL(`${salesforceUrl}/**`);
    await page.getByRole("heading", { name: "Allow Access?" }).waitFor();
    await page.getByLabel("Username").fill(sfAdmin);
    if (screenshot) await shot(page, screenshot);
    await page.getByRole("button", { name: decision }).click();
    await page.waitForURL(`${suite.product.url}/console.html#/crm**`);
  }

  it("connect, fix the key field, log, lose the token, reconnect: the backlog arrives once", async () => {
    // The org lacks the activity key field: preflight must name it.
    await sf(`/orgs/${orgId}/fields/Task/Sync_Key__c`, "DELETE");
    await sf(`/orgs/${orgId}/fields/Event/Sync_Key__c`, "DELETE");

    const con: ConsoleWindow = await openConsole(suite.browser, suite.product.url, admin, { hash: "#/crm" });
    const page = con.page;
    await page.getByRole("heading", { name: "CRM", exact: true }).waitFor();

    // The demo starts with Salesforce connected; the admin disconnects it, so the tenant has no CRM.
    await page.getByRole("button", { name: "Disconnect" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Disconnect Salesforce?" });
    await confirm.getByText(/revoked at Salesforce/).waitFor();
    await confirm.getByRole("button", { name: "Disconnect" }).click();
    await page.getByRole("form", { name: "Connect Salesforce" }).waitFor();
    await page.getByText("No mailbox can log anything until a Sync.Admin connects").waitFor();
    // The Disconnect button went with the connection: focus is on the page's heading, not lost on the body.
    await page.waitForFunction(() => document.activeElement?.tagName === "H2" && document.activeElement.textContent === "CRM");
    const revokedAtSalesforce = (await sf("/refresh-tokens/revoked")) as { revoked: number };
    expect(revokedAtSalesforce.revoked).toBeGreaterThan(0);
    await shot(page, "01-no-crm-connect-form");

    // 1. A first attempt, denied at Salesforce: the console says so plainly.
    await page.getByRole("button", { name: "Connect Salesforce" }).click();
    await atSalesforce(page, "Deny", "02-salesforce-allow-access");
    // The server's message (it says you chose Deny) under the console's title.
    const denied = page.getByRole("status").filter({ hasText: "Salesforce was not connected" });
    await denied.waitFor();
    expect(await denied.innerText()).toMatch(/Deny/);
    await shot(page, "03-denied");

    // Then allowed.
    await page.getByRole("button", { name: "Connect Salesforce" }).click();
    await atSalesforce(page, "Allow");
    await page.getByText("Salesforce is connected").waitFor();
    const facts = page.getByRole("definition");
    await facts.filter({ hasText: orgId.slice(0, 15) }).first().waitFor();
    await facts.filter({ hasText: sfAdmin }).first().waitFor();

    // 2. Preflight: the missing key field, with its fix; the others pass.
    const checks = page.getByRole("list", { name: "Salesforce checks" });
    const keyLine = checks.locator('[data-check="key_field"]');
    await keyLine.waitFor();
    expect(await keyLine.getAttribute("data-status")).toBe("failed");
    expect(await keyLine.innerText()).toMatch(/Sync_Key__c/);
    expect(await keyLine.innerText()).toMatch(/Fix: /);
    await shot(page, "04-preflight-key-field-missing");

    await sf(`/orgs/${orgId}/fields`, "POST", keyField("Task"));
    await sf(`/orgs/${orgId}/fields`, "POST", keyField("Event"));
    await page.getByRole("button", { name: "Check Salesforce" }).click();
    await page.getByText(/^All \d+ checks passed\.$/).waitFor();
    expect(await keyLine.getAttribute("data-status")).toBe("passed");
    expect(await checks.locator('[data-status="failed"]').count()).toBe(0);
    await shot(page, "05-checks-green");

    // 3. A rep sets up sync in Outlook; their customer mail is logged.
    const { context: paneContext, page: pane } = await openPaneInOutlook(suite.browser, suite.product.url, {
      mailbox: { email: rep, displayName: "Adele Vance" },
      item: standInEmail(customer, { to: [rep] }),
    });
    const nextDialog = dialogWindows(pane);
    await pane.getByRole("button", { name: "Set up sync" }).click();
    await goThroughMicrosoft(await nextDialog(), rep);
    await goThroughMicrosoft(await nextDialog(), rep);
    await pane.getByRole("heading", { name: "Sync is on" }).waitFor();
    await pane.getByRole("button", { name: "Sync now" }).click();
    const firstRun = await eventually("the rep's first sync to log customer mail", 150_000, async () => {
      const t = await tasks();
      return t.length > 0 ? t : null;
    });
    await pane.getByRole("list", { name: "Customers on this email" }).getByText("Bea Buyer").waitFor();
    await shot(pane, "06-pane-connected-320");

    // 4. Mail keeps arriving; Salesforce revokes the refresh token (an admin there, or 30 days idle).
    const backlogSubject = `Backlog order ${Date.now()}`;
    await call(`${exchangeUrl}/_control/mailboxes/${encodeURIComponent(rep)}/messages`, "POST", {
      from: { name: "Bea Buyer", email: customer },
      to: [{ name: "Adele Vance", email: rep }],
      subject: backlogSubject,
      body: "Please confirm the order.",
    });
    await sf("/refresh-tokens/revoke", "POST", { orgId });
    const token = await con.bearer();
    const list = (await call(`${suite.product.url}/api/console/mailboxes?q=${encodeURIComponent(rep)}`, "GET", undefined, token)) as MailboxListResponse;
    const mailboxId = list.items[0]?.id ?? "";
    await call(`${suite.product.url}/api/console/mailboxes/${encodeURIComponent(mailboxId)}/sync-now`, "POST", undefined, token);

    await page.getByRole("navigation", { name: "Console sections" }).getByText("Overview").click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await eventually("the overview to say CRM disconnected", 150_000, async () => {
      if (await page.getByText("CRM disconnected", { exact: true }).first().isVisible()) return true;
      await page.getByRole("button", { name: "Refresh" }).click();
      return null;
    });
    await page.getByRole("link", { name: "Reconnect Salesforce" }).waitFor();
    await shot(page, "07-overview-crm-disconnected");

    // The rep's sidebar says who must act, instead of an error.
    await pane.reload();
    const notice = pane.getByTestId("crm-notice");
    await notice.getByText(/admin must reconnect Salesforce/i).waitFor();
    await pane.getByRole("heading", { name: "Sync is waiting for Salesforce" }).waitFor();
    expect(await pane.getByRole("button", { name: "Sync now" }).count()).toBe(0);
    // The people panel and Log this email say who acts too, and nothing in the pane is an error (its alert region stays empty).
    await pane.getByText("No Salesforce records for now").waitFor();
    await pane.getByText(/^Not logged: Your admin must reconnect Salesforce/).waitFor();
    expect((await pane.getByRole("alert").allInnerTexts()).join("").trim()).toBe("");
    await shot(pane, "08-pane-admin-must-reconnect-320");
    expect(((await tasks()).filter((t) => String(t.fields.Subject ?? "").includes(backlogSubject))).length).toBe(0);

    // 5. The admin reconnects; the mail that waited is logged once, and nothing twice.
    await page.getByRole("link", { name: "Reconnect Salesforce" }).click();
    await page.getByRole("heading", { name: "CRM", exact: true }).waitFor();
    await page.getByRole("button", { name: "Reconnect" }).click();
    const reconnect = page.getByRole("dialog", { name: "Reconnect Salesforce" });
    await reconnect.getByText(/replaces the current one/).waitFor();
    await shot(page, "09-reconnect-dialog");
    await reconnect.getByRole("button", { name: "Connect Salesforce" }).click();
    await atSalesforce(page, "Allow");
    await page.getByText("Salesforce is connected").waitFor();
    await shot(page, "10-reconnected");

    const after = await eventually("the backlog to be logged after the reconnect", 150_000, async () => {
      const t = await tasks();
      return t.some((x) => String(x.fields.Subject ?? "").includes(backlogSubject)) ? t : null;
    });
    expect(after.filter((t) => String(t.fields.Subject ?? "").includes(backlogSubject))).toHaveLength(1);
    const keys = after.map((t) => String(t.fields.Sync_Key__c ?? ""));
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of firstRun) expect(keys).toContain(String(t.fields.Sync_Key__c ?? ""));

    await pane.reload();
    await pane.getByRole("heading", { name: "Sync is on" }).waitFor();
    expect(await pane.getByTestId("crm-notice").count()).toBe(0);
    await paneContext.close();
    await con.context.close();
  });
});
