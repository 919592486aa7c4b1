import type { Browser, BrowserContext, Page } from "playwright-core";
import { demoPassword } from "./microsoftPages";

export interface ConsoleWindow {
  readonly context: BrowserContext;
  readonly page: Page;
  /** The API token the console sends, for setting up state through the console's own API. */
  bearer(): Promise<string>;
}

export interface OpenConsoleOptions {
  /** Window width in pixels; 1280 (a desktop) unless told. */
  width?: number;
  /** Where in the console to start, e.g. "#/audit". */
  hash?: string;
  /**
   * Whether the window saves what the console offers for download (a CSV of results, say). Left unset, Playwright's
   * own default applies (it accepts downloads); tests that read a download say so, so they keep working if it changes.
   */
  acceptDownloads?: boolean;
}

/**
 * Opens the console in a new browser window (desktop width unless told) at `hash`, and signs `user` in through
 * Microsoft's pages, accepting the app's consent when asked.
 */
export async function openConsole(browser: Browser, productUrl: string, user: string, options: OpenConsoleOptions = {}): Promise<ConsoleWindow> {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: options.width ?? 1280, height: 900 },
    acceptDownloads: options.acceptDownloads,
  });
  const page = await context.newPage();
  let token: string | null = null;
  page.on("request", (r) => {
    const auth = r.headers().authorization;
    if (r.url().includes("/api/console/") && auth?.startsWith("Bearer ")) token = auth.slice(7);
  });
  await page.goto(`${productUrl}/console.html${options.hash ?? ""}`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  await page.locator("form#signin").waitFor();
  const login = page.locator('input[name="login"]');
  if (await login.isEditable()) await login.fill(user);
  await page.locator('input[name="passwd"]').fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  const back = page.waitForURL(`${productUrl}/console.html**`, { timeout: 30_000 });
  const consent = page.locator("form#consent");
  await Promise.race([back, consent.waitFor({ timeout: 30_000 })]);
  if (await consent.isVisible()) await page.getByRole("button", { name: "Accept" }).click();
  await back;
  return {
    context,
    page,
    bearer: async () => {
      for (let i = 0; i < 100 && !token; i++) await page.waitForTimeout(100);
      if (!token) throw new Error("the console sent no API request with a token");
      return token;
    },
  };
}
