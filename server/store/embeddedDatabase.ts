import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { PGlite } from "@electric-sql/pglite";
import type { Database, Queryable } from "./database";
import { DatabaseUnavailableError } from "./database";
import { lockDataDir } from "./dataDirLock";
import { makePrivate, privateFolder } from "./privateFiles";

/**
 * PostgreSQL's buffer cache inside the server's own memory. PostgreSQL's default (128 MB) is sized for a database
 * server of its own; here the operating system's page cache holds the data files as well, and the sync's working set
 * (mailboxes, cursors, recent runs of 10,000 mailboxes) is a few MB.
 */
const SHARED_BUFFERS = "32MB";

/**
 * PGlite's WebAssembly runs on V8's baseline compiler (Liftoff) only. With tier-up, V8 recompiles PostgreSQL's hot
 * functions with TurboFan on background threads, and the memory those compilations use stays with the threads'
 * malloc arenas: about 120 MB of resident memory for the life of the process, for database work that is a few per
 * cent of an idle cycle. Set before PGlite compiles its module; only PGlite runs WebAssembly in the server.
 */
function baselineWasmOnly(): void {
  setFlagsFromString("--no-wasm-dynamic-tiering");
  setFlagsFromString("--no-wasm-tier-up");
}

/**
 * Creating a database (PGlite's initdb, on a new data folder or in memory) leaves some 400 MB of dead WebAssembly and
 * ArrayBuffer memory behind. V8 frees it only at its next full collection, which a server that starts syncing at once
 * may not reach before its first cycle has piled its own garbage on top: the process then peaks near 700 MB. One full
 * collection once creating the database has let go of it (a turn of the event loop later) returns it. Opening an
 * existing database leaves no such garbage.
 */
async function collectInitdbGarbage(): Promise<void> {
  await nextTurn();
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  setFlagsFromString("--no-expose-gc");
  gc();
}

/**
 * PGlite in a data folder: one connection, so PGlite itself queues concurrent queries and a transaction holds the
 * connection until it ends. `dataDir` undefined keeps the database in memory (tests).
 */
export async function openEmbeddedDatabase(dataDir: string | undefined): Promise<Database> {
  let pg: PGlite;
  let release = () => {};
  if (dataDir) {
    privateFolder(dirname(dataDir));
    privateFolder(dataDir);
    release = lockDataDir(`${dataDir}.lock`);
    // Files written from now on are their owner's only (600/700) where the writer leaves the mode to the umask.
    process.umask(0o077);
  }
  const creating = !dataDir || !existsSync(join(dataDir, "PG_VERSION"));
  try {
    baselineWasmOnly();
    pg = await PGlite.create({ ...(dataDir ? { dataDir } : {}), startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${SHARED_BUFFERS}`] });
    // PGlite sets some files' modes itself, past the umask: a new database's files (unpacked 666) and the relation
    // caches it rewrites at every start. Made private again once it is up; the folder is 700 in any case.
    if (dataDir) makePrivate(dataDir);
    if (creating) await collectInitdbGarbage();
  } catch (err) {
    release();
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
    async script<Row>(sql: string) {
      const results = await pg.exec(sql);
      return (results[results.length - 1]?.rows ?? []) as Row[];
    },
    ping: async () => {
      await pg.query("select 1");
    },
    close: async () => {
      await pg.close();
      release();
    },
  };
}
