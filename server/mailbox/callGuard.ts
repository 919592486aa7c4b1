import type { Transport } from "../metrics/instruments";
import { countThrottleWait } from "../metrics/instruments";
import { MailboxError } from "./mailboxError";

/** At most N calls in flight per account: in this process, or across the fleet (jobs/ provides both). */
export interface CallLimiter {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  inUse(key: string): number;
}

export interface CallGuardOptions {
  readonly limiter: CallLimiter;
  /** The Exchange account whose budget the calls spend: the user (delegated) or the service account / app. */
  readonly accountKey: string;
  /** Longest single wait honoured; a server asking for more is retried on the next turn instead. */
  readonly maxWaitMs?: number;
  /** Total waiting allowed within one call before the run gives the mailbox back. */
  readonly maxTotalWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Whose back-offs the waits are counted under in /metrics; EWS by default. */
  readonly transport?: Transport;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Every provider call passes through here: at most N at once per Exchange account, and when Exchange says "busy" we
 * wait the back-off it asked for and try again, instead of failing the run. The slot is released while waiting.
 */
export function callGuard(o: CallGuardOptions): <T>(op: string, fn: () => Promise<T>) => Promise<T> {
  const sleep = o.sleep ?? realSleep;
  const maxWait = o.maxWaitMs ?? 60_000;
  const maxTotal = o.maxTotalWaitMs ?? 300_000;
  return async <T>(_op: string, fn: () => Promise<T>): Promise<T> => {
    let waited = 0;
    for (;;) {
      try {
        return await o.limiter.run(o.accountKey, fn);
      } catch (err) {
        if (!(err instanceof MailboxError) || err.code !== "throttled") throw err;
        const wait = err.retryAfterMs ?? 5_000;
        if (wait > maxWait || waited + wait > maxTotal) throw err;
        countThrottleWait(o.transport ?? "ews", wait);
        await sleep(wait);
        waited += wait;
      }
    }
  };
}
