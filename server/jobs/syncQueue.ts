import PgBoss from "pg-boss";
import type { Logger } from "../logger";
import type { QueueDepth } from "../metrics/queueDepth";
import type { Database } from "../store/database";
import type { RunTrigger } from "../store/scheduleRepository";

/** One mailbox's turn, waiting in the queue or taken by a worker. */
export interface SyncJob {
  readonly id: string;
  readonly mailboxId: string;
  readonly trigger: RunTrigger;
}

export interface SyncQueueOptions {
  /**
   * A taken job not finished within this is handed out again (its worker died). The mailbox's lease, not the job,
   * guards the mailbox, so a job handed out while its first run still goes is simply skipped.
   */
  readonly expireSeconds: number;
  /** How often a job whose run crashed (the database was away, a bug) is tried again, 30 s apart and doubling. */
  readonly retryLimit?: number;
  readonly logger: Logger;
}

const QUEUE = "mailbox-turn";
/** One line of a mass activation: one check of one address, by whichever worker takes it. */
const PROBE = "activation-probe";
/** One job per minute, fleet-wide: whoever adds it queues that minute's due turns. */
const CYCLE = "due-cycle";
const SCHEMA = "pgboss";
/** Turns written by one statement when a cycle begins. */
const INSERT_CHUNK = 2000;
/** Turns added at once past which the queue's statistics are refreshed (see `add`). */
const ANALYZE_AFTER = 500;

/**
 * pg-boss takes jobs oldest first (`order by priority desc, created_on, id limit n`), but its own index on waiting jobs
 * is on `start_after`: each take sorted every waiting job to hand out a batch, so a cycle that queues 10,000 turns and
 * takes them 64 at a time sorted ~800,000 rows (about a third of an idle cycle's CPU on the embedded store). This index
 * on the queue's own table (pg-boss gives each queue one) is in that order: a take reads the batch and stops.
 */
async function ensureTakeOrderIndex(db: Database, queue: string): Promise<string | null> {
  const rows = await db.query<{ partition_name: string | null }>(`select partition_name from ${SCHEMA}.queue where name = $1`, [queue]);
  const table = rows[0]?.partition_name;
  if (!table || !/^[a-z0-9_]+$/.test(table)) return null;
  // Named for the queue: the table's own name is 58 characters, and PostgreSQL cuts names at 63.
  const index = `${queue.replace(/[^a-z0-9]/g, "_")}_take_order`;
  const create = `create index if not exists ${index} on ${SCHEMA}.${table} (name, priority desc, created_on, id) include (start_after) where state < 'active'`;
  // Several processes starting at once may race to create it: whoever loses finds it there.
  await db.query(create).catch(async (err: unknown) => {
    const found = await db.query(`select 1 from pg_indexes where schemaname = $1 and indexname = $2`, [SCHEMA, index]);
    if (found.length === 0) throw err;
  });
  return table;
}

/**
 * The mailbox turns as pg-boss jobs, in the same database (PostgreSQL, or embedded PGlite through the same adapter:
 * one code path). The queue's policy is pg-boss's "short": at most one job waits per mailbox (its singleton key), so
 * the minute tick of every worker, "Sync now" and a retry can all add a turn and the mailbox still waits once.
 *
 * Why not "singleton"/"stately" (one *active* job per key): pg-boss enforces them with a unique index that makes a
 * whole batched fetch fail when one job in it collides, and a worker would then see an empty queue. The mailbox lease
 * (ScheduleRepository.claim) already lets one worker at a time run a mailbox and fences its writes; and a turn that
 * has been run is no longer due, so a second job for it finds nothing to do. Together: each turn runs once fleet-wide.
 */
export class SyncQueue {
  private constructor(
    private readonly boss: PgBoss,
    private readonly db: Database,
    /** The turns' own table in pg-boss's schema, for ANALYZE; null when it could not be found (takes sort then). */
    private readonly turnTable: string | null,
  ) {}

