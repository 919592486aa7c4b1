import { chmodSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Makes the folder (and its parents) if needed, readable by its owner only (700). */
export function privateFolder(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
}

/** Folders 700 and files 600 under `path`: a data folder written before the server set its umask. */
export function makePrivate(path: string): void {
  chmodSync(path, 0o700);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) makePrivate(full);
    else if (entry.isFile()) chmodSync(full, 0o600);
  }
}
