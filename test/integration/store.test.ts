import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate, SchemaTooNewError } from "../../server/store/migrate";
import { migrations } from "../../server/store/migrations";
import { MailboxRepository } from "../../server/store/mailboxRepository";
import type { TestDatabase } from "../support/databases";
import { createTestDatabase, storeKinds } from "../support/databases";

/** Each test gets a database of its own (migrated, except where migrating is the test), so any order works. */
describe.each(storeKinds)("store on %s", (kind) => {
  let t: TestDatabase;
  let dataDir: string | undefined;

  const open = async (options: { migrated: boolean }) => {
    dataDir = kind === "embedded" ? mkdtempSync(join(tmpdir(), "mailsync-store-")) : undefined;
    t = await createTestDatabase(kind, { dataDir });
    if (options.migrated) await migrate(t.db);
  };
  afterEach(async () => {
    await t?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("migrates an empty database to the latest version, and a second run applies nothing", async () => {
    await open({ migrated: false });
    const first = await migrate(t.db);
    expect(first).toEqual(migrations.map((m) => m.version));
    expect(await migrate(t.db)).toEqual([]);
    const rows = await t.db.query<{ version: number }>("select version from schema_migrations order by version");
    expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
  });

  it("stores a mailbox with its state and reads it back after the database is reopened", async () => {
    await open({ migrated: true });
    const repo = new MailboxRepository(t.db);
    await repo.ensureTenant("tenant-a", "Contoso");
    const m = await repo.upsert({ tenantId: "tenant-a", email: "Rep@Contoso.com", provider: "ews", access: "delegated" });
    expect(m.email).toBe("rep@contoso.com");
    expect(m.state).toEqual({ status: "pending" });
    await repo.setState("tenant-a", m.id, { status: "attention", reason: "reconnect_required", detail: "AADSTS700082" });

    const reopened = new MailboxRepository(await t.reopen());
    const again = await reopened.get("tenant-a", m.id);
    expect(again?.state).toEqual({ status: "attention", reason: "reconnect_required", detail: "AADSTS700082" });
    // The same address again is the same mailbox, not a second one.
    const same = await reopened.upsert({ tenantId: "tenant-a", email: "rep@contoso.com", provider: "ews", access: "delegated" });
    expect(same.id).toBe(m.id);
  });

  it("keeps tenants apart: a mailbox id from one tenant is not found in another", async () => {
    await open({ migrated: true });
    const repo = new MailboxRepository(t.db);
    await repo.ensureTenant("tenant-a");
    await repo.ensureTenant("tenant-b");
    const m = await repo.upsert({ tenantId: "tenant-a", email: "other@contoso.com", provider: "graph", access: "app_only" });
    expect(await repo.get("tenant-a", m.id)).not.toBeNull();
    expect(await repo.get("tenant-b", m.id)).toBeNull();
    await expect(repo.setState("tenant-b", m.id, { status: "paused" })).rejects.toThrow(/no mailbox/);
  });

  it("rolls a transaction back when it fails, leaving nothing half-written", async () => {
    await open({ migrated: true });
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query("insert into tenants (id) values ($1)", ["tenant-rollback"]);
        throw new Error("crash mid-transaction");
      }),
    ).rejects.toThrow("crash mid-transaction");
    expect(await t.db.query("select id from tenants where id = $1", ["tenant-rollback"])).toEqual([]);
  });

  it("refuses an attention state without a reason at the database level", async () => {
    await open({ migrated: true });
    const repo = new MailboxRepository(t.db);
    await repo.ensureTenant("tenant-a");
    await repo.upsert({ tenantId: "tenant-a", email: "rep@contoso.com", provider: "ews", access: "delegated" });
    await expect(t.db.query("update mailboxes set status = 'attention', reason = null where email = 'rep@contoso.com'")).rejects.toThrow(/attention_has_reason/);
  });

  it("returns counts as numbers on both stores", async () => {
    await open({ migrated: true });
    const repo = new MailboxRepository(t.db);
    await repo.ensureTenant("tenant-a");
    const a = await repo.upsert({ tenantId: "tenant-a", email: "a@contoso.com", provider: "ews", access: "delegated" });
    await repo.upsert({ tenantId: "tenant-a", email: "b@contoso.com", provider: "ews", access: "delegated" });
    await repo.setState("tenant-a", a.id, { status: "attention", reason: "reconnect_required", detail: "AADSTS700082" });
    const counts = await repo.countByStatus("tenant-a");
    expect(counts).toEqual({ attention: 1, pending: 1 });
  });

  it("refuses to run on a schema newer than the code knows, naming both versions", async () => {
    await open({ migrated: true });
    await t.db.query("insert into schema_migrations (version, name) values (999, 'from the future')");
    await expect(migrate(t.db)).rejects.toBeInstanceOf(SchemaTooNewError);
    await expect(migrate(t.db)).rejects.toThrow(/version 999 .* only knows up to/);
  });
});
