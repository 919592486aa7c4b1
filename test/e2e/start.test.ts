import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { screenshotPath } from "../support/browser";
import { demoProductSuite } from "../support/demoProductSuite";
import { runProductToExit } from "../support/startedServer";

jest.setTimeout(120_000);

describe("npm start (demo mode, no tenant configured)", () => {
  const suite = demoProductSuite("e2e");

  it("says loudly that it runs against the simulators", () => {
    expect(suite.product.output()).toMatch(/DEMO MODE: no Microsoft tenant is configured/);
  });

  it("answers /healthz and /readyz over HTTPS", async () => {
    const health = await fetch(`${suite.product.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${suite.product.url}/readyz`);
    expect(await ready.json()).toMatchObject({ status: "ready", demo: true, store: "embedded" });
  });

  it("serves the manifest pointing at this server", async () => {
    const res = await fetch(`${suite.product.url}/manifest.xml`);
    expect(res.headers.get("content-type")).toMatch(/application\/xml/);
    const xml = await res.text();
    expect(xml).toContain(`<SourceLocation DefaultValue="${suite.product.url}/taskpane.html"/>`);
    const icon = await fetch(`${suite.product.url}/assets/icon-80.png`);
    expect(icon.headers.get("content-type")).toBe("image/png");
  });

  it("serves the unified manifest and its app package pointing at this server", async () => {
    const res = await fetch(`${suite.product.url}/manifest.json`);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const manifest = (await res.json()) as { validDomains: string[]; extensions: { runtimes: { code: { page: string } }[] }[] };
    expect(manifest.extensions[0]?.runtimes[0]?.code.page).toBe(`${suite.product.url}/taskpane.html`);
    expect(manifest.validDomains).toEqual([new URL(suite.product.url).host]);
    const zip = await fetch(`${suite.product.url}/crm-sync-app.zip`);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    expect(zip.headers.get("content-disposition")).toMatch(/crm-sync-app\.zip/);
    expect(Buffer.from(await zip.arrayBuffer()).subarray(0, 2).toString("latin1")).toBe("PK");
  });

  it("renders the task pane with its first-run screen, Office.js loaded", async () => {
    const context = await suite.browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await page.goto(`${suite.product.url}/taskpane.html`);
    await page.getByRole("button", { name: "Set up sync" }).waitFor();
    expect(await page.evaluate(() => typeof (globalThis as { Office?: unknown }).Office)).toBe("object");
    await page.screenshot({ path: screenshotPath("foundation", "taskpane"), fullPage: true });
    await context.close();
  });

  it("opens the console on its sign-in screen: nobody's mailboxes before a sign-in, no error", async () => {
    const context = await suite.browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${suite.product.url}/console.html`);
    await page.getByRole("heading", { name: "CRM Sync console" }).waitFor();
    await page.getByRole("heading", { name: "Sign in", exact: true }).waitFor();
    expect(await page.getByRole("button", { name: "Sign in with Microsoft" }).isEnabled()).toBe(true);
    expect(await page.getByText(/Sync\.Admin or Sync\.Support role/).isVisible()).toBe(true);
    // A first visit: no warning about a refused or expired sign-in, and no tenant data on the page.
    expect(await page.locator(".fui-MessageBar").count()).toBe(0);
    expect(await page.getByRole("table").count()).toBe(0);
    expect(await page.getByText("Mailboxes", { exact: true }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath("foundation", "console"), fullPage: true });
    await context.close();
  });
});

describe("npm start with a bad configuration", () => {
  it("stops with one message naming every bad value, and starts nothing", async () => {
    const dataDir = join(tmpdir(), `mailsync-badconfig-${process.pid}`);
    const { code, output } = await runProductToExit({
      ENTRA_CLIENT_ID: "11111111-2222-3333-4444-555555555555",
      ENTRA_CLIENT_SECRET: "x",
      PORT: "eighty",
      DATABASE_URL: "mysql://db/sync",
      DATA_DIR: dataDir,
    });
    expect(code).toBe(2);
    expect(output).toMatch(/2 configuration problems/);
    expect(output).toMatch(/PORT="eighty"/);
    expect(output).toMatch(/DATABASE_URL="mysql:\/\/db\/sync"/);
    expect(output).not.toMatch(/Sync server ready/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it("refuses production without a real tenant", async () => {
    const { code, output } = await runProductToExit({ NODE_ENV: "production" });
    expect(code).toBe(2);
    expect(output).toMatch(/ENTRA_CLIENT_ID \(not set\)/);
    expect(output).not.toMatch(/DEMO MODE/);
  });
});
