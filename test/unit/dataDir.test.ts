import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { moveLegacyKeyFile } from "../../server/security/keyFile";
import { DataDirLockedError, lockDataDir } from "../../server/store/dataDirLock";

describe("embedded data folder", () => {
  it("a second process is refused while the first holds the lock; a dead holder's lock is taken over", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mailsync-lock-"));
    const lock = join(dir, "pglite.lock");
    const other = spawn("sleep", ["30"]);
    try {
      writeFileSync(lock, String(other.pid));
      expect(() => lockDataDir(lock)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(lock)).toThrow(/in use by another server process/);
    } finally {
      other.kill();
      await new Promise((r) => other.once("exit", r));
    }
    const release = lockDataDir(lock);
    expect(readFileSync(lock, "utf8")).toBe(String(process.pid));
    expect(statSync(lock).mode & 0o777).toBe(0o600);
    release();
    expect(existsSync(lock)).toBe(false);
  });

  it("moves an old key file beside the database into its own private folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "mailsync-keys-"));
    const legacy = join(dir, "secret-keys.json");
    writeFileSync(legacy, '{"keys":[{"id":"k1","key":"AAAA"}]}', { mode: 0o600 });
    const path = join(dir, "keys", "secret-keys.json");
    moveLegacyKeyFile(legacy, path);
    expect(existsSync(legacy)).toBe(false);
    expect(readFileSync(path, "utf8")).toContain("k1");
    expect(statSync(join(dir, "keys")).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
