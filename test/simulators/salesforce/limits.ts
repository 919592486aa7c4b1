/**
 * The org's daily API request allocation: a rolling 24-hour count of REST calls, reported in every API response's
 * `Sforce-Limit-Info: api-usage=used/max` header and in the `/limits` resource; once used reaches max, calls get
 * 403 REQUEST_LIMIT_EXCEEDED until enough of the window has rolled off.
 */
import type { SimulatedClock } from "../shared/clock";

const WINDOW_MS = 24 * 3600 * 1000;

export class ApiUsage {
  /** Calls still inside the window, oldest first, one entry per distinct millisecond; `head` skips expired ones. */
  private readonly calls: { readonly at: number; n: number }[] = [];
  private head = 0;
  private total = 0;

  constructor(
    private readonly clock: SimulatedClock,
    private max: number,
  ) {
    if (!Number.isInteger(max) || max < 0) throw new RangeError(`daily API limit must be a non-negative integer, got ${max}`);
  }

  get limit(): number {
    return this.max;
  }

  setLimit(max: number): void {
    if (!Number.isInteger(max) || max < 0) throw new RangeError(`daily API limit must be a non-negative integer, got ${max}`);
    this.max = max;
  }

  used(): number {
    this.expire();
    return this.total;
  }

  remaining(): number {
    return Math.max(0, this.max - this.used());
  }

  exhausted(): boolean {
    return this.used() >= this.max;
  }

  /** Counts one call (or `n`) now. */
  record(n = 1): void {
    this.expire();
    const at = this.clock.now();
    const last = this.calls[this.calls.length - 1];
    if (last && last.at === at && this.calls.length > this.head) last.n += n;
    else this.calls.push({ at, n });
    this.total += n;
  }

  /** Uses up whatever remains, as if other integrations had spent the allocation. */
  exhaust(): void {
    const left = this.remaining();
    if (left > 0) this.record(left);
  }

  /** Forgets all usage (a new day). */
  reset(): void {
    this.calls.length = 0;
    this.head = 0;
    this.total = 0;
  }

  header(): string {
    return `api-usage=${this.used()}/${this.max}`;
  }

  /** Drops calls made 24 hours or more ago. */
  private expire(): void {
    const horizon = this.clock.now() - WINDOW_MS;
    while (this.head < this.calls.length && this.calls[this.head]!.at <= horizon) {
      this.total -= this.calls[this.head]!.n;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.calls.length) {
      this.calls.splice(0, this.head);
      this.head = 0;
    }
  }
}

/** The body of `GET /services/data/vXX.X/limits` (the daily API allocation is live; the rest are typical values). */
export function limitsBody(usage: ApiUsage): Record<string, { Max: number; Remaining: number }> {
  return {
    ConcurrentAsyncGetReportInstances: { Max: 200, Remaining: 200 },
    ConcurrentSyncReportRuns: { Max: 20, Remaining: 20 },
    DailyApiRequests: { Max: usage.limit, Remaining: usage.remaining() },
    DailyAsyncApexExecutions: { Max: 250000, Remaining: 250000 },
    DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
    DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 },
    DataStorageMB: { Max: 5, Remaining: 5 },
    FileStorageMB: { Max: 20, Remaining: 20 },
    HourlyODataCallout: { Max: 10000, Remaining: 10000 },
    SingleEmail: { Max: 15, Remaining: 15 },
  };
}
