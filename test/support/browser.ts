import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { LaunchOptions } from "playwright-core";
import { projectRoot } from "../../server/paths";

/**
 * Debian's Chromium, headless. Background networking and updates are off: this machine has no internet and Chromium
 * would otherwise fill its log with refused connections.
 */
export function chromiumLaunchOptions(): LaunchOptions {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium was not found at ${executablePath}: install it with "apt-get install -y chromium" (.ci/run does) or set CHROMIUM_PATH.`);
  }
  return {
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  };
}

/** Where screenshots go: test-output/<area>/, kept out of git. */
export function screenshotPath(area: string, name: string): string {
  const dir = join(projectRoot, "test-output", area);
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}
