/**
 * The simulator's "Allow Access?" page in a real headless Chromium, clicked by role and accessible name as an admin
 * (or the console's e2e) does: Deny and Allow each send the browser back to the app's callback. Screenshot:
 * test-output/salesforce/allow-access.png.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { chromium } from "playwright-core";
import { chromiumLaunchOptions, screenshotPath } from "../../support/browser";
import type { SalesforceSimulator } from "./index";
import { startSalesforceSimulator } from "./index";

jest.setTimeout(60_000);

describe("Salesforce's authorization page in Chromium", () => {
  let sim: SalesforceSimulator;
  let browser: Browser;
  const callback = "https://app.example.com/api/crm/salesforce/callback";
  let clientId: string;

  beforeAll(async () => {
    sim = await startSalesforceSimulator();
    clientId = sim.control.registerConnectedApp({ name: "CRM Sync for Outlook", callbackUrls: [callback], requirePkce: true }).clientId;
    sim.control.setAuthorizePages(true);
    browser = await chromium.launch(chromiumLaunchOptions());
  });
  afterAll(async () => {
    await browser?.close();
    await sim.close();
  });

  const visit = async (decision: "Allow" | "Deny"): Promise<URL> => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 900, height: 640 } });
    const page = await context.newPage();
    const landed: string[] = [];
    await page.route(`${callback}**`, async (route) => {
      landed.push(route.request().url());
      await route.fulfill({ status: 200, contentType: "text/html", body: "<h1>Back at the app</h1>" });
    });
    const url = new URL(`${sim.url}/services/oauth2/authorize`);
    url.search = new URLSearchParams({
      response_type: "code",
      client_id: clientId,
      redirect_uri: callback,
      state: "s-42",
      code_challenge: createHash("sha256").update(randomBytes(32).toString("base64url")).digest("base64url"),
      code_challenge_method: "S256",
    }).toString();
    await page.goto(url.toString());
    await page.getByRole("textbox", { name: "Username" }).fill(sim.defaultOrg.admin.username);
    if (decision === "Allow") await page.screenshot({ path: screenshotPath("salesforce", "allow-access"), fullPage: true });
    await page.getByRole("button", { name: decision }).click();
    await page.getByRole("heading", { name: "Back at the app" }).waitFor();
    await context.close();
    return new URL(landed[0]!);
  };

  it("Allow returns a code with the state", async () => {
    const back = await visit("Allow");
    expect(back.searchParams.get("state")).toBe("s-42");
    expect(back.searchParams.get("code")).toBeTruthy();
  });

  it("Deny returns access_denied with the state", async () => {
    const back = await visit("Deny");
    expect(Object.fromEntries(back.searchParams)).toEqual({ state: "s-42", error: "access_denied", error_description: "end-user denied authorization" });
  });
});
