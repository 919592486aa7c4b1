/**
 * Concurrency budgets as Exchange Online enforces them: EWSMaxConcurrency (27 requests in flight per caller account; an
 * app using impersonation has its own budget) and ConcurrentSyncCalls (5 SyncFolderItems/SyncFolderHierarchy at once per
 * mailbox). A request over budget is refused at once — Exchange does not queue it.
 */

export interface ConcurrencyLimits {
  readonly maxConcurrency: number;
  readonly concurrentSyncCalls: number;
}

export const EXO_LIMITS: ConcurrencyLimits = { maxConcurrency: 27, concurrentSyncCalls: 5 };

export type Admission = { readonly ok: true; release(): void } | { readonly ok: false; readonly exceeded: "MaxConcurrency" | "ConcurrentSyncCalls" };

export class ConcurrencyLimiter {
  private readonly perAccount = new Map<string, number>();
  private readonly syncPerMailbox = new Map<string, number>();
  /** The most calls each account had in flight at once since the last reset (a test reads whether a budget held). */
  private readonly peaks = new Map<string, number>();

  constructor(private limits: ConcurrencyLimits) {}

  setLimits(limits: ConcurrencyLimits): void {
    this.limits = limits;
  }

  get current(): ConcurrencyLimits {
    return this.limits;
  }

  admit(accountKey: string, mailboxKey: string | undefined, isSync: boolean): Admission {
    const inFlight = this.perAccount.get(accountKey) ?? 0;
    if (inFlight >= this.limits.maxConcurrency) return { ok: false, exceeded: "MaxConcurrency" };
    const syncKey = isSync && mailboxKey ? mailboxKey : undefined;
    if (syncKey && (this.syncPerMailbox.get(syncKey) ?? 0) >= this.limits.concurrentSyncCalls) {
      return { ok: false, exceeded: "ConcurrentSyncCalls" };
    }
    this.perAccount.set(accountKey, inFlight + 1);
    this.peaks.set(accountKey, Math.max(this.peaks.get(accountKey) ?? 0, inFlight + 1));
    if (syncKey) this.syncPerMailbox.set(syncKey, (this.syncPerMailbox.get(syncKey) ?? 0) + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        decrement(this.perAccount, accountKey);
        if (syncKey) decrement(this.syncPerMailbox, syncKey);
      },
    };
  }

  /** The peak of calls in flight per caller account since the last reset. */
  peakInFlight(): Record<string, number> {
    return Object.fromEntries(this.peaks);
  }

  resetPeaks(): void {
    this.peaks.clear();
  }

  inFlight(accountKey: string): number {
    return this.perAccount.get(accountKey) ?? 0;
  }
}

function decrement(map: Map<string, number>, key: string): void {
  const next = (map.get(key) ?? 1) - 1;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
}
