import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../server/paths";

/** The product as `npm start` runs it (the built launcher), in a child process with the environment a test gives. */
export interface StartedProduct {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  stop(): Promise<number | null>;
}

const launcher = join(projectRoot, "dist", "scripts", "start.js");

export function assertBuilt(): void {
  if (!existsSync(launcher) || !existsSync(join(projectRoot, "dist", "addin", "taskpane.html"))) {
    throw new Error('The product is not built: run "npm run build" first (npm test does it).');
  }
}

export async function startProduct(env: Record<string, string>, readyPattern = /Sync server ready at (\S+)/): Promise<StartedProduct> {
  assertBuilt();
  const child = spawn(process.execPath, [launcher], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the product did not start within 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = readyPattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] ?? "");
      }
    };
    child.stdout?.on("data", check);
    child.stderr?.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the product exited with code ${code} before it was ready:\n${out}`));
    });
  });
  return {
    child,
    url,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Runs the launcher to completion (for start-up failures) and returns its exit code and output. */
export async function runProductToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  assertBuilt();
  const child = spawn(process.execPath, [launcher], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output };
}

/**
 * The product in demo mode, storing its data in `dataDir`, as the browser suites run it. The server and each simulator
 * bind a free port of their own choosing (PORT=0, SIMULATOR_PORT_BASE=0) and the banner names them: nothing is picked
 * here and bound there, so no other process can take a port in between.
 */
export async function startDemoProduct(dataDir: string): Promise<StartedProduct> {
  // No new customer mail on a timer: tests make what they need arrive.
  return startProduct({ PORT: "0", DATA_DIR: dataDir, SIMULATOR_PORT_BASE: "0", LOG_LEVEL: "warn", DEMO_ACTIVITY_MINUTES: "0" });
}

/** A simulator's URL, read from the demo banner the product prints. */
export function simulatorUrl(output: string, name: "Entra ID" | "Exchange" | "Salesforce"): string {
  const m = new RegExp(`${name}\\s+(https://localhost:\\d+)`).exec(output);
  if (!m?.[1]) throw new Error(`the demo banner names no ${name} URL:\n${output}`);
  return m[1];
}
