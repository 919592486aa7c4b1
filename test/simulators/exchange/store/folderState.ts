/**
 * One folder's contents as a compact change log over lazily generated items.
 *
 * Every item is identified by its creation change number ("key"). Generated items own keys 1..n and are never stored
 * unless touched; delivered items, updates and deletions append to `log` with a monotonically increasing change number.
 * That makes incremental sync a binary search plus a walk, and initial sync a walk down the keys — both O(page size).
 */
import type { ItemData, ItemKind } from "../model/types";
import type { ItemFolderName } from "./folders";

/** What changed about an item, relative to a sync watermark. */
export type ChangeKind = "create" | "update" | "readFlag" | "delete";

export interface LiveItem {
  readonly key: number;
  /** Cheap to read; an IdOnly sync page never builds the items' data. */
  readonly kind: ItemKind;
  /** Built on first access for generated items. */
  readonly data: ItemData;
  /** Change number of the latest modification; drives the ChangeKey. */
  readonly version: number;
}

export interface ItemChange {
  readonly kind: ChangeKind;
  readonly key: number;
  readonly version: number;
  /** Absent for deletions. */
  readonly item?: LiveItem;
}

/** A generated, never-modified item whose data is produced only if somebody reads it. */
class GeneratedItem implements LiveItem {
  private built: ItemData | undefined;

  constructor(readonly key: number, private readonly source: GeneratedSource) {}

  get version(): number {
    return this.key;
  }

  get kind(): ItemKind {
    return this.built?.kind ?? this.source.kind(this.key);
  }

  get data(): ItemData {
    this.built ??= this.source.item(this.key);
    return this.built;
  }
}

function stored(key: number, record: ItemRecord): LiveItem {
  return { key, kind: record.data.kind, data: record.data, version: record.version };
}

interface ItemRecord {
  data: ItemData;
  version: number;
  /** Latest change number that touched anything other than the read flag. */
  lastNonReadCn: number;
  deleted: boolean;
}

interface LogEntry {
  readonly cn: number;
  readonly key: number;
}

export interface GeneratedSource {
  readonly count: number;
  item(key: number): ItemData;
  kind(key: number): ItemKind;
  isUnread(key: number): boolean;
}

function unreadWeight(record: { data: ItemData; deleted: boolean } | undefined): number {
  if (!record || record.deleted) return 0;
  return record.data.kind !== "calendarItem" && !record.data.isRead ? 1 : 0;
}

function upperBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class FolderState {
  private counter: number;
  private readonly records = new Map<number, ItemRecord>();
  /** Creation change numbers of delivered items, ascending. */
  private readonly deliveredKeys: number[] = [];
  /** Keys of generated items that no longer exist, ascending. */
  private readonly deletedGenerated: number[] = [];
  private readonly log: LogEntry[] = [];
  private deliveredLive = 0;
  private baselineUnread: number | undefined;
  private unreadAdjust = 0;

  constructor(readonly name: ItemFolderName, private readonly generated: GeneratedSource) {
    this.counter = generated.count;
  }

  /** The folder's current change number; sync watermarks never exceed it. */
  get changeNumber(): number {
    return this.counter;
  }

  get generatedCount(): number {
    return this.generated.count;
  }

  get totalCount(): number {
    return this.generated.count - this.deletedGenerated.length + this.deliveredLive;
  }

  get unreadCount(): number {
    if (this.baselineUnread === undefined) {
      let n = 0;
      for (let key = 1; key <= this.generated.count; key++) if (this.generated.isUnread(key)) n++;
      this.baselineUnread = n;
    }
    return this.baselineUnread + this.unreadAdjust;
  }

  private isGenerated(key: number): boolean {
    return key >= 1 && key <= this.generated.count;
  }

  private current(key: number): ItemRecord | undefined {
    const record = this.records.get(key);
    if (record) return record;
    if (!this.isGenerated(key)) return undefined;
    return { data: this.generated.item(key), version: key, lastNonReadCn: key, deleted: false };
  }

  get(key: number): LiveItem | undefined {
    const record = this.records.get(key);
    if (record) return record.deleted ? undefined : stored(key, record);
    return this.isGenerated(key) ? new GeneratedItem(key, this.generated) : undefined;
  }

  /** Whether the key ever named an item here (deleted or not): distinguishes "deleted" from "never existed". */
  existed(key: number): boolean {
    return this.isGenerated(key) || this.records.has(key);
  }

  /** Last known data of a (possibly deleted) item: Graph's calendar delta names the occurrences a deleted series had. */
  lastData(key: number): ItemData | undefined {
    return this.current(key)?.data;
  }

  /** Last known version of a (possibly deleted) item, for the ChangeKey written in a Delete change. */
  lastVersion(key: number): number | undefined {
    return this.current(key)?.version;
  }

  deliver(data: ItemData): LiveItem {
    const cn = ++this.counter;
    const record: ItemRecord = { data, version: cn, lastNonReadCn: cn, deleted: false };
    this.records.set(cn, record);
    this.deliveredKeys.push(cn);
    this.deliveredLive++;
    this.unreadAdjust += unreadWeight(record);
    this.log.push({ cn, key: cn });
    return stored(cn, record);
  }

  /** Replaces an item's data. A change of nothing but IsRead is reported to sync clients as a ReadFlagChange. */
  update(key: number, next: ItemData): LiveItem | undefined {
    const before = this.current(key);
    if (!before || before.deleted) return undefined;
    const cn = ++this.counter;
    const readOnly = onlyReadFlagDiffers(before.data, next);
    const record: ItemRecord = {
      data: next,
      version: cn,
      lastNonReadCn: readOnly ? before.lastNonReadCn : cn,
      deleted: false,
    };
    this.unreadAdjust += unreadWeight(record) - unreadWeight(before);
    this.records.set(key, record);
    this.log.push({ cn, key });
    return stored(key, record);
  }

  delete(key: number): boolean {
    const before = this.current(key);
    if (!before || before.deleted) return false;
    const cn = ++this.counter;
    this.unreadAdjust -= unreadWeight(before);
    this.records.set(key, { ...before, version: cn, lastNonReadCn: cn, deleted: true });
    if (this.isGenerated(key)) {
      this.deletedGenerated.splice(upperBound(this.deletedGenerated, key), 0, key);
    } else {
      this.deliveredLive--;
    }
    this.log.push({ cn, key });
    return true;
  }

  /**
   * Live items created at or before `fromKey`, newest first (the order Exchange uses for an initial sync and for an
   * unsorted FindItem). Returns the items and the key to continue from (0 when exhausted).
   */
  newestFirst(fromKey: number, limit: number, skip?: (key: number) => boolean): { items: LiveItem[]; nextKey: number } {
    const items: LiveItem[] = [];
    let d = upperBound(this.deliveredKeys, fromKey) - 1;
    let g = Math.min(fromKey, this.generated.count);
    while (items.length < limit) {
      const dKey = d >= 0 ? (this.deliveredKeys[d] as number) : 0;
      const key = Math.max(dKey, g);
      if (key <= 0) return { items, nextKey: 0 };
      if (key === dKey) d--;
      else g--;
      if (skip?.(key)) continue;
      const live = this.get(key);
      if (live) items.push(live);
    }
    const nextD = d >= 0 ? (this.deliveredKeys[d] as number) : 0;
    return { items, nextKey: Math.max(nextD, g) };
  }

  /** The key of the k-th (0-based) live item, newest first; used for FindItem offsets without walking from the top. */
  keyAtOffset(offset: number): number | undefined {
    if (offset < 0 || offset >= this.totalCount) return undefined;
    // Delivered items are newer than every generated one (they were created later).
    if (offset < this.deliveredLive) {
      let seen = 0;
      for (let d = this.deliveredKeys.length - 1; d >= 0; d--) {
        const key = this.deliveredKeys[d] as number;
        if (this.records.get(key)?.deleted) continue;
        if (seen++ === offset) return key;
      }
      return undefined;
    }
    const k = offset - this.deliveredLive;
    // Largest generated key whose count of live keys >= it equals k + 1.
    const liveAtOrAbove = (key: number) =>
      this.generated.count - key + 1 - (this.deletedGenerated.length - upperBound(this.deletedGenerated, key - 1));
    let lo = 1;
    let hi = this.generated.count;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (liveAtOrAbove(mid) >= k + 1) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Net changes after watermark `since`, oldest change first, at most `limit` of them. Each item is reported once, as
   * of its latest state (created-then-updated is one Create; created-then-deleted is nothing).
   */
  changesSince(since: number, limit: number, skip?: (key: number) => boolean): { changes: ItemChange[]; watermark: number; done: boolean } {
    const changes: ItemChange[] = [];
    let i = this.firstLogIndexAfter(since);
    let watermark = since;
    for (; i < this.log.length && changes.length < limit; i++) {
      const entry = this.log[i] as LogEntry;
      watermark = entry.cn;
      const record = this.records.get(entry.key);
      if (!record || record.version !== entry.cn) continue; // a later entry reports this item
      if (skip?.(entry.key)) continue;
      const createdAfter = entry.key > since;
      if (record.deleted) {
        if (!createdAfter) changes.push({ kind: "delete", key: entry.key, version: record.version });
        continue;
      }
      const kind: ChangeKind = createdAfter ? "create" : record.lastNonReadCn <= since ? "readFlag" : "update";
      changes.push({ kind, key: entry.key, version: record.version, item: stored(entry.key, record) });
    }
    return { changes, watermark: i >= this.log.length ? this.counter : watermark, done: i >= this.log.length };
  }

  hasChangesAfter(since: number): boolean {
    return this.firstLogIndexAfter(since) < this.log.length;
  }

  private firstLogIndexAfter(cn: number): number {
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.log[mid] as LogEntry).cn <= cn) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Every live item, newest first (ground truth for tests; O(n)). */
  all(): LiveItem[] {
    return this.newestFirst(this.counter, Number.MAX_SAFE_INTEGER).items;
  }
}

function onlyReadFlagDiffers(a: ItemData, b: ItemData): boolean {
  if (a.kind === "calendarItem" || b.kind === "calendarItem") return false;
  if (a.isRead === b.isRead) return false;
  return JSON.stringify({ ...a, isRead: null }) === JSON.stringify({ ...b, isRead: null });
}
