/** `npm run activate`: the command-line tool drives a mass activation through the API and reports every line. */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiToken } from "../support/signIn";
import type { SyncWorld } from "../support/syncWorld";
import { startSyncWorld } from "../support/syncWorld";

jest.setTimeout(120_000);

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--require", "./node_modules/tsx/dist/cjs/index.cjs", "scripts/activate.ts", ...args], { env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("the activation command-line tool", () => {
  let w: SyncWorld;
  let dir: string;
  let token: string;

  beforeAll(async () => {
    w = await startSyncWorld("embedded", { messagesPerMailbox: 2, eventsPerMailbox: 0 });
    w.world.entra.control.grantAdminConsent({ tenant: w.world.contoso.tenantId, clientId: w.world.app.clientId });
    for (const n of ["ann", "bo", "cy"]) w.world.exchange.control.createMailbox({ smtp: `${n}@contoso.com`, tenantId: w.world.contoso.tenantId });
    token = await apiToken(w.world, w.world.users.megan, w.url);
    dir = mkdtempSync(join(tmpdir(), "activate-cli-"));
  });
  afterAll(async () => {
    await w?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("activates the good lines, shows progress, lists the lines that need a look and exits 1", async () => {
    const file = join(dir, "team.csv");
    writeFileSync(file, "email,display_name\nann@contoso.com,Ann\nbo@contoso.com,Bo\nbroken line\ncy@contoso.com,Cy\n");
    const r = await runCli([file, "--server", w.url, "--poll-ms", "100"], { SYNC_API_TOKEN: token });
    expect(r.stdout).toContain("Done: 3 activated, 0 already syncing, 1 not activated (of 4 lines).");
    expect(r.stdout).toMatch(/line 4 {2}broken line {2}invalid: .*line 4 has 1 field but the header has 2/);
    expect(r.stderr).toMatch(/Activating \[.*\] 4\/4 lines/);
    expect(r.code).toBe(1);
    for (const n of ["ann", "bo", "cy"]) expect(await w.ts.server.services.mailboxes.findByEmail(w.world.contoso.tenantId, `${n}@contoso.com`)).toMatchObject({ access: "app_only" });
  });

  it("says what is missing instead of starting, and passes on the server's refusal", async () => {
    const missing = await runCli([], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("name the CSV file; give --server (or SYNC_SERVER_URL); set SYNC_API_TOKEN");
    const repToken = await apiToken(w.world, w.world.users.adele, w.url);
    const file = join(dir, "one.csv");
    writeFileSync(file, "email\nann@contoso.com\n");
    const refused = await runCli([file, "--server", w.url], { SYNC_API_TOKEN: repToken });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refused the activation \(HTTP 403\): This needs the Sync.Admin role/);
  });
});
