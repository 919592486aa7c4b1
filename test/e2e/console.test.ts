import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import type { ActivationJobView, MailboxDetail, MailboxListResponse } from "../../server/api/consoleContract";
import { screenshotPath } from "../support/browser";
import { openConsole } from "../support/consoleSignIn";
import { demoProductSuite } from "../support/demoProductSuite";
import { demoPassword } from "../support/microsoftPages";
import { simulatorUrl } from "../support/startedServer";

/**
 * The support and admin console in headless Chromium against the product as `npm start` runs it in demo mode (Entra,
 * Exchange and Salesforce simulators): Contoso's admin grants admin consent and mass-activates 500 mailboxes from a CSV
 * with three bad rows; a support engineer finds a mailbox needing attention, reads its remedy and retries it; a rep
 * without a console role gets the page that says which role to ask for. Screenshots go to test-output/console/.
 * The admin starts from a product no one has consented in yet, and the support engineer from a mailbox already
 * activated, so each has a product of its own: neither depends on the other having run first.
 */
jest.setTimeout(300_000);

const contosoTenant = "5d2f3c41-7a0e-4c7b-9d1a-0c0a7e5b2f11";
// The demo world's app registration (test/simulators/world/entraWorld.ts): the app the access policy names.
const ourAppId = "0f1e2d3c-4b5a-4697-8a8b-9c0d1e2f3a44";
/** The rep mailboxes the admin's CSV activates: rep001..rep497@contoso.com, created in Exchange first. */
const goodRows = 497;
const rep = (n: number) => `rep${String(n).padStart(3, "0")}@contoso.com`;
/** The mailbox the support engineer troubleshoots (its EWS access gets blocked after activation). */
const troubled = rep(10);

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath("console", name), fullPage: true, animations: "disabled" });
}

