import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { Database, Queryable } from "./database";
import { DatabaseUnavailableError } from "./database";

/**
 * PGlite in a data folder: one connection, so PGlite itself queues concurrent queries and a transaction holds the
 * connection until it ends. `dataDir` undefined keeps the database in memory (tests).
 */
export async function openEmbeddedDatabase(dataDir: string | undefined): Promise<Database> {
  let pg: PGlite;
  try {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    pg = await PGlite.create(dataDir ? { dataDir } : {});
  } catch (err) {
    throw new DatabaseUnavailableError(
      `Could not open the embedded database in ${dataDir ?? "memory"}: ${(err as Error).message}. ` +
        "Check that the folder is writable and not used by another running server (PGlite allows one process per folder).",
      { cause: err },
    );
  }
  const wrap = (q: Pick<PGlite, "query" | "exec">): Queryable => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await q.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const self = wrap(pg);
  return {
    kind: "embedded",
    query: self.query,
    exec: self.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    ping: async () => {
      await pg.query("select 1");
    },
    close: () => pg.close(),
  };
}
