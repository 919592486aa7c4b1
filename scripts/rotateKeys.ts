import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError, loadConfig } from "../server/config";
import { moveLegacyKeyFile, readKeyFile, writeKeyFile } from "../server/security/keyFile";
import { generateDataKey, KeyRing } from "../server/security/keyRing";
import { loadKeyRing } from "../server/security/loadKeyRing";
import { openDatabase } from "../server/store/openDatabase";
import { SecretStore } from "../server/store/secretStore";

/**
 * `npm run rotate-keys`: re-seals every secret at rest with the newest key.
 * - Key file (embedded default): generates a new key, puts it first in the file, re-seals, keeps the old keys until
 *   `--prune` removes the ones nothing uses any more.
 * - ENCRYPTION_KEYS: put the new key first yourself (`--generate` prints one), run this, then drop the old ones it lists.
 */
async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  if (args.has("--generate")) {
    const k = generateDataKey();
    console.log(`${k.id}:${k.key.toString("base64")}`);
    return;
  }
  const envFile = resolve(process.cwd(), ".env");
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  // Rotation needs the store and the keys, not a tenant: fill the tenant settings when absent so config loads.
  const env = { ENTRA_CLIENT_ID: "00000000-0000-0000-0000-000000000000", ENTRA_CLIENT_SECRET: "unused", ...process.env };
  const config = loadConfig(env);
  let ring: KeyRing;
  if (config.secretKeys.kind === "file") {
    const path = config.secretKeys.path;
    moveLegacyKeyFile(config.secretKeys.legacyPath, path);
    const old = existsSync(path) ? readKeyFile(path) : [];
    const fresh = generateDataKey();
    writeKeyFile(path, [fresh, ...old]);
    ring = new KeyRing([fresh, ...old]);
    console.log(`new key ${fresh.id} written first in ${path}`);
  } else {
    ring = loadKeyRing(config.secretKeys);
    console.log(`re-sealing with ${ring.current.id}, the first key in ENCRYPTION_KEYS`);
  }
  const db = await openDatabase(config.storage);
  try {
    const store = new SecretStore(db, ring);
    const n = await store.rotate();
    const byKey = await store.countByKey();
    console.log(`re-sealed ${n} secret(s); secrets per key now: ${JSON.stringify(byKey)}`);
    const unused = ring.ids.filter((id) => !byKey[id] && id !== ring.current.id);
    if (unused.length === 0) return;
    if (config.secretKeys.kind === "file" && args.has("--prune")) {
      const keep = JSON.parse(readFileSync(config.secretKeys.path, "utf8")) as { keys: { id: string; key: string }[] };
      writeKeyFile(
        config.secretKeys.path,
        keep.keys.filter((k) => !unused.includes(k.id)).map((k) => ({ id: k.id, key: Buffer.from(k.key, "base64") })),
      );
      console.log(`removed unused key(s) ${unused.join(", ")} from the key file`);
    } else {
      console.log(`no secret uses ${unused.join(", ")} any more: ${config.secretKeys.kind === "file" ? "run again with --prune to remove them" : "remove them from ENCRYPTION_KEYS"}`);
    }
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `key rotation failed: ${(err as Error).message}`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
