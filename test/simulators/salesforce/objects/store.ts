/**
 * One org's records, in memory, in insertion order, with indexes on the fields the product looks records up by
 * (ids, e-mail addresses, external ids, lookups) so a 200-record call against 200,000 contacts stays fast.
 * Writes can be journaled and undone, which is how an all-or-none collection rolls back.
 */
import type { FieldDef, Schema, SObjectName } from "./schema";

/** Stored form: text as string, numbers, booleans, dates as `YYYY-MM-DD`, date-times as epoch milliseconds, ids 18-char. */
export type FieldValue = string | number | boolean | null;

export interface StoredRecord {
  readonly id: string;
  readonly type: SObjectName;
  /** Position in the org's insertion order (across all objects). */
  readonly seq: number;
  readonly values: Map<string, FieldValue>;
  deleted: boolean;
}

type UndoStep = () => void;

/** Which values index together: text is matched case-insensitively unless the field says otherwise. */
function indexKey(field: FieldDef, value: FieldValue): string | null {
  if (value === null) return null;
  if (typeof value !== "string") return String(value);
  const caseSensitive = "caseSensitive" in field && field.caseSensitive;
  return field.type === "reference" || field.type === "id" || caseSensitive ? value : value.toLowerCase();
}

/** Audit lookups (CreatedById, LastModifiedById) are not worth an index: every record points at a handful of users. */
const UNINDEXED_REFERENCES = new Set(["CreatedById", "LastModifiedById"]);

function isIndexedField(field: FieldDef): boolean {
  if (field.type === "reference") return !UNINDEXED_REFERENCES.has(field.name);
  if (field.type === "string" || field.type === "email") return field.externalId || field.unique || field.idLookup;
  return false;
}

class FieldIndex {
  private readonly entries = new Map<string, Set<StoredRecord>>();

  constructor(readonly field: FieldDef) {}

  add(record: StoredRecord, value: FieldValue): void {
    const key = indexKey(this.field, value);
    if (key === null) return;
    let bucket = this.entries.get(key);
    if (!bucket) this.entries.set(key, (bucket = new Set()));
    bucket.add(record);
  }

  remove(record: StoredRecord, value: FieldValue): void {
    const key = indexKey(this.field, value);
    if (key === null) return;
    const bucket = this.entries.get(key);
    bucket?.delete(record);
    if (bucket?.size === 0) this.entries.delete(key);
  }

  find(value: FieldValue): readonly StoredRecord[] {
    const key = indexKey(this.field, value);
    if (key === null) return [];
    return [...(this.entries.get(key) ?? [])];
  }
}

class ObjectTable {
  readonly records = new Map<string, StoredRecord>();
  readonly indexes = new Map<string, FieldIndex>();
  live = 0;

  constructor(fields: readonly FieldDef[]) {
    for (const field of fields) if (isIndexedField(field)) this.indexes.set(field.name, new FieldIndex(field));
  }
}

export class OrgStore {
  private readonly tables = new Map<SObjectName, ObjectTable>();
  private readonly byId = new Map<string, StoredRecord>();
  private seq = 0;
  private journal: UndoStep[] | null = null;

  constructor(schema: Schema) {
    for (const def of schema.all()) this.tables.set(def.name, new ObjectTable(def.fields));
  }

  private table(type: SObjectName): ObjectTable {
    const t = this.tables.get(type);
    if (!t) throw new Error(`no table for ${type}`);
    return t;
  }

  /** Any record with this (canonical 18-character) id, deleted or not. */
  get(id: string): StoredRecord | undefined {
    return this.byId.get(id);
  }

  /** Records of a type in insertion order, including those in the recycle bin. */
  scan(type: SObjectName): IterableIterator<StoredRecord> {
    return this.table(type).records.values();
  }

  liveCount(type: SObjectName): number {
    return this.table(type).live;
  }

  isIndexed(type: SObjectName, field: string): boolean {
    return field === "Id" || this.table(type).indexes.has(field);
  }

  /** Records (deleted ones included) whose indexed field equals the value under the field's comparison rules. */
  lookup(type: SObjectName, field: string, value: FieldValue): readonly StoredRecord[] {
    if (field === "Id") {
      const rec = typeof value === "string" ? this.byId.get(value) : undefined;
      return rec && rec.type === type ? [rec] : [];
    }
    const index = this.table(type).indexes.get(field);
    if (!index) throw new Error(`${type}.${field} is not indexed`);
    return index.find(value);
  }

  /** Live records whose indexed field equals the value. */
  lookupLive(type: SObjectName, field: string, value: FieldValue): readonly StoredRecord[] {
    return this.lookup(type, field, value).filter((r) => !r.deleted);
  }

  insert(type: SObjectName, id: string, values: Map<string, FieldValue>): StoredRecord {
    const table = this.table(type);
    const record: StoredRecord = { id, type, seq: ++this.seq, values, deleted: false };
    table.records.set(id, record);
    this.byId.set(id, record);
    table.live++;
    for (const [name, index] of table.indexes) index.add(record, values.get(name) ?? null);
    if (this.journal)
      this.journal.push(() => {
        for (const [name, index] of table.indexes) index.remove(record, values.get(name) ?? null);
        table.records.delete(id);
        this.byId.delete(id);
        table.live--;
      });
    return record;
  }

  update(record: StoredRecord, changes: ReadonlyMap<string, FieldValue>): void {
    const table = this.table(record.type);
    const previous = new Map<string, FieldValue>();
    for (const [name, value] of changes) {
      const old = record.values.get(name) ?? null;
      previous.set(name, old);
      const index = table.indexes.get(name);
      index?.remove(record, old);
      record.values.set(name, value);
      index?.add(record, value);
    }
    this.remember(() => {
      for (const [name, old] of previous) {
        const index = table.indexes.get(name);
        index?.remove(record, record.values.get(name) ?? null);
        record.values.set(name, old);
        index?.add(record, old);
      }
    });
  }

  setDeleted(record: StoredRecord, deleted: boolean): void {
    if (record.deleted === deleted) return;
    const table = this.table(record.type);
    record.deleted = deleted;
    record.values.set("IsDeleted", deleted);
    table.live += deleted ? -1 : 1;
    this.remember(() => {
      record.deleted = !deleted;
      record.values.set("IsDeleted", !deleted);
      table.live += deleted ? 1 : -1;
    });
  }

  /**
   * Runs `work` with every write journaled. If it returns false (or throws) the writes are undone in reverse order.
   * Journals nest: an inner rollback undoes only its own writes.
   */
  transaction(work: () => boolean): boolean {
    const outer = this.journal;
    const mine: UndoStep[] = [];
    this.journal = mine;
    let keep = false;
    try {
      keep = work();
    } finally {
      this.journal = outer;
      if (!keep) for (let i = mine.length - 1; i >= 0; i--) mine[i]!();
      else if (outer) outer.push(...mine);
    }
    return keep;
  }

  private remember(undo: UndoStep): void {
    this.journal?.push(undo);
  }
}
