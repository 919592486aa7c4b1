import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../server/paths";

/** A sync worker (`npm run worker`'s script) in its own process, with its output kept for failure messages. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) and how long after `since` it came. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export function startWorkerProcess(env: Record<string, string | undefined>): WorkerProcess {
  // tsx's CommonJS hook, as the product itself runs compiled to CommonJS.
  const child = spawn(process.execPath, ["--require", join(projectRoot, "node_modules/tsx/dist/cjs/index.cjs"), join(projectRoot, "scripts/start.ts"), "--role=worker"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { child, output: () => out, exited: () => exit };
}
