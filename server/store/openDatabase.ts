import type { StorageConfig } from "../config";
import type { Database } from "./database";
import { openEmbeddedDatabase } from "./embeddedDatabase";
import { migrate } from "./migrate";
import { openPostgresDatabase } from "./postgresDatabase";

/** Opens the configured store and brings its schema up to date before anyone uses it. */
export async function openDatabase(storage: StorageConfig): Promise<Database> {
  const db = storage.kind === "postgres" ? await openPostgresDatabase(storage.url) : await openEmbeddedDatabase(storage.dataDir);
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}
