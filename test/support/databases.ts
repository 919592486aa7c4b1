import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Database } from "../../server/store/database";
import { openEmbeddedDatabase } from "../../server/store/embeddedDatabase";
import { openPostgresDatabase } from "../../server/store/postgresDatabase";

/**
 * The two stores every store test runs against. PostgreSQL tests get a database of their own, dropped afterwards,
 * on the server named by TEST_DATABASE_URL (default: the local one this machine runs, trust auth).
 */
export const adminUrl = process.env.TEST_DATABASE_URL || maintenanceUrl(process.env.DATABASE_URL) || "postgres://postgres@127.0.0.1:5432/postgres";

/** The server DATABASE_URL names, reached through its `postgres` database (the named one need not exist). */
function maintenanceUrl(databaseUrl: string | undefined): string | undefined {
  if (!databaseUrl) return undefined;
  const url = new URL(databaseUrl);
  url.pathname = "/postgres";
  return url.toString();
}

export interface TestDatabase {
  readonly db: Database;
  /** For tests that reopen the same database (restart). */
  reopen(): Promise<Database>;
  dispose(): Promise<void>;
}

export type StoreKind = "embedded" | "postgres";
export const storeKinds: readonly StoreKind[] = ["embedded", "postgres"];

/**
 * The store of a test that runs on one: embedded PGlite by default, PostgreSQL when DATABASE_URL names a server (the
 * test still gets a database of its own there, created through that server).
 */
export const storeOfEnv: StoreKind = process.env.DATABASE_URL ? "postgres" : "embedded";

export async function createTestDatabase(kind: StoreKind, options: { dataDir?: string } = {}): Promise<TestDatabase> {
  if (kind === "embedded") {
    let db = await openEmbeddedDatabase(options.dataDir);
    return {
      get db() {
        return db;
      },
      async reopen() {
        await db.close();
        db = await openEmbeddedDatabase(options.dataDir);
        return db;
      },
      dispose: () => db.close(),
    };
  }
  const name = `mailsync_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let db = await openPostgresDatabase(url.toString(), { maxConnections: 5 });
  return {
    get db() {
      return db;
    },
    async reopen() {
      await db.close();
      db = await openPostgresDatabase(url.toString(), { maxConnections: 5 });
      return db;
    },
    async dispose() {
      await db.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * The connection URL of a fresh PostgreSQL database for a spawned server; drop it with the returned function. `prefix`
 * tells whose it is to anyone listing the server's databases.
 */
export async function createPostgresDatabaseUrl(prefix = "mailsync_test"): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`).finally(() => admin.end());
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`).finally(() => c.end());
    },
  };
}

/**
 * Empties every table but the migrations' own, as if the store had just been created: for suites that share one
 * server across tests and start each test from no tenant, mailbox, secret or rate-limit count.
 */
export async function emptyStore(db: Database): Promise<void> {
  const tables = await db.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'schema_migrations'",
  );
  if (tables.length > 0) await db.query(`truncate table ${tables.map((t) => `"${t.table_name}"`).join(", ")}`);
}
