import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { chromium } from "playwright-core";
import { projectRoot } from "../server/paths";
import { chromiumLaunchOptions } from "../test/support/browser";

/**
 * Renders the SVG icons to the PNG sizes Outlook and Microsoft 365 ask for (run by hand after editing an SVG; PNGs are
 * committed): icon-N.png for both manifests' ribbon and store icons, color.png (192x192) and outline.png (32x32, white
 * on transparency) for the unified manifest's app package.
 */
const renders: readonly { readonly svg: string; readonly size: number; readonly out: string }[] = [
  ...[16, 32, 64, 80, 128].map((size) => ({ svg: "icon.svg", size, out: `icon-${size}.png` })),
  { svg: "icon.svg", size: 192, out: "color.png" },
  { svg: "icon-outline.svg", size: 32, out: "outline.png" },
];

async function render(browser: Browser, svgFile: string, size: number, out: string): Promise<void> {
  const svg = readFileSync(join(projectRoot, "addin/assets", svgFile), "utf8");
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: join(projectRoot, "addin/assets", out), omitBackground: true });
  await page.close();
}

async function main(): Promise<void> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    for (const r of renders) await render(browser, r.svg, r.size, r.out);
  } finally {
    await browser.close();
  }
  console.log("icons written to addin/assets");
}

void main();
