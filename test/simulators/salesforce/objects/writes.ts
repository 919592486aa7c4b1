/**
 * Raw writes with the audit fields the platform maintains (CreatedDate, LastModifiedById, SystemModstamp...).
 * Callers have already validated; these never fail.
 */
import type { Faults } from "../faults";
import type { Org } from "../org";
import type { SObjectName } from "./schema";
import type { FieldValue, StoredRecord } from "./store";

/** Who is writing, in which org: every DML operation runs with one. */
export interface DmlContext {
  readonly org: Org;
  /** The acting user (the session's user), who becomes CreatedBy/LastModifiedBy and the default owner. */
  readonly userId: string;
  /** Fault injection for client writes; null for the platform's own side effects and for seeding. */
  readonly faults: Faults | null;
}

export function writeNew(ctx: DmlContext, type: SObjectName, values: Map<string, FieldValue>): StoredRecord {
  const now = ctx.org.clock.now();
  const id = ctx.org.ids.next(type);
  values.set("Id", id);
  values.set("IsDeleted", false);
  values.set("CreatedDate", now);
  values.set("CreatedById", ctx.userId);
  values.set("LastModifiedDate", now);
  values.set("LastModifiedById", ctx.userId);
  values.set("SystemModstamp", now);
  return ctx.org.store.insert(type, id, values);
}

export function writeChanges(ctx: DmlContext, record: StoredRecord, changes: Map<string, FieldValue>): void {
  const now = ctx.org.clock.now();
  changes.set("LastModifiedDate", now);
  changes.set("LastModifiedById", ctx.userId);
  changes.set("SystemModstamp", now);
  ctx.org.store.update(record, changes);
}

export function writeDeleted(ctx: DmlContext, record: StoredRecord): void {
  const now = ctx.org.clock.now();
  ctx.org.store.update(record, new Map<string, FieldValue>([["SystemModstamp", now], ["LastModifiedById", ctx.userId]]));
  ctx.org.store.setDeleted(record, true);
}

/** The same context, acting as the platform (no injected faults) for side effects of a client write. */
export function asPlatform(ctx: DmlContext): DmlContext {
  return { ...ctx, faults: null };
}