async function exchangeControl(exchangeUrl: string, method: "POST" | "PATCH" | "DELETE", path: string, body: unknown): Promise<void> {
  const res = await fetch(`${exchangeUrl}/_control${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`Exchange control ${method} ${path} answered ${res.status}: ${await res.text()}`);
}

/** Microsoft's admin-consent page in `tab` (opened from the console's link): signs in if asked, and accepts. */
async function acceptAdminConsent(tab: Page, onConsentPage: () => Promise<void> = async () => undefined): Promise<void> {
  await tab.locator("form#signin, form#consent").first().waitFor();
  if (await tab.locator("form#signin").isVisible()) {
    await tab.locator('input[name="passwd"]').fill(demoPassword);
    await tab.getByRole("button", { name: "Sign in" }).click();
  }
  await tab.locator("form#consent").waitFor();
  await onConsentPage();
  await tab.getByRole("button", { name: "Accept" }).click();
  await tab.getByText("Your organisation has allowed CRM Sync").waitFor();
}

/** The CSV an admin would export from their directory: 497 good rows and, at lines 101, 251 and 401, three bad ones. */
function activationCsv(): { text: string; bad: { line: number; email: string }[] } {
  const lines = ["email,display_name"];
  const bad = [
    { line: 101, email: "not-an-address" },
    { line: 251, email: rep(1) },
    { line: 401, email: "nobody@contoso.com" },
  ];
  let next = 1;
  while (lines.length < goodRows + bad.length + 1) {
    const lineNo = lines.length + 1;
    const b = bad.find((x) => x.line === lineNo);
    if (b) lines.push(`${b.email},Bad Row`);
    else {
      lines.push(`${rep(next)},Rep ${next}`);
      next++;
    }
  }
  return { text: `${lines.join("\r\n")}\r\n`, bad };
}

describe("the console for an admin, and for a rep without a role (demo mode)", () => {
  const suite = demoProductSuite("console");
  let exchangeUrl: string;

  beforeAll(async () => {
    exchangeUrl = simulatorUrl(suite.product.output(), "Exchange");
  });

  it("an admin grants admin consent, mass-activates 500 mailboxes from a CSV and sees the 3 bad rows explained", async () => {
    for (let n = 1; n <= goodRows; n++) {
      await exchangeControl(exchangeUrl, "POST", "/mailboxes", { smtp: rep(n), displayName: `Rep ${n}`, tenantId: contosoTenant });
    }

    const { context, page } = await openConsole(suite.browser, suite.product.url, "megan@contoso.com");
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await page.getByText("Not granted").waitFor();
    expect(await page.getByRole("navigation", { name: "Console sections" }).getByText("Mass activation").isVisible()).toBe(true);
    await shot(page, "01-admin-overview-no-consent");

    // Grant admin consent opens Microsoft's page in a new tab; the console stays where it is.
    const [consentTab] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: "Grant admin consent" }).click()]);
    await acceptAdminConsent(consentTab, () => shot(consentTab, "02-microsoft-admin-consent"));
    await consentTab.close();
    await page.getByRole("button", { name: "Refresh" }).click();
    await page.getByText("Granted", { exact: true }).waitFor();

    await page.getByRole("navigation", { name: "Console sections" }).getByText("Mass activation").click();
    await page.getByRole("heading", { name: "Mass activation" }).waitFor();
    await page.getByText("Admin consent is granted for Contoso.").waitFor();
    expect(await page.getByRole("radio", { name: /Exchange Online, app-only access/ }).isChecked()).toBe(true);
    // The expected format is on the page, next to the upload.
    expect(await page.getByLabel("Example CSV").textContent()).toContain("email,display_name");

    // A file saved from Excel with semicolons is refused before anything is sent, with what to do.
    await page.getByLabel("CSV file of mailboxes to activate").setInputFiles({ name: "excel.csv", mimeType: "text/csv", buffer: Buffer.from("email;display_name\nrep001@contoso.com;Rep 1\n") });
    await page.getByText("excel.csv separates columns with semicolons").waitFor();
    // Start stays reachable by keyboard but does nothing yet, and says why.
    expect(await page.getByRole("button", { name: "Activate mailboxes" }).getAttribute("aria-disabled")).toBe("true");
    await page.getByText("Choose a CSV file.").waitFor();

    // The real file is dropped on the zone.
    const csv = activationCsv();
    const dataTransfer = await page.evaluateHandle(
      ({ text }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], "contoso-reps.csv", { type: "text/csv" }));
        return dt;
      },
      { text: csv.text },
    );
    await page.getByTestId("csv-drop-zone").dispatchEvent("drop", { dataTransfer });
    await page.getByText("contoso-reps.csv: 500 mailboxes").waitFor();
    await shot(page, "03-activation-file-checked");

    await page.getByRole("button", { name: "Activate 500 mailboxes" }).click();
    await page.waitForURL(/#\/activation\/[^/]+$/);
    await page.getByText(/^(Working|Finished):/).waitFor();
    await shot(page, "04-activation-progress");
    const summary = page.getByText(/^Finished:/);
    await summary.waitFor({ timeout: 240_000 });
    expect(await summary.textContent()).toBe("Finished: 497 mailboxes activated or already active, 3 rows need attention.");
    expect(await page.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("1");
    const counts = page.getByRole("list", { name: "Rows by outcome" });
    expect(await counts.innerText()).toMatch(/Activated\s+497[\s\S]*Invalid row\s+2[\s\S]*Mailbox not found\s+1/);

    const problems = page.getByRole("table", { name: "Rows that were not activated" }).getByRole("row");
    expect(await problems.count()).toBe(4); // the header and the three rows, in line order
    const rows = await problems.evaluateAll((trs) => trs.slice(1).map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    expect(rows).toEqual([
      ["101", "not-an-address", "Invalid row", expect.stringContaining("is not an email address")],
      ["251", rep(1), "Invalid row", expect.stringContaining("already on line 2")],
      ["401", "nobody@contoso.com", "Mailbox not found", expect.stringContaining("no mailbox at this address")],
    ]);
    // The finished job is listed among the recent activations.
    await page.getByRole("table", { name: "Recent activations" }).getByText("contoso-reps.csv").waitFor();
    await shot(page, "05-activation-done");

    // The activated mailboxes are in the list: 10,000 would page the same way, 50 at a time.
    await page.getByRole("navigation", { name: "Console sections" }).getByText("Mailboxes").click();
    await page.getByText(/^1–50 of 497$/).waitFor();
    await shot(page, "06-mailboxes");
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await page.getByText(/^51–100 of 497$/).waitFor();
    expect(page.url()).toMatch(/#\/mailboxes\?page=2$/);

    // Sorting is the server's: a header click sorts from page 1, a second click flips the order.
    const mailboxHeader = page.getByRole("columnheader", { name: "Mailbox" });
    await mailboxHeader.click();
    await page.waitForURL(/#\/mailboxes\?sort=email&dir=asc$/);
    expect(await mailboxHeader.getAttribute("aria-sort")).toBe("ascending");
    await mailboxHeader.click();
    await page.waitForURL(/#\/mailboxes\?sort=email&dir=desc$/);
    await page.getByRole("table", { name: "Mailboxes" }).getByRole("link").first().filter({ hasText: rep(497) }).waitFor();

    // Admins may pause a mailbox (after confirming) and resume it.
    await page.getByRole("searchbox").fill(rep(2));
    await page.getByRole("link", { name: rep(2) }).click();
    const drawer = page.getByRole("dialog", { name: rep(2) });
    const actions = drawer.getByRole("toolbar", { name: "Mailbox actions" });
    await actions.getByRole("button", { name: "Pause" }).waitFor();
    expect(await actions.getByRole("button").allInnerTexts()).toEqual(["Sync now", "Test connection", "Reset cursor", "Move to EWS", "Pause", "Deactivate"]);
    await actions.getByRole("button", { name: "Pause" }).click();
    await page.getByRole("alertdialog", { name: "Pause sync?" }).getByRole("button", { name: "Pause" }).click();
    await page.getByText(`${rep(2)} is paused; nothing is synced until it is resumed.`).first().waitFor();
    await drawer.getByText("Paused", { exact: true }).waitFor();
    await actions.getByRole("button", { name: "Resume" }).click();
    await page.getByText(new RegExp(`^${rep(2)} syncs again`)).first().waitFor();
    await drawer.getByRole("button", { name: "Close" }).click();

    // An on-premises service account whose check fails: the server's reason is shown in the form, nothing is saved.
    await page.getByRole("navigation", { name: "Console sections" }).getByText("Service accounts").click();
    await page.getByRole("button", { name: "Add service account" }).click();
    const form = page.getByRole("form", { name: "Add a service account" });
    await form.getByRole("button", { name: "Check and save" }).click();
    await form.getByText("Enter the account's password.").waitFor();
    await form.getByRole("textbox", { name: "Name" }).fill("Contoso on-premises");
    await form.getByRole("textbox", { name: "Account" }).fill("CONTOSO\\svc-crmsync");
    await form.getByLabel("Password").fill("not-the-password");
    await form.getByRole("textbox", { name: "EWS URL" }).fill(`${exchangeUrl}/EWS/Exchange.asmx`);
    await form.getByRole("textbox", { name: "Test mailbox" }).fill(rep(2));
    await form.getByRole("button", { name: "Check and save" }).click();
    await form.getByText("The account could not be checked").waitFor({ timeout: 60_000 });
    await shot(page, "07-service-account-refused");
    await form.getByRole("button", { name: "Cancel" }).click();
    await page.getByText("No service account yet.", { exact: false }).waitFor();

    // The activation is in the audit log, newest first, one entry per mailbox switched on.
    await page.getByRole("navigation", { name: "Console sections" }).getByText("Audit log").click();
    const audit = page.getByRole("table", { name: "Audit log" });
    await audit.getByRole("cell", { name: "activation.finish" }).first().waitFor();
    await audit.getByRole("cell", { name: "mailbox.activate" }).first().waitFor();
    await shot(page, "08-audit-log");
    await context.close();
  });

  it("a rep without a console role sees which role to ask for, not a broken console", async () => {
    const { context, page } = await openConsole(suite.browser, suite.product.url, "adele@contoso.com");
    await page.getByRole("heading", { name: "You don't have access to the console" }).waitFor();
    await page
      .getByText(
        "You need the Sync.Admin or Sync.Support role; ask your administrator to assign it in Entra ID (Enterprise applications -> Users and groups).",
      )
      .waitFor();
    await page.getByText("Signed in as Adele Vance (adele@contoso.com).").waitFor();
    expect(await page.getByRole("navigation", { name: "Console sections" }).count()).toBe(0);
    // Focus is on the page's heading, so a screen reader announces it.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("You don't have access to the console");
    await shot(page, "13-no-role");
    // Sign out ends the Microsoft session too and comes back to the console's sign-in.
    await page.getByRole("button", { name: "Sign out" }).first().click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await context.close();
  });
});

describe("troubleshooting a mailbox in the console (demo mode)", () => {
  const suite = demoProductSuite("console-support");
  let exchangeUrl: string;

  // What the support engineer starts from: Contoso's admin consented for the organisation and activated the mailbox
  // (app-only access, as mass activation does), through the console's own routes.
  beforeAll(async () => {
    exchangeUrl = simulatorUrl(suite.product.output(), "Exchange");
    await exchangeControl(exchangeUrl, "POST", "/mailboxes", { smtp: troubled, displayName: "Rep 10", tenantId: contosoTenant });
    const { context, bearer } = await openConsole(suite.browser, suite.product.url, "megan@contoso.com");
    try {
      const consentTab = await context.newPage();
      await consentTab.goto(`${suite.product.url}/api/connect/admin-consent?tenant=${contosoTenant}`);
      await acceptAdminConsent(consentTab);
      const headers = { authorization: `Bearer ${await bearer()}`, "content-type": "application/json" };
      const started = await fetch(`${suite.product.url}/api/console/activations`, { method: "POST", headers, body: JSON.stringify({ access: { kind: "app_only" }, rows: [{ email: troubled }] }) });
      if (started.status !== 202) throw new Error(`the activation answered ${started.status}: ${await started.text()}`);
      let job = (await started.json()) as ActivationJobView;
      for (let i = 0; i < 120 && job.status !== "done"; i++) {
        await new Promise((r) => setTimeout(r, 500));
        job = (await (await fetch(`${suite.product.url}/api/console/activations/${job.id}`, { headers })).json()) as ActivationJobView;
      }
      expect(job).toMatchObject({ status: "done", counts: { activated: 1 } });
    } finally {
      await context.close();
    }
  });

  it("support finds the mailbox needing attention, reads the remedy, retries it, and exports the list", async () => {
    // The narrowest desktop width the console is made for.
    // A link from a ticket: after Microsoft's pages the console opens where the link pointed.
    const { context, page, bearer } = await openConsole(suite.browser, suite.product.url, "grady@contoso.com", { width: 1024, hash: "#/audit", acceptDownloads: true });
    await page.getByRole("heading", { name: "Audit log" }).waitFor();
    expect(new URL(page.url()).hash).toBe("#/audit");
    // Support has no admin screens.
    expect(await page.getByRole("navigation", { name: "Console sections" }).getByText("Mass activation").count()).toBe(0);
    await page.getByRole("navigation", { name: "Console sections" }).getByText("Overview").click();

    // Contoso's Exchange admin puts one mailbox outside the app's access policy (Graph, the tenant's transport); its next sync fails and it needs attention.
    const api = async <T>(path: string, method = "GET"): Promise<T> => {
      const res = await fetch(`${suite.product.url}/api/console${path}`, { method, headers: { authorization: `Bearer ${await bearer()}` } });
      if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as T;
    };
    const found = await api<MailboxListResponse>(`/mailboxes?q=${encodeURIComponent(troubled)}`);
    const id = found.items[0]?.id;
    if (!id) throw new Error(`${troubled} is not in the console: the suite's beforeAll activates it`);
    // First it synced once, so Graph has a saved Inbox position to forget later (its first turn may not have come yet).
    const syncedOnce = async () => (await api<MailboxDetail>(`/mailboxes/${id}`)).runs.some((r) => r.outcome === "ok");
    if (!(await syncedOnce())) await api(`/mailboxes/${id}/sync-now`, "POST");
    for (let i = 0; i < 90 && !(await syncedOnce()); i++) await page.waitForTimeout(1000);
    expect(await syncedOnce()).toBe(true);
    await exchangeControl(exchangeUrl, "POST", "/graph/access-policies", { tenantId: contosoTenant, appId: ourAppId, accessRight: "DenyAccess", mailboxes: [troubled] });
    await api(`/mailboxes/${id}/sync-now`, "POST");
    for (let i = 0; i < 90 && (await api<MailboxDetail>(`/mailboxes/${id}`)).mailbox.status !== "attention"; i++) await page.waitForTimeout(1000);

    await page.getByRole("button", { name: "Refresh" }).click();
    await page.getByRole("link", { name: /Access policy denies/ }).waitFor();
    await page.getByRole("navigation", { name: "Console sections" }).getByText("Mailboxes").click();
    // The new screen's heading has focus, so a screen reader announces it and Tab starts from there.
    await page.getByRole("heading", { name: "Mailboxes" }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Mailboxes");
    await page.getByRole("button", { name: "Needs attention" }).click();
    await page.waitForURL(/#\/mailboxes\?status=attention$/);
    const table = page.getByRole("table", { name: "Mailboxes" });
    const row = table.getByRole("row").filter({ hasText: troubled });
    await row.getByText("Access policy denies").waitFor();
    await shot(page, "09-support-needs-attention");

    // The search box narrows the list after a pause in typing.
    await page.getByRole("searchbox").fill("rep01");
    await page.waitForURL(/q=rep01/);
    await row.waitFor();

    // Export the filtered list: the file holds exactly what the filter shows.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^mailboxes-attention-\d{4}-\d\d-\d\d\.csv$/);
    const exported = readFileSync((await download.path()) ?? "", "utf8");
    expect(exported.split("\n")[0]).toContain("email");
    expect(exported).toContain(troubled);

    await row.getByRole("link", { name: troubled }).click();
    const drawer = page.getByRole("dialog", { name: troubled });
    const remedy = drawer.getByLabel("What to do");
    await remedy.getByText("Your organisation's access policy excludes this mailbox").waitFor();
    await remedy.getByText("Who acts: The customer's IT administrator").waitFor();
    expect(await remedy.innerText()).toMatch(/Test-ApplicationAccessPolicy/);
    expect(await drawer.getByLabel("Last error, as the service answered").innerText()).not.toBe("");
    // Support may retry, test and reset; pausing and deactivating are for admins.
    const actions = drawer.getByRole("toolbar", { name: "Mailbox actions" });
    expect(await actions.getByRole("button").allInnerTexts()).toEqual(["Retry", "Test connection", "Reset cursor", "Move to EWS"]);
    await shot(page, "10-support-mailbox-remedy");

    // The customer's admin adds the mailbox to the policy again; the retry then succeeds. Meanwhile Graph forgot the
    // Inbox's saved sync position (410): the retry reads the Inbox again from its start, and its run says so.
    await exchangeControl(exchangeUrl, "DELETE", "/graph/access-policies", undefined);
    await exchangeControl(exchangeUrl, "POST", "/graph/faults", { fault: { kind: "syncStateNotFound" }, mailbox: troubled, operation: "messagesDelta", count: 1 });
    await actions.getByRole("button", { name: "Retry" }).click();
    // Toasts: the action's message, then how the requested run ended (the toaster also announces each, hence first()).
    await page.getByText(`A sync of ${troubled} starts within a minute.`).first().waitFor();
    await page.getByText(`The sync of ${troubled} ended`).first().waitFor({ timeout: 150_000 });
    const runs = drawer.getByRole("table", { name: "Run history" });
    await runs.getByRole("row").filter({ hasText: "Retry" }).filter({ hasText: "OK" }).first().waitFor().catch(async (err: unknown) => {
      throw new Error(`${(err as Error).message}\nRun history:\n${await runs.innerText().catch(() => "(none)")}`);
    });
    // The line says why: Graph's own words where the Inbox was reset, with its answer (410 SyncStateNotFound).
    await runs
      .getByText(/^Resynced from the start: Inbox, because Graph no longer accepts the saved delta link \(the answer: SyncStateNotFound \(HTTP 410\): .+\)\. \d+ items? (was|were) logged already and (is|are) not counted again\.$/)
      .waitFor();
    await shot(page, "11-support-retried");

    // Test connection makes one real call and shows how it went.
    await actions.getByRole("button", { name: "Test connection" }).click();
    await drawer.getByText("Connection works").waitFor();

    // Reset cursor asks first, saying it is a full resync and safe for the CRM.
    await actions.getByRole("button", { name: "Reset cursor" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Reset the sync position?" });
    await confirm.getByText(/full resync/).waitFor();
    await confirm.getByText(/not logged twice/).waitFor();
    await shot(page, "12-reset-cursor-confirm");
    await confirm.getByRole("button", { name: "Cancel" }).click();

    // Escape closes the details; the list is where it was. The retry took the mailbox out of "needs attention", so
    // focus goes to the list's heading (it goes to the mailbox's link while that is listed).
    // Cancel put focus back on Reset cursor, in the details.
    await confirm.waitFor({ state: "hidden" });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Reset cursor");
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });
    expect(new URL(page.url()).hash).toBe("#/mailboxes?status=attention&q=rep01");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Mailboxes");
    await page.getByText("No mailbox matches these filters.").waitFor();

    // The overview now has runs: the last hour by outcome, and the failed one in the 24-hour chart.
    await page.getByRole("navigation", { name: "Console sections" }).getByText("Overview").click();
    await page.getByRole("img", { name: /failed syncs? in the last 24 hours/ }).waitFor();
    await shot(page, "14-support-overview");
    await context.close();
  });
});