  static async open(db: Database, o: SyncQueueOptions): Promise<SyncQueue> {
    const adapter: PgBoss.Db = {
      // Parameterless calls are pg-boss's multi-statement scripts (schema, maintenance under an advisory lock).
      executeSql: async (text: string, values?: unknown[]) => ({ rows: values && values.length > 0 ? await db.query(text, values) : await db.script(text) }),
    };
    const boss = new PgBoss({
      db: adapter,
      schema: SCHEMA,
      migrate: true,
      supervise: true,
      // node-cron finds due turns; pg-boss's own cron is not used.
      schedule: false,
      // Finished jobs leave the job table soon (the run history is sync_runs): the table stays small for fetches.
      archiveCompletedAfterSeconds: 15 * 60,
      archiveFailedAfterSeconds: 24 * 3600,
      deleteAfterDays: 2,
    });
    // Maintenance failing (the database restarting) must not end the process; the next round tries again.
    boss.on("error", (err) => o.logger.warn({ err }, "job queue maintenance failed; it is tried again"));
    await boss.start();
    const queue = {
      name: QUEUE,
      policy: "short" as const,
      retryLimit: o.retryLimit ?? 4,
      retryDelay: 30,
      retryBackoff: true,
      expireInSeconds: o.expireSeconds,
    };
    if (await boss.getQueue(QUEUE)) await boss.updateQueue(QUEUE, queue);
    else await boss.createQueue(QUEUE, queue).catch(async (err: unknown) => {
      // Another process created it at the same moment.
      if (!(await boss.getQueue(QUEUE))) throw err;
    });
    const probe = { name: PROBE, policy: "short" as const, retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 300 };
    if (!(await boss.getQueue(PROBE))) await boss.createQueue(PROBE, probe).catch(() => undefined);
    // The minute marks are never worked: they only hold their slot, and pg-boss archives them after their retention.
    if (!(await boss.getQueue(CYCLE))) await boss.createQueue(CYCLE, { name: CYCLE, policy: "standard", retentionMinutes: 10 }).catch(() => undefined);
    return new SyncQueue(boss, db, await ensureTakeOrderIndex(db, QUEUE));
  }

  /** Adds turns; a mailbox that already has one waiting keeps that one. */
  async add(turns: readonly { mailboxId: string; trigger: RunTrigger }[]): Promise<void> {
    for (let i = 0; i < turns.length; i += INSERT_CHUNK) {
      await this.boss.insert(turns.slice(i, i + INSERT_CHUNK).map((t) => ({ name: QUEUE, singletonKey: t.mailboxId, data: { mailboxId: t.mailboxId, trigger: t.trigger } })));
    }
    // The planner uses the take-order index only when it knows many jobs wait; with no statistics (the embedded store
    // has no autovacuum to gather them) it guesses a handful and sorts them all. A cycle's worth of turns is when it
    // pays to tell it; a failure only leaves takes slower.
    if (turns.length >= ANALYZE_AFTER && this.turnTable) await this.db.query(`analyze ${SCHEMA}.${this.turnTable}`).catch(() => undefined);
  }

  /**
   * True for the one process of the fleet that claims this cycle (pg-boss's throttling: one job per singleton key per
   * slot of `seconds`); every other process's tick in the same slot gets false and adds nothing.
   */
  async claimCycle(seconds = 60): Promise<boolean> {
    return (await this.boss.send(CYCLE, {}, { singletonKey: "cycle", singletonSeconds: seconds })) !== null;
  }

  /** Takes up to `limit` waiting turns for this worker (one statement; other workers skip them). */
  async take(limit: number): Promise<SyncJob[]> {
    const jobs = await this.boss.fetch<{ mailboxId: string; trigger: RunTrigger }>(QUEUE, { batchSize: limit });
    return jobs.map((j) => ({ id: j.id, mailboxId: j.data.mailboxId, trigger: j.data.trigger }));
  }

  /**
   * The turns are done: their jobs are deleted rather than marked completed. Nothing reads a finished turn (the run
   * history is sync_runs), and a delete writes no new row version into every index of the job table, nor leaves rows
   * for maintenance to archive and delete later (cheaper than a completion, and no archiving work afterwards).
   */
  async complete(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.boss.deleteJob(QUEUE, [...ids]);
  }

  /** The runs crashed: pg-boss hands the jobs out again after its back-off, until the retry limit. */
  async fail(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.boss.fail(QUEUE, [...ids]);
  }

  /** pg-boss's own counts of this queue's jobs, fleet-wide: waiting (new or to retry), taken, failed for good. */
  async depth(): Promise<QueueDepth> {
    const rows = await this.db.query<{ state: string; n: number }>(
      `select state::text as state, count(*)::int as n from ${SCHEMA}.job where name = $1 and state in ('created', 'retry', 'active', 'failed') group by state`,
      [QUEUE],
    );
    const n = (s: string) => rows.find((r) => r.state === s)?.n ?? 0;
    return { queued: n("created") + n("retry"), active: n("active"), failed: n("failed") };
  }

  /** Adds the lines of an activation job still to check; a line already waiting keeps its job. */
  async addProbes(jobId: string, lines: readonly number[]): Promise<void> {
    for (let i = 0; i < lines.length; i += INSERT_CHUNK) {
      await this.boss.insert(lines.slice(i, i + INSERT_CHUNK).map((line) => ({ name: PROBE, singletonKey: `${jobId}:${line}`, data: { jobId, line } })));
    }
  }

  async takeProbes(limit: number): Promise<{ id: string; jobId: string; line: number }[]> {
    const jobs = await this.boss.fetch<{ jobId: string; line: number }>(PROBE, { batchSize: limit });
    return jobs.map((j) => ({ id: j.id, jobId: j.data.jobId, line: j.data.line }));
  }

  async completeProbes(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.boss.complete(PROBE, [...ids]);
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, close: false, wait: true });
  }
}
