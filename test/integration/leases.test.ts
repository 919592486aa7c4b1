import { migrate } from "../../server/store/migrate";
import type { Database } from "../../server/store/database";
import { LeaseLostError } from "../../server/store/lease";
import { MailboxRepository } from "../../server/store/mailboxRepository";
import { ScheduleRepository } from "../../server/store/scheduleRepository";
import type { PageCommit } from "../../server/store/syncRepository";
import { SyncRepository } from "../../server/store/syncRepository";
import { emptyStats } from "../../server/sync/runStats";
import { applyAction } from "../../server/admin/mailboxActions";
import type { TestDatabase } from "../support/databases";
import { createTestDatabase, storeKinds } from "../support/databases";
import type { SecretStore } from "../../server/store/secretStore";

const tenant = "tenant-leases";

async function addDueMailbox(db: Database): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `insert into mailboxes (tenant_id, email, provider, access, status, next_sync_at)
     values ($1, $2, 'ews', 'app_only', 'active', now() - interval '1 minute') returning id`,
    [tenant, `rep-${Math.random().toString(36).slice(2)}@contoso.com`],
  );
  return rows[0]?.id ?? "";
}

function page(mailboxId: string, worker: string, cursor: string): PageCommit {
  return { lease: { worker, seconds: 120 }, tenantId: tenant, mailboxId, folder: "inbox", nextCursor: cursor, folderDone: true, activities: [], links: [], unlinkItemIds: [], deletedDedupKeys: [] };
}

/** The lease the previous holder took has run out (its worker stalled or died). */
const expire = (db: Database, id: string) => db.query("update mailboxes set lease_until = now() - interval '1 second' where id = $1", [id]);

const cursorOf = async (db: Database, id: string) =>
  (await db.query<{ cursor: string }>("select cursor from folder_cursors where mailbox_id = $1 and folder = 'inbox'", [id]))[0]?.cursor ?? null;

