import type { Database } from "./database";
import type { Migration } from "./migration";
import { migrations as allMigrations } from "./migrations";

export type Readiness =
  | { readonly ready: true }
  | { readonly ready: false; readonly problem: string; readonly pendingMigrations?: readonly number[] };

/**
 * Ready when the database answers and holds every migration this code knows. A process started before its database
 * was migrated, or pointed at a restored older backup, must not take traffic: its queries name columns that are not
 * there. (A newer schema than the code is fine for a rolling upgrade; start-up refuses it only on this process's own start.)
 */
export async function checkReadiness(db: Database, migrations: readonly Migration[] = allMigrations): Promise<Readiness> {
  try {
    await db.ping();
  } catch {
    return { ready: false, problem: "the database does not answer" };
  }
  let applied: Set<number>;
  try {
    const rows = await db.query<{ version: number }>("select version from schema_migrations");
    applied = new Set(rows.map((r) => r.version));
  } catch {
    return { ready: false, problem: "the database has no migration record (schema_migrations cannot be read)", pendingMigrations: migrations.map((m) => m.version) };
  }
  const pending = migrations.map((m) => m.version).filter((v) => !applied.has(v)).sort((a, b) => a - b);
  if (pending.length > 0) {
    return {
      ready: false,
      problem: `the database schema is behind this server: migration${pending.length === 1 ? "" : "s"} ${pending.join(", ")} not applied (a server process applies them when it starts)`,
      pendingMigrations: pending,
    };
  }
  return { ready: true };
}
