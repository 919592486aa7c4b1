import { randomBytes } from "node:crypto";

/** An AES-256 key with the id written beside every ciphertext it makes, so old ciphertexts stay readable after rotation. */
export interface DataKey {
  readonly id: string;
  readonly key: Buffer;
}

/** The keys a server holds: the first encrypts, all decrypt. */
export class KeyRing {
  readonly current: DataKey;
  private readonly byId: ReadonlyMap<string, DataKey>;

  constructor(keys: readonly DataKey[]) {
    const [first] = keys;
    if (!first) throw new Error("a key ring needs at least one key");
    for (const k of keys) {
      if (k.key.length !== 32) throw new Error(`key ${k.id} is ${k.key.length} bytes; AES-256 needs 32`);
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(k.id)) throw new Error(`key id ${JSON.stringify(k.id)} must be 1-32 letters, digits, _ or -`);
    }
    if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error("key ids must be unique");
    this.current = first;
    this.byId = new Map(keys.map((k) => [k.id, k]));
  }

  find(id: string): DataKey | undefined {
    return this.byId.get(id);
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }
}

export function generateDataKey(now: Date = new Date()): DataKey {
  // Date-based ids tell an operator at a glance how old the key in use is.
  const stamp = now.toISOString().slice(0, 19).replace(/[-:T]/g, "");
  return { id: `k${stamp}${randomBytes(2).toString("hex")}`, key: randomBytes(32) };
}

/** Parses ENCRYPTION_KEYS: "id1:base64key1,id2:base64key2" (first one encrypts). Throws a message naming what to fix. */
export function parseKeyList(value: string): DataKey[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry, i) => {
      const sep = entry.indexOf(":");
      if (sep <= 0) throw new Error(`entry ${i + 1} must look like id:base64key`);
      const id = entry.slice(0, sep);
      const key = Buffer.from(entry.slice(sep + 1), "base64");
      if (key.length !== 32) throw new Error(`key ${id} must be 32 random bytes in base64 (e.g. openssl rand -base64 32), got ${key.length} bytes`);
      return { id, key };
    });
}
