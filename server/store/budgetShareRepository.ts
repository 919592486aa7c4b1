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

  /**
   * Sets this worker's share and returns how many calls it may have in flight: at most its fair part of the budget
   * (split between the workers that want some) and of what the others leave free, never below its calls in flight.
   * One statement (the function call_budget_hold, under the account's lock); see migration 026.
   */
  async hold(key: string, worker: string, r: HoldRequest): Promise<number> {
    const [row] = await this.db.query<{ granted: number }>("select call_budget_hold($1, $2, $3, $4, $5, $6) as granted", [key, worker, r.limit, r.wants, r.inUse, r.seconds]);
    return row?.granted ?? 0;
  }

  /**
   * Extends this worker's shares of these accounts, unchanged, in one statement (a worker using a hundred tenants'
   * accounts renews them all at once rather than in a transaction each). Needs no lock: the slots do not change, and a
   * share that has already run out is not extended (another worker may have counted its slots free). Returns each
   * account's state: `renewed` false when the share was gone; `contested` when another worker wants more than it holds
   * (then this worker should ask again, under the lock, to get down to its fair part).
   */
  async renew(worker: string, keys: readonly string[], seconds: number): Promise<Map<string, { renewed: boolean; contested: boolean }>> {
    const out = new Map(keys.map((k) => [k, { renewed: false, contested: false }]));
    if (keys.length === 0) return out;
    const rows = await this.db.query<{ budget_key: string; contested: boolean }>(
      `update call_budget_shares s set until = now() + make_interval(secs => $3)
       where s.worker = $1 and s.budget_key = any($2::text[]) and s.until >= now()
       returning s.budget_key, exists (
         select 1 from call_budget_shares o
         where o.budget_key = s.budget_key and o.worker <> $1 and o.wants > o.slots and o.until >= now()
       ) as contested`,
      [worker, keys, seconds],
    );
    for (const r of rows) out.set(r.budget_key, { renewed: true, contested: r.contested });
    return out;
  }

  /** Gives back this worker's shares of these accounts (none of their calls is in flight), in one statement. */
  async releaseMany(worker: string, keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.db.query("delete from call_budget_shares where worker = $1 and budget_key = any($2::text[])", [worker, keys]);
  }

  async release(key: string, worker: string): Promise<void> {
    await this.db.query("delete from call_budget_shares where budget_key = $1 and worker = $2", [key, worker]);
  }

  async releaseAll(worker: string): Promise<void> {
    await this.db.query("delete from call_budget_shares where worker = $1", [worker]);
  }
}
