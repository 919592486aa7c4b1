import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { privateFolder } from "../store/privateFiles";
import type { DataKey } from "./keyRing";
import { generateDataKey } from "./keyRing";

/**
 * Embedded mode keeps its keys in a file in a folder of its own (DATA_DIR/keys, mode 700; the file 600), created on
 * first start: apart from the database files, so a copy or backup of the database folder does not carry its keys.
 * Newest key first, the same order as ENCRYPTION_KEYS.
 */
interface KeyFileShape {
  keys: { id: string; key: string }[];
}

export function readKeyFile(path: string): DataKey[] {
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) {
    throw new Error(`${path} is readable by other users (mode ${mode.toString(8)}): run "chmod 600 ${path}"`);
  }
  const parsed = JSON.parse(readFileSync(path, "utf8")) as KeyFileShape;
  if (!Array.isArray(parsed.keys) || parsed.keys.length === 0) throw new Error(`${path} holds no keys`);
  return parsed.keys.map((k) => ({ id: k.id, key: Buffer.from(k.key, "base64") }));
}

export function writeKeyFile(path: string, keys: readonly DataKey[]): void {
  privateFolder(dirname(path));
  const body: KeyFileShape = { keys: keys.map((k) => ({ id: k.id, key: k.key.toString("base64") })) };
  // Write then rename: a crash never leaves a half-written key file (which would lose every secret).
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(body, null, 2), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

export function loadOrCreateKeyFile(path: string): DataKey[] {
  if (existsSync(path)) return readKeyFile(path);
  const keys = [generateDataKey()];
  writeKeyFile(path, keys);
  return keys;
}

/** Earlier versions kept the key file beside the database files: it moves into its own folder once. */
export function moveLegacyKeyFile(legacyPath: string, path: string): void {
  if (existsSync(path) || !existsSync(legacyPath)) return;
  privateFolder(dirname(path));
  renameSync(legacyPath, path);
  chmodSync(path, 0o600);
}
