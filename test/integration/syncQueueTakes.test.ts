import { randomUUID } from "node:crypto";
import { SyncQueue } from "../../server/jobs/syncQueue";
import { createLogger } from "../../server/logger";
import { migrate } from "../../server/store/migrate";
import type { TestDatabase } from "../support/databases";
import { createTestDatabase, storeKinds } from "../support/databases";

jest.setTimeout(120_000);

/**
 * What keeps a cycle's takes cheap: a take of a batch reads it in pg-boss's order through the queue's own index rather
 * than sorting every waiting turn, and a turn that ran leaves the job table at once.
 */
describe.each(storeKinds)("mailbox turns in the queue on %s", (kind) => {
  let t: TestDatabase;
  let queue: SyncQueue;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await migrate(t.db);
    queue = await SyncQueue.open(t.db, { expireSeconds: 600, logger: createLogger("silent") });
  });
  afterAll(async () => {
    await queue.close();
    await t.dispose();
  });

  it("after a cycle's worth of turns is queued, a take reads its batch through the take-order index", async () => {
    await queue.add(Array.from({ length: 1000 }, () => ({ mailboxId: randomUUID(), trigger: "schedule" as const })));
    // pg-boss's own take statement, as its fetch sends it.
    const plan = await t.db.query<{ "QUERY PLAN": string }>(
      `explain select id from pgboss.job where name = $1 and state < 'active' and start_after < now()
       order by priority desc, created_on, id limit $2 for update skip locked`,
      ["mailbox-turn", 64],
    );
    const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toContain("mailbox_turn_take_order");
    expect(text).not.toMatch(/\bSort\b/);
    const taken = await queue.take(64);
    expect(taken).toHaveLength(64);
    await queue.complete(taken.map((j) => j.id));
    await queue.complete((await queue.take(1000)).map((j) => j.id));
  });

  it("a turn that ran leaves the job table, and its mailbox can wait for a turn again", async () => {
    const mailboxId = randomUUID();
    await queue.add([{ mailboxId, trigger: "sync_now" }]);
    const [job] = await queue.take(1);
    expect(job?.mailboxId).toBe(mailboxId);
    await queue.complete([job?.id ?? ""]);
    const left = await t.db.query("select 1 from pgboss.job where id = $1", [job?.id]);
    expect(left).toHaveLength(0);
    expect(await queue.depth()).toEqual({ queued: 0, active: 0, failed: 0 });
    await queue.add([{ mailboxId, trigger: "schedule" }]);
    const again = await queue.take(1);
    expect(again.map((j) => j.mailboxId)).toEqual([mailboxId]);
    await queue.complete(again.map((j) => j.id));
  });
});
