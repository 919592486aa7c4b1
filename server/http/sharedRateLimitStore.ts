import type { ClientRateLimitInfo, Options, Store } from "express-rate-limit";
import type { Queryable } from "../store/database";

/**
 * An express-rate-limit store over the server's own database, for web processes that share a PostgreSQL: the count
 * of a limit and client lives in one row, incremented in one statement (a window that ended starts again at 1), so
 * every process sees the same count and together they allow what one process would.
 */
export class SharedRateLimitStore implements Store {
  /** Counts are not this process's own: the double-count check must not assume they are. */
  readonly localKeys = false;
  private windowMs = 60_000;
  private increments = 0;

  constructor(
    private readonly db: Queryable,
    /** The limit's name: several limits count in one table. */
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const rows = await this.db.query<{ hits: number; reset_at: Date }>("select hits, reset_at from rate_limit_hits where key = $1 and reset_at > now()", [this.key(key)]);
    const r = rows[0];
    return r ? { totalHits: r.hits, resetTime: new Date(r.reset_at) } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    // Now and then, rows whose window ended long ago go (one client's row is reused while it keeps coming).
    if (++this.increments % 500 === 0) await this.db.query("delete from rate_limit_hits where reset_at < now() - interval '1 hour'");
    const rows = await this.db.query<{ hits: number; reset_at: Date }>(
      `insert into rate_limit_hits (key, hits, reset_at) values ($1, 1, now() + $2::double precision * interval '1 millisecond')
       on conflict (key) do update set
         hits = case when rate_limit_hits.reset_at <= now() then 1 else rate_limit_hits.hits + 1 end,
         reset_at = case when rate_limit_hits.reset_at <= now() then excluded.reset_at else rate_limit_hits.reset_at end
       returning hits, reset_at`,
      [this.key(key), this.windowMs],
    );
    const r = rows[0];
    if (!r) throw new Error("the rate-limit count was not returned");
    return { totalHits: r.hits, resetTime: new Date(r.reset_at) };
  }

  async decrement(key: string): Promise<void> {
    await this.db.query("update rate_limit_hits set hits = greatest(hits - 1, 0) where key = $1 and reset_at > now()", [this.key(key)]);
  }

  async resetKey(key: string): Promise<void> {
    await this.db.query("delete from rate_limit_hits where key = $1", [this.key(key)]);
  }

  private key(key: string): string {
    return `${this.prefix}:${key}`;
  }
}
