import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../server/config";
import { AppOnlyTokens } from "../../server/identity/appOnlyTokens";
import { AuthorityMetadataCache } from "../../server/identity/authorityMetadata";
import { createLogger } from "../../server/logger";
import type { EntraWorld } from "../simulators/world/entraWorld";
import { startEntraWorld } from "../simulators/world/entraWorld";
import { withClockAhead } from "../support/timeTravel";

jest.setTimeout(60_000);

describe("app-only tokens", () => {
  let world: EntraWorld;
  let tokens: AppOnlyTokens;
  const dataDir = mkdtempSync(join(tmpdir(), "mailsync-apponly-"));

  beforeAll(async () => {
    // No server listens here: the URL only names the app's redirect URIs in the registration.
    const port = 8443;
    world = await startEntraWorld(`https://localhost:${port}`);
    world.entra.control.grantAdminConsent({ tenant: world.contoso.tenantId, clientId: world.app.clientId });
    const config = loadConfig({ ...world.env, PORT: String(port), DATA_DIR: dataDir });
    tokens = new AppOnlyTokens(config, new AuthorityMetadataCache(config.microsoft.authorityHost), createLogger("silent"));
  });
  afterAll(async () => {
    await world?.entra.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const issued = () => world.entra.control.listIssuedTokens({ kind: "access_token", clientId: world.app.clientId }).length;

  it("every mailbox of a tenant shares one token until it nears expiry, then a new one is fetched", async () => {
    const before = issued();
    const first = await tokens.acquire(world.contoso.tenantId, "ews");
    const again = await Promise.all([tokens.acquire(world.contoso.tenantId, "ews"), tokens.acquire(world.contoso.tenantId, "ews")]);
    expect(first.ok).toBe(true);
    for (const t of again) expect(t).toEqual(first);
    expect(issued()).toBe(before + 1);
    const later = await withClockAhead(58 * 60_000, () => tokens.acquire(world.contoso.tenantId, "ews"));
    expect(later.ok && first.ok && later.accessToken !== first.accessToken).toBe(true);
    expect(issued()).toBe(before + 2);
  });

  it("a tenant's first turn, dozens of its mailboxes at once, asks Entra for one token", async () => {
    // A server just started: nothing cached yet.
    const config = loadConfig({ ...world.env, PORT: "8443", DATA_DIR: dataDir });
    const fresh = new AppOnlyTokens(config, new AuthorityMetadataCache(config.microsoft.authorityHost), createLogger("silent"));
    const before = issued();
    const all = await Promise.all(Array.from({ length: 24 }, () => fresh.acquire(world.contoso.tenantId, "graph")));
    expect(all.every((t) => t.ok)).toBe(true);
    expect(new Set(all.map((t) => (t.ok ? t.accessToken : "")))).toHaveProperty("size", 1);
    expect(issued()).toBe(before + 1);
  });

  it("a tenant whose admin has not consented gets no token; once the admin consents, the next token works", async () => {
    expect(await tokens.acquire(world.fabrikam.tenantId, "ews")).toMatchObject({ ok: false, failure: { kind: "attention" } });
    world.entra.control.grantAdminConsent({ tenant: world.fabrikam.tenantId, clientId: world.app.clientId });
    // A token already issued keeps what it was issued with until it expires.
    expect(await withClockAhead(58 * 60_000, () => tokens.acquire(world.fabrikam.tenantId, "ews"))).toMatchObject({ ok: true });
  });
});
