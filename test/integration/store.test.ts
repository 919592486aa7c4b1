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

  it("upgrades a database that already holds a team's data (schema 4, syncing) to the latest, keeping every row readable", async () => {
    await open({ migrated: false });
    const upTo4 = migrations.filter((m) => m.version <= 4);
    expect(await migrate(t.db, upTo4)).toEqual([1, 2, 3, 4]);
    // What a release at schema 4 wrote, in its own columns.
    await t.db.query("insert into tenants (id, display_name) values ('tenant-old', 'Contoso')");
    const [active] = await t.db.query<{ id: string }>(
      "insert into mailboxes (tenant_id, email, provider, access, status, next_sync_at) values ('tenant-old', 'adele@contoso.com', 'ews', 'delegated', 'active', now()) returning id",
    );
    const [troubled] = await t.db.query<{ id: string }>(
      "insert into mailboxes (tenant_id, email, provider, access, status, reason, reason_detail) values ('tenant-old', 'diego@contoso.com', 'ews', 'delegated', 'attention', 'reconnect_required', 'AADSTS700082') returning id",
    );
    await t.db.query("insert into folder_cursors (mailbox_id, folder, cursor, initial_done) values ($1, 'inbox', 'state-41', true)", [active?.id]);
    await t.db.query(
      "insert into crm_activities (tenant_id, dedup_key, kind, crm_key, crm_id, content_hash, owner_email) values ('tenant-old', 'msg:order-7@fabrikam.com', 'email', 'k-7', '00T000000000001', 'h', 'adele@contoso.com')",
    );
    await t.db.query("insert into activity_mailboxes (tenant_id, dedup_key, mailbox_id) values ('tenant-old', 'msg:order-7@fabrikam.com', $1)", [active?.id]);

    expect(await migrate(t.db)).toEqual(migrations.filter((m) => m.version > 4).map((m) => m.version));
    const repo = new MailboxRepository(t.db);
    expect((await repo.get("tenant-old", active?.id ?? ""))?.state).toEqual({ status: "active" });
    expect(await repo.get("tenant-old", troubled?.id ?? "")).toMatchObject({ email: "diego@contoso.com", consecutiveFailures: 0, state: { status: "attention", reason: "reconnect_required", detail: "AADSTS700082" } });
    expect(await repo.countByStatus("tenant-old")).toEqual({ active: 1, attention: 1 });
    expect(await t.db.query("select cursor, initial_done from folder_cursors where mailbox_id = $1", [active?.id])).toEqual([{ cursor: "state-41", initial_done: true }]);
    expect(await t.db.query("select crm_id from crm_activities where dedup_key = 'msg:order-7@fabrikam.com'")).toEqual([{ crm_id: "00T000000000001" }]);
    expect(await t.db.query("select count(*)::int as n from activity_mailboxes where tenant_id = 'tenant-old'")).toEqual([{ n: 1 }]);
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
