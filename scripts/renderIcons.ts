import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { projectRoot } from "../server/paths";
import { chromiumLaunchOptions } from "../test/support/browser";

/** Renders addin/assets/icon.svg to the PNG sizes Outlook asks for (run by hand after editing the SVG; PNGs are committed). */
async function main(): Promise<void> {
  const svg = readFileSync(join(projectRoot, "addin/assets/icon.svg"), "utf8");
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    for (const size of [16, 32, 64, 80, 128]) {
      const page = await browser.newPage({ viewport: { width: size, height: size } });
      await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`);
      await page.screenshot({ path: join(projectRoot, `addin/assets/icon-${size}.png`), omitBackground: true });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  console.log("icons written to addin/assets");
}

void main();
