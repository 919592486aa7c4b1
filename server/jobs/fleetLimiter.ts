import type { Logger } from "../logger";
import type { CallLimiter } from "../mailbox/callGuard";
import type { BudgetShareRepository } from "../store/budgetShareRepository";
import { KeyedLimiter } from "./keyedLimiter";

export interface FleetLimiterOptions {
  readonly shares: Pick<BudgetShareRepository, "hold" | "renew" | "releaseMany" | "releaseAll">;
  readonly worker: string;
  /** The account's budget across the whole fleet. */
  readonly limit: number;
  /** Which keys are accounts shared by several mailboxes (app-only, service accounts, a tenant's Graph app). */
  readonly shared: (key: string) => boolean;
  /** How long a share lasts unless renewed; every share is renewed (one statement) every third of it. Default 9. */
  readonly shareSeconds?: number;
  readonly logger: Logger;
}

interface Account {
  granted: number;
  active: number;
  /** The most calls in flight or waiting at once since the last ask: what the next ask plans for. */
  peak: number;
  readonly waiting: (() => void)[];
  asking: boolean;
  timer: NodeJS.Timeout | null;
}

/** A starved worker asks again this often. */
const RETRY_MS = 250;
/**
 * A worker asks for this many times the calls it had at once: many mailboxes of a tenant share its account, and their
 * calls come and go; asking for exactly what is in flight would cost a database transaction for nearly every call.
 */
const HEADROOM = 2;

/**
 * At most `limit` calls in flight per shared account across every worker of the fleet: each worker holds a share of
 * the budget in the database (BudgetShareRepository) and runs at most that many calls; a worker that needs more asks,
 * and gets its fair part as the others renew and shrink theirs. An account only one mailbox uses at a time (a rep's own)
 * is held by that mailbox's lease to one worker, so its budget is kept in-process at no database cost.
 */
export class FleetLimiter implements CallLimiter {
  private readonly local: KeyedLimiter;
  private readonly accounts = new Map<string, Account>();
  private readonly shareSeconds: number;
  private readonly renewals: NodeJS.Timeout;
  private renewing = false;
  /** The last give-back of unused shares: an ask waits for it, so a give-back never deletes a newer share. */
  private givenBack: Promise<void> = Promise.resolve();

  constructor(private readonly o: FleetLimiterOptions) {
    this.local = new KeyedLimiter(o.limit);
    this.shareSeconds = o.shareSeconds ?? 9;
    this.renewals = setInterval(() => void this.renewAll(), (this.shareSeconds * 1000) / 3);
    // Renewing shares is no reason to keep a process alive.
    this.renewals.unref();
  }

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    if (!this.o.shared(key)) return this.local.run(key, task);
    await this.acquire(key);
    try {
      return await task();
    } finally {
      this.release(key);
    }
  }

  inUse(key: string): number {
    return this.o.shared(key) ? (this.accounts.get(key)?.active ?? 0) : this.local.inUse(key);
  }

  /** Shutdown: every share this worker holds goes back at once. */
  async close(): Promise<void> {
    clearInterval(this.renewals);
    for (const a of this.accounts.values()) if (a.timer) clearTimeout(a.timer);
    this.accounts.clear();
    await this.o.shares.releaseAll(this.o.worker).catch(() => undefined);
  }

  private account(key: string): Account {
    let a = this.accounts.get(key);
    if (!a) {
      a = { granted: 0, active: 0, peak: 0, waiting: [], asking: false, timer: null };
      this.accounts.set(key, a);
    }
    return a;
  }

  private acquire(key: string): Promise<void> {
    const a = this.account(key);
    if (a.active < a.granted && a.waiting.length === 0) {
      a.active++;
      a.peak = Math.max(a.peak, a.active);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      a.waiting.push(resolve);
      a.peak = Math.max(a.peak, a.active + a.waiting.length);
      this.ask(key, a);
    });
  }

  private release(key: string): void {
    const a = this.accounts.get(key);
    if (!a) return;
    a.active--;
    // An idle share is not given back here but by the next round of renewals that finds no call since the round before
    // (a burst of calls then does not ask again and again).
    this.pump(a);
  }

  private pump(a: Account): void {
    while (a.active < a.granted && a.waiting.length > 0) {
      a.active++;
      a.waiting.shift()?.();
    }
  }

  private later(key: string, a: Account, ms: number): void {
    if (a.timer) clearTimeout(a.timer);
    a.timer = setTimeout(() => {
      a.timer = null;
      this.ask(key, a);
    }, ms);
  }

  /**
   * Every share this worker holds, at once: those used since the last round are extended in one statement (and asked
   * for again, under the lock, when another worker wants more than it holds or the share was lost), those unused are
   * given back in one statement. Accounts with calls waiting or an ask out are left to that ask.
   */
  private async renewAll(): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    const used: string[] = [];
    const unused: string[] = [];
    for (const [key, a] of this.accounts) {
      if (a.asking || a.waiting.length > 0) continue;
      if (a.peak === 0 && a.active === 0) unused.push(key);
      else used.push(key);
      a.peak = a.active;
    }
    try {
      for (const key of unused) {
        const a = this.accounts.get(key);
        if (a?.timer) clearTimeout(a.timer);
        this.accounts.delete(key);
      }
      this.givenBack = this.o.shares.releaseMany(this.o.worker, unused);
      await this.givenBack;
      const states = await this.o.shares.renew(this.o.worker, used, this.shareSeconds);
      for (const [key, st] of states) {
        const a = this.accounts.get(key);
        if (a && (!st.renewed || st.contested)) this.ask(key, a);
      }
    } catch (err) {
      // The database is away: keep no more than is in flight; the next round, or the next call, asks again.
      for (const key of used) {
        const a = this.accounts.get(key);
        if (a) a.granted = Math.min(a.granted, a.active);
      }
      this.o.logger.warn({ err }, "could not renew call budget shares");
    } finally {
      this.renewing = false;
    }
  }

  /** Tells the database what this worker wants now and takes what it is given. */
  private ask(key: string, a: Account): void {
    if (a.asking) return;
    a.asking = true;
    // What was used since the last ask, with room to grow; nothing when no call came (then the share is given back).
    const wants = Math.min(this.o.limit, HEADROOM * Math.max(a.peak, a.active + a.waiting.length));
    a.peak = a.active + a.waiting.length;
    let again = false;
    void this.givenBack
      .catch(() => undefined)
      .then(() => this.o.shares.hold(key, this.o.worker, { limit: this.o.limit, wants, inUse: a.active, seconds: this.shareSeconds }))
      .then(
        (granted) => {
          a.granted = granted;
          // Got all it asked for, and less than the budget: calls that came meanwhile can ask for more at once.
          again = granted >= wants && wants < this.o.limit;
        },
        (err: unknown) => {
          // The database is away: keep no more than is in flight, and ask again soon.
          a.granted = Math.min(a.granted, a.active);
          this.o.logger.warn({ err }, "could not renew a call budget share");
        },
      )
      .finally(() => {
        a.asking = false;
        this.pump(a);
        if (wants === 0 && a.active === 0 && a.waiting.length === 0) {
          if (this.accounts.get(key) === a && !a.timer) this.accounts.delete(key);
          return;
        }
        // Calls still wait though the database gave all that was asked: ask again now rather than after a retry pause.
        if (again && a.waiting.length > 0) {
          this.ask(key, a);
          return;
        }
        // Calls still wait: ask again soon; otherwise the next round of renewals keeps the share.
        if (a.waiting.length > 0) this.later(key, a, RETRY_MS);
      });
  }
}
