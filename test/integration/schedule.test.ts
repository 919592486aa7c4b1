import type { MailboxRunner } from "../../server/jobs/scheduler";
import { Scheduler } from "../../server/jobs/scheduler";
import { SyncQueue } from "../../server/jobs/syncQueue";
import { createLogger } from "../../server/logger";
import type { Database } from "../../server/store/database";
import type { Claim, FinishedRun, RunTrigger } from "../../server/store/scheduleRepository";
import { ScheduleRepository } from "../../server/store/scheduleRepository";
import { emptyStats } from "../../server/sync/runStats";
import type { TestDatabase } from "../support/databases";
import { createTestDatabase, storeKinds } from "../support/databases";
import { migrate } from "../../server/store/migrate";

const tenant = "tenant-schedule";

async function addMailboxes(db: Database, n: number, dueSecondsAgo: (i: number) => number | null): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const ago = dueSecondsAgo(i);
    const rows = await db.query<{ id: string }>(
      `insert into mailboxes (tenant_id, email, provider, access, status, next_sync_at)
       values ($1, $2, 'ews', 'app_only', 'active', case when $3::int is null then null else now() - make_interval(secs => $3::int) end) returning id`,
      [tenant, `rep${i}-${Math.random().toString(36).slice(2)}@contoso.com`, ago],
    );
    ids.push(rows[0]?.id ?? "");
  }
  return ids;
}

function finished(mailboxId: string, worker: { next?: Date | null; outcome?: "ok" | "failed" } = {}): FinishedRun {
  const now = new Date();
  return {
    run: { mailboxId, trigger: "schedule", startedAt: now, endedAt: now, outcome: worker.outcome ?? "ok", stats: { ...emptyStats(), pages: 3 }, calls: 3, crmCalls: 0, error: null },
    next: { at: worker.next === undefined ? new Date(now.getTime() + 3600_000) : worker.next, state: null, failures: worker.outcome === "failed" ? "increment" : "reset" },
    quietCursors: [],
  };
}

