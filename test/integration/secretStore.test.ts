import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readKeyFile, loadOrCreateKeyFile } from "../../server/security/keyFile";
import { generateDataKey, KeyRing, parseKeyList } from "../../server/security/keyRing";
import { SecretDecryptionError } from "../../server/security/secretBox";
import { migrate } from "../../server/store/migrate";
import { SecretStore } from "../../server/store/secretStore";
import type { TestDatabase } from "../support/databases";
import { createTestDatabase, storeKinds } from "../support/databases";

const cache = { ownerKind: "mailbox", ownerId: "mbx-1", purpose: "msal_cache" } as const;

describe.each(storeKinds)("sealed secrets on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await migrate(t.db);
  });
  afterAll(() => t.dispose());

  it("stores only ciphertext, and reads the plaintext back with the key", async () => {
    const ring = new KeyRing([generateDataKey()]);
    const store = new SecretStore(t.db, ring);
    await store.put(cache, '{"RefreshToken":{"secret":"rt-plaintext-0001"}}');
    // This test's row only: others in the file leave rows sealed with their own keys, in any order.
    const raw = await t.db.query<{ sealed: string; key_id: string }>("select sealed, key_id from secrets where owner_kind = $1 and owner_id = $2 and purpose = $3", [cache.ownerKind, cache.ownerId, cache.purpose]);
    expect(raw).toHaveLength(1);
    expect(JSON.stringify(raw)).not.toContain("rt-plaintext-0001");
    expect(raw[0]?.key_id).toBe(ring.current.id);
    expect(await store.get(cache)).toBe('{"RefreshToken":{"secret":"rt-plaintext-0001"}}');
  });

  it("refuses a ciphertext moved to another owner's row", async () => {
    const ring = new KeyRing([generateDataKey()]);
    const store = new SecretStore(t.db, ring);
    await store.put({ ...cache, ownerId: "victim" }, "victim-secret");
    await t.db.query(
      "insert into secrets (owner_kind, owner_id, purpose, key_id, sealed) select owner_kind, 'attacker', purpose, key_id, sealed from secrets where owner_id = 'victim'",
    );
    await expect(store.get({ ...cache, ownerId: "attacker" })).rejects.toBeInstanceOf(SecretDecryptionError);
  });

  it("rotates: after a new key is put first, every secret is re-sealed with it and still reads the same", async () => {
    await t.db.query("delete from secrets");
    const oldKey = generateDataKey(new Date("2026-01-01T00:00:00Z"));
    const before = new SecretStore(t.db, new KeyRing([oldKey]));
    for (let i = 0; i < 25; i++) await before.put({ ...cache, ownerId: `m${i}` }, `secret-${i}`);

    const newKey = generateDataKey(new Date("2026-11-01T00:00:00Z"));
    const after = new SecretStore(t.db, new KeyRing([newKey, oldKey]));
    expect(await after.rotate(10)).toBe(25);
    expect(await after.countByKey()).toEqual({ [newKey.id]: 25 });
    // The old key can now be dropped: a ring with only the new key reads everything.
    const onlyNew = new SecretStore(t.db, new KeyRing([newKey]));
    for (let i = 0; i < 25; i++) expect(await onlyNew.get({ ...cache, ownerId: `m${i}` })).toBe(`secret-${i}`);
  });

  it("says which key is missing when a secret was sealed with a key the server no longer has", async () => {
    // Sealed here with a key the server below does not hold (not left by another test: any order).
    await new SecretStore(t.db, new KeyRing([generateDataKey()])).put({ ...cache, ownerId: "sealed-elsewhere" }, "a");
    const store = new SecretStore(t.db, new KeyRing([generateDataKey()]));
    await expect(store.get({ ...cache, ownerId: "sealed-elsewhere" })).rejects.toThrow(/sealed with key k\d+.*ENCRYPTION_KEYS/);
  });

  it("forgets every secret of a disconnected mailbox", async () => {
    const ring = new KeyRing([generateDataKey()]);
    const store = new SecretStore(t.db, ring);
    await store.put({ ...cache, ownerId: "gone" }, "a");
    await store.put({ ownerKind: "mailbox", ownerId: "gone", purpose: "password" }, "b");
    expect(await store.deleteOwner("mailbox", "gone")).toBe(2);
    expect(await store.get({ ...cache, ownerId: "gone" })).toBeNull();
  });
});

describe("key sources", () => {
  it("creates a key file readable by its owner only, and reads the same key back", () => {
    const dir = mkdtempSync(join(tmpdir(), "mailsync-keys-"));
    try {
      const path = join(dir, "secret-keys.json");
      const [created] = loadOrCreateKeyFile(path);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(loadOrCreateKeyFile(path)[0]?.key.equals(created?.key ?? Buffer.alloc(0))).toBe(true);
      chmodSync(path, 0o644);
      expect(() => readKeyFile(path)).toThrow(/chmod 600/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("parses ENCRYPTION_KEYS and explains a wrong key length", () => {
    const k = Buffer.alloc(32, 7).toString("base64");
    expect(parseKeyList(`new:${k}, old:${k}`).map((x) => x.id)).toEqual(["new", "old"]);
    expect(() => parseKeyList("new:c2hvcnQ=")).toThrow(/32 random bytes.*got 5 bytes/);
    expect(() => parseKeyList("justakey")).toThrow(/id:base64key/);
  });
});
