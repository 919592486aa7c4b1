import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { freePort } from "../support/ports";
import type { StartedProduct } from "../support/startedServer";
import { runProductToExit, startProduct } from "../support/startedServer";

jest.setTimeout(180_000);

/** Every file and folder under `root` whose mode gives anyone but its owner any access, as "path 0666". */
function notPrivate(root: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const mode = statSync(path).mode & 0o777;
    const dir = statSync(path).isDirectory();
    if (mode !== (dir ? 0o700 : 0o600)) found.push(`${relative(root, path) || "."} 0${mode.toString(8)}`);
    if (dir) for (const e of readdirSync(path)) walk(join(path, e));
  };
  walk(root);
  return found;
}

/**
 * Issue #14 item 9, with the real embedded store (PGlite) in real server processes: the first server on a DATA_DIR
 * keeps it; a second one started on it is refused with a message that says what to do, and the first goes on working.
 * The database's files are 600 and its folders 700 (a fresh PGlite database unpacks its files 666), and the key file
 * sits in a folder of its own, apart from the database files.
 */
describe("one server process per DATA_DIR, its files private", () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), "mailsync-exclusive-")), "data");
  // A configured tenant (no demo simulators): the store is what is tested. Nothing here calls Microsoft.
  const tenant = { ENTRA_CLIENT_ID: "11111111-2222-3333-4444-555555555555", ENTRA_CLIENT_SECRET: "not-used", LOG_LEVEL: "warn", DATA_DIR: dataDir };
  let first: StartedProduct | undefined;
  /** The server holding the folder: each test that needs it running starts it unless an earlier test did. */
  const running = async (): Promise<StartedProduct> => (first ??= await startProduct({ ...tenant, PORT: String(await freePort()) }));

  afterAll(async () => {
    await first?.stop();
    rmSync(join(dataDir, ".."), { recursive: true, force: true });
  });

  it("refuses a second process with a clear message while the first keeps serving", async () => {
    const holder = await running();
    const second = await runProductToExit({ ...tenant, PORT: String(await freePort()) });
    expect(second.code).not.toBe(0);
    expect(second.output).toContain(`The embedded database is in use by another server process (pid ${holder.child.pid}`);
    expect(second.output).toMatch(/Only one process may use a DATA_DIR: stop the other server, or give this one its own DATA_DIR/);
    expect(second.output).not.toMatch(/Sync server ready/);
    const health = await fetch(`${holder.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it("keeps the database files 600 and its folders 700, and the key file in a folder of its own", async () => {
    await running();
    expect(notPrivate(dataDir)).toEqual([]);
    expect(readdirSync(join(dataDir, "pglite")).length).toBeGreaterThan(5);
    expect(existsSync(join(dataDir, "keys", "secret-keys.json"))).toBe(true);
    expect(readdirSync(join(dataDir, "keys"))).toEqual(["secret-keys.json"]);
    expect(existsSync(join(dataDir, "secret-keys.json"))).toBe(false);
    expect(readdirSync(join(dataDir, "pglite")).filter((f) => f.includes("key"))).toEqual([]);
  });

  it("after a restart the files PGlite rewrites at start are private too", async () => {
    await (await running()).stop();
    first = undefined;
    await running();
    expect(notPrivate(dataDir)).toEqual([]);
  });
});
