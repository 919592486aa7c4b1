import type { Database, Queryable } from "../store/database";
import { databaseQueries } from "./instruments";

/**
 * The store with every round trip counted in mailsync_db_queries_total: what a turn costs the database is the figure
 * a fleet is sized by, and the queue library (pg-boss) reaches the database through the same store, so its queries
 * count too. A transaction costs its begin and its commit (or rollback) besides the statements inside it.
 */
export function countQueries(db: Database): Database {
  const counted = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      databaseQueries.inc();
      return q.query(sql, params);
    },
    exec: (sql) => {
      databaseQueries.inc();
      return q.exec(sql);
    },
  });
  const outside = counted(db);
  return {
    kind: db.kind,
    query: outside.query,
    exec: outside.exec,
    transaction: (fn) => {
      databaseQueries.inc(2);
      return db.transaction((tx) => fn(counted(tx)));
    },
    script: (sql) => {
      databaseQueries.inc();
      return db.script(sql);
    },
    ping: () => {
      databaseQueries.inc();
      return db.ping();
    },
    close: () => db.close(),
  };
}
