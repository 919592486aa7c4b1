import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../server/paths";
import { generateDataKey } from "../../server/security/keyRing";
import type { SyncWorld } from "./syncWorld";

/** A sync worker (`npm run worker`'s script) in its own process, with its output kept for failure messages. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  output(): string;
  /** The HTTPS port a web process listens on (PORT=0 picks a free one), read from its start-up log line. */
  port(): Promise<number>;
  /** Resolves with the exit code (null when killed by a signal) and how long after `since` it came. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** A fresh data key as ENCRYPTION_KEYS lists it: the test's server and the processes it starts must hold the same. */
export function sharedEncryptionKeys(): string {
  const key = generateDataKey();
  return `${key.id}:${key.key.toString("base64")}`;
}

/**
 * What a product process needs to join the test's world: the simulators' endpoints, the test server's store (its
 * PostgreSQL database, or none: the embedded store in its data folder) and the keys it sealed secrets with. `extra`
 * adds or overrides (timings, budgets, PORT, LOG_LEVEL).
 */
export function processEnv(w: SyncWorld, keys: string, extra: Record<string, string> = {}): Record<string, string> {
  const storage = w.ts.config.storage;
  return {
    ...w.world.env,
    // Empty rather than absent: a DATABASE_URL in the test runner's own environment must not reach the process.
    DATABASE_URL: storage.kind === "postgres" ? storage.url : "",
    DATA_DIR: w.ts.config.dataDir,
    ENCRYPTION_KEYS: keys,
    LOG_LEVEL: "info",
    ...extra,
  };
}

/** Kills (SIGKILL) the processes a test started that are still running, so a failed test leaves none behind. */
export function killLeftovers(procs: readonly WorkerProcess[]): void {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
}

export function startWorkerProcess(env: Record<string, string | undefined>, role: "worker" | "web" | "all" = "worker"): WorkerProcess {
  // tsx's CommonJS hook, as the product itself runs compiled to CommonJS.
  const child = spawn(process.execPath, ["--require", join(projectRoot, "node_modules/tsx/dist/cjs/index.cjs"), join(projectRoot, "scripts/start.ts"), `--role=${role}`], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const port = new Promise<number>((resolve, reject) => {
    const look = () => {
      const m = /"port":(\d+)[^\n]*server listening/.exec(out);
      if (m) resolve(Number(m[1]));
    };
    child.stdout.on("data", look);
    child.on("exit", () => reject(new Error(`the ${role} process exited before listening:\n${out}`)));
  });
  port.catch(() => undefined);
  return { child, output: () => out, exited: () => exit, port: () => port };
}

/**
 * Waits for what processes are expected to do: polls the probe until it answers, or fails naming what did not happen,
 * the probe's last error and the tail of each process's output (what the reader of a failed run needs first).
 */
export async function untilProcesses<T>(what: string, probe: () => Promise<T | null | undefined | false>, withinMs: number, ...procs: (WorkerProcess | undefined)[]): Promise<T> {
  const end = Date.now() + withinMs;
  let lastError: unknown = null;
  for (;;) {
    const v = await probe().catch((err: unknown) => {
      lastError = err;
      return null;
    });
    if (v) return v;
    if (Date.now() > end) {
      const why = lastError ? ` (last probe error: ${String(lastError)})` : "";
      const outputs = procs.flatMap((p) => (p ? [`\n---\n${p.output().slice(-4000)}`] : [])).join("");
      throw new Error(`${what} did not happen within ${withinMs} ms${why}${outputs}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