describe.each(storeKinds)("leases on %s", (kind) => {
  let t: TestDatabase;
  let schedule: ScheduleRepository;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await migrate(t.db);
    await t.db.query("insert into tenants (id) values ($1)", [tenant]);
    schedule = new ScheduleRepository(t.db);
  });
  afterAll(() => t.dispose());

  it("refuses a stale worker's page commit: the new holder's cursor stays", async () => {
    const id = await addDueMailbox(t.db);
    expect(await schedule.claim(id, "w-old", 120)).not.toBeNull();
    await t.db.transaction((tx) => new SyncRepository(tx).commitPage(page(id, "w-old", "old-1")));
    expect(await cursorOf(t.db, id)).toBe("old-1");

    await expire(t.db, id);
    expect(await schedule.claim(id, "w-new", 120)).not.toBeNull();
    await t.db.transaction((tx) => new SyncRepository(tx).commitPage(page(id, "w-new", "new-1")));

    // The old worker wakes up and tries to save the page it was working on.
    await expect(t.db.transaction((tx) => new SyncRepository(tx).commitPage(page(id, "w-old", "old-2")))).rejects.toBeInstanceOf(LeaseLostError);
    expect(await cursorOf(t.db, id)).toBe("new-1");
  });

  it("refuses a commit whose lease ran out even when nobody took the mailbox yet", async () => {
    const id = await addDueMailbox(t.db);
    await schedule.claim(id, "w1", 120);
    await expire(t.db, id);
    await expect(t.db.transaction((tx) => new SyncRepository(tx).commitPage(page(id, "w1", "late")))).rejects.toBeInstanceOf(LeaseLostError);
    expect(await cursorOf(t.db, id)).toBeNull();
  });

  it("a heartbeat keeps the lease; it fails once another worker took over, and that worker's run alone is recorded, with its quiet folders' links", async () => {
    const id = await addDueMailbox(t.db);
    await t.db.query("insert into folder_cursors (mailbox_id, folder, cursor, initial_done) values ($1, 'inbox', 'before', false)", [id]);
    await schedule.claim(id, "w1", 120);
    expect(await schedule.renew(id, "w1", 120)).toBe(true);
    expect(await schedule.claim(id, "w2", 120)).toBeNull();
    await expire(t.db, id);
    expect(await schedule.claim(id, "w2", 120)).not.toBeNull();
    expect(await schedule.renew(id, "w1", 120)).toBe(false);

    const now = new Date();
    const run = (worker: string) => ({
      run: { mailboxId: id, trigger: "schedule" as const, startedAt: now, endedAt: now, outcome: "ok" as const, stats: emptyStats(), calls: 1, crmCalls: 0, error: worker },
      next: { at: new Date(now.getTime() + 3_600_000), state: null, failures: "reset" as const },
      quietCursors: [{ folder: "inbox", cursor: `quiet link of ${worker}` }],
    });
    await schedule.finish("w1", [run("w1")]);
    expect(await cursorOf(t.db, id)).toBe("before");
    await schedule.finish("w2", [run("w2")]);
    expect(await cursorOf(t.db, id)).toBe("quiet link of w2");
    expect(await t.db.query("select initial_done from folder_cursors where mailbox_id = $1", [id])).toEqual([{ initial_done: true }]);
    const runs = await t.db.query<{ error: string }>("select error from sync_runs where mailbox_id = $1", [id]);
    expect(runs.map((r) => r.error)).toEqual(["w2"]);
  });

  it("Sync now on a mailbox a run still holds says by when the new run starts; a request during the run makes it due again", async () => {
    const id = await addDueMailbox(t.db);
    await schedule.claim(id, "w1", 120);
    const startedAt = new Date(Date.now() - 1000);
    const asked = await new MailboxRepository(t.db).requestSync(id, 60);
    expect(asked?.heldUntil).toBeInstanceOf(Date);
    expect(asked!.heldUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(asked!.heldUntil!.getTime()).toBeLessThanOrEqual(Date.now() + 121_000);

    const later = new Date(Date.now() + 3_600_000);
    await schedule.finish("w1", [
      { run: { mailboxId: id, trigger: "schedule", startedAt, endedAt: new Date(), outcome: "ok", stats: emptyStats(), calls: 1, crmCalls: 0, error: null }, next: { at: later, state: null, failures: "reset" }, quietCursors: [] },
    ]);
    const due = await schedule.claimDue("w2", 120, 10, new Date(Date.now() + 1000));
    expect(due.map((c) => c.mailbox.id)).toContain(id);
  });

  it("the console's Sync now on a held mailbox says the run starts within minutes, not at once", async () => {
    const id = await addDueMailbox(t.db);
    await schedule.claim(id, "dead-worker", 120);
    const done = await applyAction({ db: t.db, secrets: {} as SecretStore }, { tenantId: tenant, actor: "support" }, id, "sync-now");
    expect(done.message).toMatch(/still under way .*at the latest within 3 minutes/);
  });

  it("after a restart of the one process on its store, the dead run's leases are freed and the mailbox is claimable", async () => {
    const id = await addDueMailbox(t.db);
    await schedule.claim(id, "pid-that-died", 120);
    expect(await schedule.claim(id, "restarted", 120)).toBeNull();
    expect(await schedule.releaseStale()).toBeGreaterThanOrEqual(1);
    expect(await schedule.claim(id, "restarted", 120)).not.toBeNull();
  });

  it("shutdown releases every lease the worker holds and no other", async () => {
    const a = await addDueMailbox(t.db);
    const b = await addDueMailbox(t.db);
    await schedule.claim(a, "leaving", 120);
    await schedule.claim(b, "staying", 120);
    expect(await schedule.releaseAll("leaving")).toBe(1);
    expect(await schedule.claim(a, "other", 120)).not.toBeNull();
    expect(await schedule.claim(b, "other", 120)).toBeNull();
  });
});