describe.each(storeKinds)("schedule on %s", (kind) => {
  let t: TestDatabase;
  let repo: ScheduleRepository;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await migrate(t.db);
    await t.db.query("insert into tenants (id) values ($1)", [tenant]);
    repo = new ScheduleRepository(t.db);
  });
  afterAll(() => t.dispose());
  beforeEach(() => t.db.query("delete from mailboxes"));

  it("claims due mailboxes in batches, oldest turn first, each once, with their cursors", async () => {
    const ids = await addMailboxes(t.db, 5, (i) => (i === 4 ? null : 100 - i * 10));
    await t.db.query("insert into folder_cursors (mailbox_id, folder, cursor, initial_done) values ($1, 'inbox', 'state-1', true)", [ids[0]]);
    const first = await repo.claimDue("w1", 60, 2, new Date());
    expect(first.map((c) => c.mailbox.id).sort()).toEqual([ids[0], ids[1]].sort());
    const withCursor = first.find((c) => c.mailbox.id === ids[0]);
    expect(withCursor?.cursors.get("inbox")).toEqual({ cursor: "state-1", initialDone: true });
    expect(first.find((c) => c.mailbox.id === ids[1])?.cursors.size).toBe(0);
    // Another worker gets the rest of what is due, never a leased one; a mailbox without a turn is never due.
    const second = await repo.claimDue("w2", 60, 10, new Date());
    expect(second.map((c) => c.mailbox.id).sort()).toEqual([ids[2], ids[3]].sort());
    expect(await repo.claimDue("w3", 60, 10, new Date())).toEqual([]);
  });

  it("two workers claiming at the same moment never take the same mailbox", async () => {
    await addMailboxes(t.db, 40, () => 60);
    const [a, b] = await Promise.all([repo.claimDue("wa", 60, 25, new Date()), repo.claimDue("wb", 60, 25, new Date())]);
    const all = [...a, ...b].map((c) => c.mailbox.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(40);
  });

  it("a mailbox whose turn comes after the cut-off is not claimed", async () => {
    const cutOff = new Date();
    const [later] = await addMailboxes(t.db, 1, () => -30);
    expect(await repo.claimDue("w1", 60, 10, cutOff)).toEqual([]);
    expect((await repo.claimDue("w1", 60, 10, new Date(Date.now() + 60_000))).map((c) => c.mailbox.id)).toEqual([later]);
  });

  it("finishing a batch records every run, releases the leases and sets each next turn; a worker without the lease changes nothing", async () => {
    const ids = await addMailboxes(t.db, 3, () => 10);
    await repo.claimDue("w1", 600, 3, new Date());
    const next = new Date(Date.now() + 900_000);
    await repo.finish("w1", [finished(ids[0] ?? "", { next }), finished(ids[1] ?? "", { next: new Date(Date.now() + 60_000), outcome: "failed" })]);
    await repo.finish("intruder", [finished(ids[2] ?? "")]);
    const rows = await t.db.query<{ id: string; lease_owner: string | null; next_sync_at: Date; consecutive_failures: number; last_synced_at: Date | null }>(
      "select id, lease_owner, next_sync_at, consecutive_failures, last_synced_at from mailboxes",
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ids[0] ?? "")).toMatchObject({ lease_owner: null, consecutive_failures: 0 });
    expect(byId.get(ids[0] ?? "")?.next_sync_at.getTime()).toBe(next.getTime());
    expect(byId.get(ids[0] ?? "")?.last_synced_at).not.toBeNull();
    expect(byId.get(ids[1] ?? "")).toMatchObject({ lease_owner: null, consecutive_failures: 1, last_synced_at: null });
    expect(byId.get(ids[2] ?? "")).toMatchObject({ lease_owner: "w1" });
    const runs = await t.db.query<{ mailbox_id: string; outcome: string; pages: number; calls: number }>("select mailbox_id, outcome, pages, calls from sync_runs where mailbox_id = any($1::uuid[])", [ids]);
    expect(runs.filter((r) => r.mailbox_id !== ids[2])).toEqual(
      expect.arrayContaining([
        { mailbox_id: ids[0], outcome: "ok", pages: 3, calls: 3 },
        { mailbox_id: ids[1], outcome: "failed", pages: 3, calls: 3 },
      ]),
    );
  });

  /** A runner that records its runs and finishes each with the given next turn. */
  function recordingRunner(worker: string, runs: string[], next: () => Date, gauge = { running: 0, peak: 0 }): MailboxRunner {
    return {
      workerId: worker,
      leaseSeconds: 60,
      stopRuns: () => undefined,
      async runClaimed(claim: Claim, trigger: RunTrigger) {
        gauge.running++;
        gauge.peak = Math.max(gauge.peak, gauge.running);
        runs.push(claim.mailbox.id);
        await new Promise((r) => setTimeout(r, 5));
        await repo.finish(worker, [finished(claim.mailbox.id, { next: next() })]);
        gauge.running--;
        return { mailboxId: claim.mailbox.id, outcome: trigger === "schedule" ? "ok" : "skipped", stats: emptyStats(), verdict: null };
      },
    };
  }

  it("a scheduler pass runs every mailbox due when it began exactly once, however small its batches", async () => {
    const ids = await addMailboxes(t.db, 7, () => 5);
    const runs: string[] = [];
    const gauge = { running: 0, peak: 0 };
    // Each run ends with the mailbox due again at once: the pass that is under way must not take it again.
    const queue = await SyncQueue.open(t.db, { expireSeconds: 120, logger: createLogger("silent") });
    const scheduler = new Scheduler(repo, queue, recordingRunner("w1", runs, () => new Date(Date.now() + 3600_000), gauge), createLogger("silent"), { concurrency: 2, batch: 2 });
    expect(await scheduler.tick()).toBe(7);
    await scheduler.pool.idle();
    expect(runs.sort()).toEqual([...ids].sort());
    expect(gauge.peak).toBe(2);
    await new Promise((r) => setTimeout(r, 300)); // acknowledgements are written in batches
    expect(await queue.depth()).toEqual({ queued: 0, active: 0, failed: 0 });
    await queue.close();
  });

  it("two workers queue and take the same due turns: each mailbox runs once, and pg-boss shows nothing left waiting", async () => {
    const ids = await addMailboxes(t.db, 12, () => 5);
    const runs: string[] = [];
    const logger = createLogger("silent");
    const qa = await SyncQueue.open(t.db, { expireSeconds: 120, logger });
    const qb = await SyncQueue.open(t.db, { expireSeconds: 120, logger });
    const later = () => new Date(Date.now() + 3600_000);
    const a = new Scheduler(repo, qa, recordingRunner("wa", runs, later), logger, { concurrency: 3, batch: 2 });
    const b = new Scheduler(repo, qb, recordingRunner("wb", runs, later), logger, { concurrency: 3, batch: 2 });
    // Both add every due turn (a mailbox keeps one waiting job), then both take side by side.
    await Promise.all([a.addDueTurns({ oncePerMinute: false }), b.addDueTurns({ oncePerMinute: false })]);
    expect((await qa.depth()).queued).toBe(12);
    const [na, nb] = await Promise.all([a.tick(), b.tick()]);
    await Promise.all([a.pool.idle(), b.pool.idle()]);
    expect(na + nb).toBe(12);
    expect(runs.sort()).toEqual([...ids].sort());
    await new Promise((r) => setTimeout(r, 300)); // acknowledgements are written in batches
    expect(await qa.depth()).toEqual({ queued: 0, active: 0, failed: 0 });
    // Only one process wins a minute's cycle.
    const wins = await Promise.all([qa.claimCycle(), qb.claimCycle()]);
    expect(wins.filter(Boolean).length).toBeLessThanOrEqual(1);
    await Promise.all([qa.close(), qb.close()]);
  });
});
