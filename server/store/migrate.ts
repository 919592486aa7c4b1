import type { Database } from "./database";
import type { Migration } from "./migration";
import { migrations as allMigrations } from "./migrations";

/** Any fixed number: every server process takes the same lock, so only one migrates at a time. */
const MIGRATION_LOCK = 72_620_001;

export class SchemaTooNewError extends Error {
  constructor(readonly databaseVersion: number, readonly codeVersion: number) {
    super(
      `The database schema is at version ${databaseVersion} but this server only knows up to ${codeVersion}. ` +
        "A newer server has migrated it: run that version, or restore a backup taken before the upgrade.",
    );
    this.name = "SchemaTooNewError";
  }
}

/** Applies pending migrations in one transaction; safe to call from several processes at once. Returns the versions applied. */
export async function migrate(db: Database, migrations: readonly Migration[] = allMigrations): Promise<number[]> {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  return db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.query(`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`);
    const rows = await tx.query<{ version: number }>("select version from schema_migrations");
    const applied = new Set(rows.map((r) => r.version));
    const newest = Math.max(0, ...applied);
    if (newest > latest) throw new SchemaTooNewError(newest, latest);
    const done: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query("insert into schema_migrations (version, name) values ($1, $2)", [m.version, m.name]);
      done.push(m.version);
    }
    return done;
  });
}
