import { countQueries } from "../../server/metrics/countedDatabase";
import { databaseQueries } from "../../server/metrics/instruments";
import type { Database, Queryable } from "../../server/store/database";

/** A store that answers every statement with no rows and remembers what reached it, as the database would see it. */
function recordingStore(): { db: Database; seen: string[] } {
  const seen: string[] = [];
  const q: Queryable = {
    query: async <Row>(sql: string) => {
      seen.push(sql);
      if (sql === "fail") throw new Error("statement failed");
      return [] as Row[];
    },
    exec: async (sql) => {
      seen.push(sql);
    },
  };
  const db: Database = {
    kind: "postgres",
    ...q,
    async transaction(fn) {
      seen.push("begin");
      try {
        const result = await fn(q);
        seen.push("commit");
        return result;
      } catch (err) {
        seen.push("rollback");
        throw err;
      }
    },
    script: async <Row>(sql: string) => {
      seen.push(sql);
      return [] as Row[];
    },
    ping: async () => {
      seen.push("select 1");
    },
    close: async () => undefined,
  };
  return { db, seen };
}

const counted = async () => (await databaseQueries.get()).values[0]?.value ?? 0;

describe("mailsync_db_queries_total counts every round trip to the database", () => {
  it("one per statement, script and readiness ping, and a transaction's begin and commit besides its statements", async () => {
    const { db, seen } = recordingStore();
    const store = countQueries(db);
    const before = await counted();
    await store.query("select 1 from mailboxes where id = $1", ["m1"]);
    await store.exec("vacuum");
    await store.script("select 1; select 2");
    await store.ping();
    await store.transaction(async (tx) => {
      await tx.query("update mailboxes set status = 'active'");
      await tx.query("insert into sync_runs default values");
    });
    expect(seen).toHaveLength(8);
    expect((await counted()) - before).toBe(seen.length);
  });

  it("a transaction that fails costs its begin, the statements sent and its rollback", async () => {
    const { db, seen } = recordingStore();
    const store = countQueries(db);
    const before = await counted();
    await expect(store.transaction(async (tx) => tx.query("fail"))).rejects.toThrow("statement failed");
    expect(seen).toEqual(["begin", "fail", "rollback"]);
    expect((await counted()) - before).toBe(3);
  });

  it("is the same store underneath: its kind and the rows it answers", async () => {
    const { db } = recordingStore();
    const store = countQueries({ ...db, kind: "embedded" });
    expect(store.kind).toBe("embedded");
    await expect(store.query("select 1")).resolves.toEqual([]);
  });
});
