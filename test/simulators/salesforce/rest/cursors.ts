/**
 * Server-side query cursors: a query larger than one batch answers with `nextRecordsUrl` ending in
 * `/query/<locator>-<offset>`; following it returns the next batch. Cursors idle for 15 minutes are gone
 * (INVALID_QUERY_LOCATOR), as on Salesforce.
 */
import type { SimulatedClock } from "../../shared/clock";
import { ApiError } from "../errors";
import type { IdGenerator } from "../ids";
import type { JsonRecord } from "../soql/evaluate";

const IDLE_LIMIT_MS = 15 * 60 * 1000;

interface Cursor {
  readonly orgId: string;
  readonly rows: readonly JsonRecord[];
  readonly totalSize: number;
  lastUsedAt: number;
}

export interface QueryPage {
  readonly totalSize: number;
  readonly done: boolean;
  readonly nextRecordsUrl?: string;
  readonly records: readonly JsonRecord[];
}

const invalidLocator = () => ApiError.of(400, "INVALID_QUERY_LOCATOR", "invalid query locator");

export class QueryCursors {
  private readonly cursors = new Map<string, Cursor>();

  constructor(
    private readonly clock: SimulatedClock,
    private readonly ids: IdGenerator,
  ) {}

  /** The first batch of a result; opens a cursor when more remain. */
  first(orgId: string, rows: readonly JsonRecord[], totalSize: number, batchSize: number, version: number): QueryPage {
    if (rows.length <= batchSize) return { totalSize, done: true, records: rows };
    this.sweep();
    const locator = this.ids.next("QueryLocator");
    this.cursors.set(locator, { orgId, rows, totalSize, lastUsedAt: this.clock.now() });
    return this.page(locator, 0, batchSize, version);
  }

  /** The batch a `nextRecordsUrl` locator (`<id>-<offset>`) points at. */
  next(orgId: string, locatorWithOffset: string, batchSize: number, version: number): QueryPage {
    const m = /^(01g[0-9A-Za-z]{12,15})-(\d+)$/.exec(locatorWithOffset);
    if (!m) throw invalidLocator();
    const cursor = this.cursors.get(m[1]!);
    if (!cursor || cursor.orgId !== orgId) throw invalidLocator();
    if (this.clock.now() - cursor.lastUsedAt >= IDLE_LIMIT_MS) {
      this.cursors.delete(m[1]!);
      throw invalidLocator();
    }
    const offset = Number(m[2]);
    if (offset >= cursor.rows.length) throw invalidLocator();
    return this.page(m[1]!, offset, batchSize, version);
  }

  private page(locator: string, offset: number, batchSize: number, version: number): QueryPage {
    const cursor = this.cursors.get(locator)!;
    cursor.lastUsedAt = this.clock.now();
    const end = offset + batchSize;
    const records = cursor.rows.slice(offset, end);
    if (end >= cursor.rows.length) {
      this.cursors.delete(locator);
      return { totalSize: cursor.totalSize, done: true, records };
    }
    return { totalSize: cursor.totalSize, done: false, nextRecordsUrl: `/services/data/v${version}.0/query/${locator}-${end}`, records };
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [id, c] of this.cursors) if (now - c.lastUsedAt >= IDLE_LIMIT_MS) this.cursors.delete(id);
  }
}
