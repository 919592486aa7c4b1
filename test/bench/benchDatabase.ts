import pg from "pg";

/**
 * `BENCH_DATABASE_URL=postgres://…/anydb`: the bench world's store is a PostgreSQL database of its own, created on that
 * server for the run and dropped after it (the given database is only used to connect), so the figures can be read
 * with the store out of the server process. Unset: the embedded store in a temporary folder, as by default.
 */
export interface BenchDatabase {
  /** DATABASE_URL for the server; null: use the embedded store. */
  readonly url: string | null;
  drop(): Promise<void>;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const server = process.env.BENCH_DATABASE_URL;
  if (!server) return { url: null, drop: async () => undefined };
  const name = `mailsync_bench_${process.pid}_${Date.now()}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
