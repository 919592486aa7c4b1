import type { Page } from "playwright-core";
import type { MailboxDetail, MailboxListResponse } from "../../server/api/consoleContract";
import { screenshotPath } from "../support/browser";
import { openConsole } from "../support/consoleSignIn";
import { demoProductSuite } from "../support/demoProductSuite";
import { dialogWindows, goThroughMicrosoft } from "../support/microsoftPages";
import { openPaneInOutlook, standInEmail } from "../support/officeStandIn";
import { simulatorUrl } from "../support/startedServer";

/**
 * A rep whose organisation switches EWS off, in headless Chromium against the demo (`npm start`): Diego set up sync
 * while Contoso used EWS; Contoso's Exchange Online then blocks EWS. His sidebar shows Reconnect with the reason, the
 * reconnect asks Microsoft for the Graph scopes, and sync resumes over Graph with no CRM record twice and none
 * missing. Screenshots go to test-output/reconnect-graph/.
 */
jest.setTimeout(300_000);

const contosoTenant = "5d2f3c41-7a0e-4c7b-9d1a-0c0a7e5b2f11";
const rep = "diego@contoso.com";

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath("reconnect-graph", name), fullPage: true, animations: "disabled" });
}

describe("Reconnect for Microsoft Graph in the sidebar (demo mode)", () => {
  const suite = demoProductSuite("reconnect-graph");
  let exchangeUrl: string;
  let salesforceUrl: string;

  beforeAll(() => {
    exchangeUrl = simulatorUrl(suite.product.output(), "Exchange");
    salesforceUrl = simulatorUrl(suite.product.output(), "Salesforce");
  });

  /** Contoso's admin, signed in to the console in a window of their own: the token the console sends. */
  async function adminToken(): Promise<string> {
    const admin = await openConsole(suite.browser, suite.product.url, "megan@contoso.com");
    const token = await admin.bearer();
    await admin.context.close();
    return token;
  }

  /** Diego's records in Contoso's Salesforce (he owns them): their keys, duplicates kept. */
  async function diegosRecords(): Promise<string[]> {
    const orgs = (await (await fetch(`${salesforceUrl}/_control/orgs`)).json()) as Array<{ orgId: string }>;
    const org = orgs[0]?.orgId;
    const users = (await (await fetch(`${salesforceUrl}/_control/orgs/${org}/records/User`)).json()) as Array<Record<string, unknown>>;
    const diegoId = users.find((u) => String(u.Username ?? "").toLowerCase() === `${rep}.crm`)?.Id;
    if (!diegoId) throw new Error("Diego has no Salesforce user");
    const view = (await (await fetch(`${salesforceUrl}/_control/orgs/${org}/activities`)).json()) as { tasks: Array<{ fields: Record<string, unknown> }>; events: Array<{ fields: Record<string, unknown> }> };
    return [...view.tasks, ...view.events].filter((r) => r.fields.OwnerId === diegoId).map((r) => String(r.fields.Sync_Key__c ?? ""));
  }

  it("EWS blocked: the sidebar says why and asks to Reconnect; the Graph consent resumes sync with nothing logged twice", async () => {
    const token = await adminToken();
    const consoleApi = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
      const res = await fetch(`${suite.product.url}/api/console${path}`, {
        method: init.method ?? "GET",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as T;
    };
    // Before the cut-off, Contoso's admin had chosen EWS: Diego's set-up asks for the EWS scope.
    await consoleApi("/tenant/transport", { method: "PUT", body: { transport: "ews" } });

    const { context, page } = await openPaneInOutlook(suite.browser, suite.product.url, {
      mailbox: { email: rep, displayName: "Diego Siciliani" },
      item: standInEmail("cto@fabrikam.com", { to: [rep] }),
    });
    // The scopes each trip to Microsoft asks for, as the dialogs' requests to the authorize endpoint carry them.
    const asked: string[] = [];
    context.on("request", (r) => {
      const u = new URL(r.url());
      if (u.pathname.endsWith("/oauth2/v2.0/authorize") && u.searchParams.get("redirect_uri")?.endsWith("/api/connect/callback")) asked.push(u.searchParams.get("scope") ?? "");
    });
    const nextDialog = dialogWindows(page);
    await page.getByRole("button", { name: "Set up sync" }).click();
    await goThroughMicrosoft(await nextDialog(), rep);
    await goThroughMicrosoft(await nextDialog(), rep);
    await page.getByRole("heading", { name: "Sync is on" }).waitFor();
    expect(asked.join(" ")).toMatch(/EWS\.AccessAsUser\.All/);
    asked.length = 0;

    const mailboxOf = async () => (await consoleApi<MailboxListResponse>(`/mailboxes?q=${encodeURIComponent(rep)}`)).items[0];
    const detailOf = async (id: string) => consoleApi<MailboxDetail>(`/mailboxes/${id}`);
    let id = "";
    for (let i = 0; i < 90; i++) {
      const m = await mailboxOf();
      if (m?.lastSyncAt) {
        id = m.id;
        break;
      }
      await page.waitForTimeout(1000);
    }
    expect(id).not.toBe("");
    expect((await detailOf(id)).mailbox).toMatchObject({ provider: "ews", status: "active" });
    const overEws = await diegosRecords();
    expect(overEws.length).toBeGreaterThan(0);
    expect(new Set(overEws).size).toBe(overEws.length);

    // Contoso's Exchange Online switches EWS off (EWSEnabled False).
    const blocked = await fetch(`${exchangeUrl}/_control/tenants/${contosoTenant}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ ewsEnabled: false }) });
    expect(blocked.ok).toBe(true);
    await page.getByRole("button", { name: "Sync now" }).click();
    await page.getByText("Sync requested: it starts within a minute.").waitFor();
    await page.getByRole("heading", { name: "Reconnect for Microsoft Graph" }).waitFor({ timeout: 90_000 });
    await page.getByText(/Your organisation has switched off Exchange Web Services, so sync moves your mailbox to Microsoft Graph/).waitFor();
    await page.getByText("You can fix this yourself.").waitFor();
    await shot(page, "01-reconnect-for-graph");
    expect((await detailOf(id)).mailbox).toMatchObject({ provider: "graph", status: "attention", reason: "move_to_graph" });
    // Nothing was logged while the mailbox waited.
    expect((await diegosRecords()).length).toBe(overEws.length);

    await page.getByRole("button", { name: "Reconnect" }).click();
    await goThroughMicrosoft(await nextDialog(), rep, {
      onPage: async (kind, p) => {
        if (kind === "consent") await shot(p, "02-graph-consent");
      },
    });
    // The reconnect asked Microsoft for the Graph scopes, not EWS's.
    const reconnectScopes = asked.join(" ");
    expect(reconnectScopes).toMatch(/Mail\.Read/);
    expect(reconnectScopes).toMatch(/Calendars\.Read/);
    expect(reconnectScopes).not.toMatch(/EWS\.AccessAsUser\.All/);
    await page.getByRole("heading", { name: "Sync is on" }).waitFor();
    await shot(page, "03-sync-on-over-graph");

    // The reconnect starts a sync at once; it reads every folder again over Graph.
    let detail = await detailOf(id);
    for (let i = 0; i < 90 && !(detail.runs[0]?.outcome === "ok" && detail.cursors.length > 0 && detail.cursors.every((c) => c.initialDone)); i++) {
      await page.waitForTimeout(1000);
      detail = await detailOf(id);
    }
    expect(detail.mailbox).toMatchObject({ provider: "graph", status: "active", reason: null });
    expect(detail.runs[0]).toMatchObject({ outcome: "ok" });
    expect(detail.runs[0]?.itemsSeen).toBeGreaterThan(0);
    const overGraph = await diegosRecords();
    expect(overGraph.sort()).toEqual(overEws.sort());
    await context.close();
  });
});
