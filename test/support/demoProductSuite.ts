import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { chromium } from "playwright-core";
import { chromiumLaunchOptions } from "./browser";
import { holdDefaultPorts, type DefaultPortGuard } from "./defaultPortGuard";
import type { StartedProduct } from "./startedServer";
import { startDemoProduct } from "./startedServer";

/** What a browser suite drives: read its fields inside hooks and tests (they exist once the suite's beforeAll ran). */
export interface DemoProductSuite {
  readonly product: StartedProduct;
  readonly browser: Browser;
}

/**
 * The browser suites' common frame, registered on the calling describe block: the product as `npm start` runs it in
 * demo mode (its data in a new temporary folder) and headless Chromium, started before the suite's own beforeAll hooks
 * and closed after its tests, the product having to exit cleanly (code 0). With `guardDefaultPorts`, npm start's default
 * ports are held from before the product starts (defaultPortGuard.ts), and no connection may have reached them.
 */
export function demoProductSuite(name: string, options: { guardDefaultPorts?: boolean } = {}): DemoProductSuite {
  const dataDir = mkdtempSync(join(tmpdir(), `mailsync-${name}-`));
  let product: StartedProduct | undefined;
  let browser: Browser | undefined;
  let guard: DefaultPortGuard | undefined;

  beforeAll(async () => {
    if (options.guardDefaultPorts) guard = await holdDefaultPorts();
    product = await startDemoProduct(dataDir);
    browser = await chromium.launch(chromiumLaunchOptions());
  });

  afterAll(async () => {
    await browser?.close();
    const code = await product?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    expect(code).toBe(0);
    if (guard) expect(await guard.release()).toEqual([]);
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is not running: the suite's beforeAll has not started it or failed to (see its error)`);
    return value;
  };
  return {
    get product() {
      return started(product, "product");
    },
    get browser() {
      return started(browser, "browser");
    },
  };
}
