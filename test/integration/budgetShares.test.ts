import { migrate } from "../../server/store/migrate";
import { BudgetShareRepository } from "../../server/store/budgetShareRepository";
import type { TestDatabase } from "../support/databases";
import { createTestDatabase } from "../support/databases";

/** The fleet's call-budget shares on PostgreSQL (the only store where several workers share budgets). */
describe("call budget shares on postgres", () => {
  let t: TestDatabase;
  let shares: BudgetShareRepository;

  beforeAll(async () => {
    t = await createTestDatabase("postgres");
    await migrate(t.db);
    shares = new BudgetShareRepository(t.db);
  });
  afterAll(async () => t?.dispose());
  beforeEach(async () => t.db.query("delete from call_budget_shares"));

  const slots = async (key: string, worker: string) =>
    (await t.db.query<{ slots: number }>("select slots from call_budget_shares where budget_key = $1 and worker = $2", [key, worker]))[0]?.slots ?? null;

  it("renews a worker's shares of several accounts in one statement, leaving their slots as they were", async () => {
    await shares.hold("a", "w1", { limit: 10, wants: 4, inUse: 0, seconds: 9 });
    await shares.hold("b", "w1", { limit: 10, wants: 2, inUse: 0, seconds: 9 });
    const states = await shares.renew("w1", ["a", "b"], 9);
    expect(Object.fromEntries(states)).toEqual({ a: { renewed: true, contested: false }, b: { renewed: true, contested: false } });
    expect([await slots("a", "w1"), await slots("b", "w1")]).toEqual([4, 2]);
  });

  it("does not renew a share that has run out (another worker may have counted its slots free)", async () => {
    await shares.hold("a", "w1", { limit: 10, wants: 4, inUse: 0, seconds: 9 });
    await t.db.query("update call_budget_shares set until = now() - interval '1 second'");
    expect((await shares.renew("w1", ["a"], 9)).get("a")).toEqual({ renewed: false, contested: false });
  });

  it("says an account is contested when another worker wants more of it than it holds", async () => {
    await shares.hold("a", "w1", { limit: 10, wants: 10, inUse: 0, seconds: 9 });
    // w2 gets nothing while w1 holds the whole budget, and says it wants some.
    expect(await shares.hold("a", "w2", { limit: 10, wants: 4, inUse: 0, seconds: 9 })).toBe(0);
    expect((await shares.renew("w1", ["a"], 9)).get("a")).toEqual({ renewed: true, contested: true });
    // Asked again under the lock, w1 comes down to its fair part and w2 gets the rest.
    expect(await shares.hold("a", "w1", { limit: 10, wants: 10, inUse: 0, seconds: 9 })).toBe(5);
    expect(await shares.hold("a", "w2", { limit: 10, wants: 4, inUse: 0, seconds: 9 })).toBe(4);
    expect((await shares.renew("w1", ["a"], 9)).get("a")).toEqual({ renewed: true, contested: false });
  });

  it("gives back several shares in one statement, only this worker's", async () => {
    await shares.hold("a", "w1", { limit: 10, wants: 2, inUse: 0, seconds: 9 });
    await shares.hold("b", "w1", { limit: 10, wants: 2, inUse: 0, seconds: 9 });
    await shares.hold("a", "w2", { limit: 10, wants: 2, inUse: 0, seconds: 9 });
    await shares.releaseMany("w1", ["a", "b"]);
    expect([await slots("a", "w1"), await slots("b", "w1"), await slots("a", "w2")]).toEqual([null, null, 2]);
  });
});
