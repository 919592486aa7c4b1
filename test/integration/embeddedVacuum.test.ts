import { EmbeddedVacuum } from "../../server/jobs/embeddedVacuum";
import { createLogger } from "../../server/logger";
import { migrate } from "../../server/store/migrate";
import type { TestDatabase } from "../support/databases";
import { createTestDatabase } from "../support/databases";

const tenant = "tenant-vacuum";

interface TableStats {
  n_dead_tup: number;
  vacuumed: boolean;
  analyzed: boolean;
}

describe("the embedded store is vacuumed, since PGlite runs no autovacuum", () => {
  let t: TestDatabase;

  beforeEach(async () => {
    t = await createTestDatabase("embedded");
    await migrate(t.db);
    await t.db.query("insert into tenants (id) values ($1)", [tenant]);
    await t.db.query(
      `insert into mailboxes (tenant_id, email, provider, access, status, next_sync_at)
       select $1, 'rep' || g || '@contoso.com', 'graph', 'app_only', 'active', now() from generate_series(1, 200) g`,
      [tenant],
    );
  });
  afterEach(() => t.dispose());

  const mailboxStats = async () => {
    // Statistics reach pg_stat_* when the backend flushes them (at most once a second): flush now.
    await t.db.query("select pg_stat_force_next_flush()");
    await t.db.query("select 1");
    return (
      await t.db.query<TableStats>(
        `select n_dead_tup::int as n_dead_tup, last_vacuum is not null or last_autovacuum is not null as vacuumed,
                last_analyze is not null or last_autoanalyze is not null as analyzed
         from pg_stat_user_tables where relname = 'mailboxes'`,
      )
    )[0];
  };

  /** Twenty sync turns' worth of updates to every mailbox, as finished runs leave them. */
  const turns = async () => {
    for (let i = 0; i < 20; i++) await t.db.query("update mailboxes set next_sync_at = now() + interval '30 minutes', updated_at = now()");
  };

  it("dead rows of finished turns pile up until the hourly vacuum clears them and gives the planner statistics", async () => {
    await turns();
    const before = await mailboxStats();
    // What the store looked like with no vacuum: every turn's old row versions kept, no statistics.
    expect(before).toMatchObject({ vacuumed: false, analyzed: false });
    expect(before?.n_dead_tup).toBeGreaterThanOrEqual(20 * 200 - 200);
    await new EmbeddedVacuum(t.db, createLogger("silent")).run();
    expect(await mailboxStats()).toEqual({ n_dead_tup: 0, vacuumed: true, analyzed: true });
  });

  it("a failed vacuum is logged and does not throw: the next hour tries again", async () => {
    const warnings: string[] = [];
    const logger = createLogger("silent");
    logger.warn = ((...args: unknown[]) => void warnings.push(String(args[1]))) as unknown as typeof logger.warn;
    await t.db.close();
    await new EmbeddedVacuum(t.db, logger).run();
    expect(warnings).toEqual(["could not vacuum the embedded store; trying again in an hour"]);
    t = await createTestDatabase("embedded");
  });
});
