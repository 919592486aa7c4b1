import type { Database } from "./database";

export interface HoldRequest {
  /** The account's budget, fleet-wide. */
  readonly limit: number;
  /** Slots this worker could use now (in flight plus waiting). */
  readonly wants: number;
  /** Calls this worker has in flight: its share never drops below them, so the recorded shares bound what is in flight. */
  readonly inUse: number;
  readonly seconds: number;
}

/**
 * Who holds how much of each shared account's call budget. Every change happens under a transaction-scoped advisory
 * lock on the account, so two workers never both count the same free slot; a worker gets at most its fair part while
 * others want some too, and a share not renewed runs out by itself.
 */
export class BudgetShareRepository {
  constructor(private readonly db: Database) {}

  /** Sets this worker's share and returns how many calls it may have in flight. */
  async hold(key: string, worker: string, r: HoldRequest): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.query("select pg_advisory_xact_lock(hashtext('call-budget:' || $1))", [key]);
      await tx.query("delete from call_budget_shares where budget_key = $1 and until < now()", [key]);
      const [others] = await tx.query<{ held: number; wanting: number }>(
        "select coalesce(sum(slots), 0)::int as held, count(*) filter (where wants > 0)::int as wanting from call_budget_shares where budget_key = $1 and worker <> $2",
        [key, worker],
      );
      const held = others?.held ?? 0;
      const fair = Math.ceil(r.limit / ((others?.wanting ?? 0) + (r.wants > 0 ? 1 : 0) || 1));
      const granted = Math.max(0, Math.min(r.wants, fair, r.limit - held));
      const slots = Math.max(granted, r.inUse);
      if (slots === 0 && r.wants === 0) {
        await tx.query("delete from call_budget_shares where budget_key = $1 and worker = $2", [key, worker]);
        return 0;
      }
      await tx.query(
        `insert into call_budget_shares (budget_key, worker, slots, wants, until) values ($1, $2, $3, $4, now() + make_interval(secs => $5))
         on conflict (budget_key, worker) do update set slots = excluded.slots, wants = excluded.wants, until = excluded.until`,
        [key, worker, slots, r.wants, r.seconds],
      );
      return granted;
    });
  }

  async release(key: string, worker: string): Promise<void> {
    await this.db.query("delete from call_budget_shares where budget_key = $1 and worker = $2", [key, worker]);
  }

  async releaseAll(worker: string): Promise<void> {
    await this.db.query("delete from call_budget_shares where worker = $1", [worker]);
  }
}
