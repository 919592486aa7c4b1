import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { holdDefaultPorts, type DefaultPortGuard } from "../../support/defaultPortGuard";
import { startAppStandIn, type AppStandIn } from "../../support/appStandIn";
import { authorizeUrl, startScenario, type Scenario } from "./testSupport/scenario";

/**
 * The sign-in and consent pages in a real headless Chromium, clicked by role and accessible name as a person (or a
 * demo script) would. Saves a screenshot of the consent page to test-output/entra/consent.png.
 */
const outputDir = join(__dirname, "../../../test-output/entra");
jest.setTimeout(60_000);

describe("sign-in and consent pages in Chromium", () => {
  let scenario: Scenario;
  let browser: Browser;
  let app: AppStandIn;
  let guard: DefaultPortGuard;

  beforeAll(async () => {
    // The app's redirect URI is a server this test bound (port 0), never the product's default port: `npm test` passes
    // while `npm start` runs. The guard holds the default ports that are free, and fails the suite if anything reaches it.
    guard = await holdDefaultPorts();
    app = await startAppStandIn();
    scenario = await startScenario({ webRedirectUri: `${app.url}/auth/callback` });
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await scenario?.close();
    await app?.close();
    const hits = await guard?.release();
    expect(hits).toEqual([]);
  });

  it("signs in, shows the permissions, and returns a code after Accept", async () => {
    const { sim, demo } = scenario;
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1100, height: 820 } });
    const page = await context.newPage();
    app.answer("<h1>App received the code</h1>");

    await page.goto(
      authorizeUrl(sim, demo.contoso.tenantId, {
        client_id: demo.app.clientId,
        response_type: "code",
        redirect_uri: demo.app.webRedirectUri,
        scope: "openid profile offline_access User.Read Mail.Read Calendars.Read https://outlook.office365.com/EWS.AccessAsUser.All",
        state: "browser-state",
      }),
    );
    await page.getByRole("textbox", { name: "Email, phone, or Skype" }).fill(demo.users.adele.upn);
    await page.getByLabel("Password").fill(demo.users.adele.password);
    await page.getByRole("button", { name: "Sign in" }).click();

    await page.getByRole("heading", { name: "Permissions requested" }).waitFor({ timeout: 5000 });
    for (const text of ["Read your mail", "Read your calendars", "Access your mailboxes", "Maintain access to data you have given it access to"]) {
      await page.getByText(text, { exact: true }).waitFor({ timeout: 5000 });
    }
    mkdirSync(outputDir, { recursive: true });
    await page.screenshot({ path: join(outputDir, "consent.png"), fullPage: true });

    await page.getByRole("button", { name: "Accept" }).click();
    await page.getByRole("heading", { name: "App received the code" }).waitFor({ timeout: 5000 });
    const back = new URL(app.received().find((r) => r.startsWith("/auth/callback?")) ?? "/", app.url);
    expect(back.searchParams.get("code")).toBeTruthy();
    expect(back.searchParams.get("state")).toBe("browser-state");
    await context.close();
  });

  it("sends the user back with access_denied after Cancel", async () => {
    const { sim, demo } = scenario;
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    app.answer("<h1>Back in the app</h1>");
    await page.goto(
      authorizeUrl(sim, demo.contoso.tenantId, {
        client_id: demo.app.clientId,
        response_type: "code",
        redirect_uri: demo.app.webRedirectUri,
        scope: "openid Contacts.Read",
        login_hint: demo.users.megan.upn,
        state: "cancelled",
      }),
    );
    await page.getByLabel("Password").fill(demo.users.megan.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("heading", { name: "Back in the app" }).waitFor();
    const back = new URL(app.received().findLast((r) => r.startsWith("/auth/callback?")) ?? "/", app.url);
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("state")).toBe("cancelled");
    await context.close();
  });
});
