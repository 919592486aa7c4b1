import { migrate } from "../../server/store/migrate";
import { MailboxRepository } from "../../server/store/mailboxRepository";
import { ScheduleRepository } from "../../server/store/scheduleRepository";
import type { TestDatabase } from "../support/databases";
import { createTestDatabase, storeKinds } from "../support/databases";

/**
 * "Logged today" on the sidebar is the UTC day, whatever time zone the database session runs in. Kiritimati (UTC+14)
 * makes the session's day differ from the UTC day at every hour: before 10:00 UTC its day began yesterday, after it
 * its day begins later today, so a count by the session's day is wrong whenever this test runs.
 */
describe.each(storeKinds)("logged today on %s", (kind) => {
  let t: TestDatabase;

  beforeEach(async () => {
    t = await createTestDatabase(kind);
    await migrate(t.db);
    if (kind === "embedded") {
      await t.db.query("set time zone 'Pacific/Kiritimati'");
    } else {
      const [row] = await t.db.query<{ name: string }>("select current_database() as name");
      await t.db.query(`alter database "${row?.name}" set timezone to 'Pacific/Kiritimati'`);
      await t.reopen();
    }
  });
  afterEach(() => t.dispose());

  it("counts the links made since midnight UTC, not since the session's midnight", async () => {
    const [zone] = await t.db.query<{ tz: string }>("select current_setting('TimeZone') as tz");
    expect(zone?.tz).toBe("Pacific/Kiritimati");
    const mailboxes = new MailboxRepository(t.db);
    await mailboxes.ensureTenant("tenant-a", "Contoso");
    const m = await mailboxes.upsert({ tenantId: "tenant-a", email: "rep@contoso.com", provider: "ews", access: "delegated" });
    // "Today" is the database's: a PostgreSQL server keeps its own clock (also when a test run moves Date ahead).
    const [clock] = await t.db.query<{ now: Date }>("select now() as now");
    const now = new Date(clock?.now ?? Date.now());
    const midnightUtc = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const links = [
      { key: "msg:yesterday-late", at: new Date(midnightUtc - 60_000) },
      { key: "msg:today-early", at: new Date(midnightUtc + 1_000) },
      { key: "msg:just-now", at: new Date(now.getTime() - 1_000) },
    ].filter((l) => l.at.getTime() <= now.getTime());
    for (const l of links) {
      await t.db.query("insert into activity_mailboxes (tenant_id, dedup_key, mailbox_id, linked_at) values ('tenant-a', $1, $2, $3)", [l.key, m.id, l.at.toISOString()]);
    }
    const summary = await new ScheduleRepository(t.db).summary(m.id);
    expect(summary.loggedToday).toBe(links.filter((l) => l.at.getTime() >= midnightUtc).length);
  });
});
