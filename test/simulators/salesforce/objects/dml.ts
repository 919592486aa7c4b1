/**
 * Insert, update, upsert and delete of one record, as the platform performs them for every API that writes: value
 * checks, defaults, derived fields, uniqueness, object rules, injected row-lock failures, then the journaled write.
 * Each returns an outcome rather than throwing, so collections can report per record.
 */
import type { RecordFailure } from "../errors";
import { failure, LOCK_MESSAGE } from "../errors";
import { normalizeId } from "../ids";
import { behaviourFor } from "./behaviours";
import type { SObjectDef, SObjectName } from "./schema";
import type { FieldValue, StoredRecord } from "./store";
import type { Draft } from "./validate";
import { checkUnique, checkValue, checkWritable } from "./validate";
import type { DmlContext } from "./writes";
import { writeChanges, writeDeleted, writeNew } from "./writes";

export type SaveOutcome =
  | { readonly ok: true; readonly id: string; readonly created: boolean }
  | { readonly ok: false; readonly failure: RecordFailure; /** Set when the record is known (e.g. update of an existing id). */ readonly id?: string };

export type UpsertOutcome = SaveOutcome | { readonly ok: false; readonly multiple: readonly StoredRecord[]; readonly failure: RecordFailure };

const rejected = (f: RecordFailure, id?: string): SaveOutcome => (id === undefined ? { ok: false, failure: f } : { ok: false, failure: f, id });

function objectDef(ctx: DmlContext, type: SObjectName): SObjectDef {
  const def = ctx.org.schema.object(type);
  if (!def) throw new Error(`unknown object ${type}`);
  return def;
}

/** Validates each sent value into `into`; the first bad value wins. */
function checkValues(ctx: DmlContext, def: SObjectDef, draft: Draft, into: Map<string, FieldValue>): RecordFailure | null {
  for (const [name, raw] of draft) {
    if (name === "Id") continue;
    const field = ctx.org.schema.field(def.name, name);
    if (!field) continue;
    const checked = checkValue(ctx.org, field, raw);
    if (!checked.ok) return checked.failure;
    into.set(name, checked.value);
  }
  return null;
}

function applyDefaults(ctx: DmlContext, def: SObjectDef, values: Map<string, FieldValue>): void {
  for (const field of def.fields) {
    if (values.has(field.name) && values.get(field.name) !== null) continue;
    if (field.type === "picklist" && field.defaultValue !== null) values.set(field.name, field.defaultValue);
    else if (field.type === "boolean") values.set(field.name, values.get(field.name) ?? field.defaultValue);
    else if (field.name === "OwnerId" && field.type === "reference") values.set(field.name, ctx.userId);
    else if (!values.has(field.name)) values.set(field.name, null);
  }
}

/** Required fields (not nillable, not set by the platform) that are empty after defaults and derivations. */
function checkRequiredValues(def: SObjectDef, values: ReadonlyMap<string, FieldValue>): RecordFailure | null {
  const missing = def.fields.filter((f) => !f.nillable && !f.calculated && (values.get(f.name) ?? null) === null).map((f) => f.name);
  if (missing.length === 0) return null;
  return failure("REQUIRED_FIELD_MISSING", `Required fields are missing: [${missing.join(", ")}]`, missing);
}

/** The org's (simulated) validation rules: a permanent error for this record only. */
function ruleFailure(ctx: DmlContext, type: SObjectName, values: ReadonlyMap<string, FieldValue>): RecordFailure | null {
  const message = ctx.faults?.ruleBroken(ctx.org.id, type, values) ?? null;
  return message === null ? null : failure("FIELD_CUSTOM_VALIDATION_EXCEPTION", message);
}

function lockFailure(ctx: DmlContext, type: SObjectName): RecordFailure | null {
  return ctx.faults?.takeLock(ctx.org.id, type) ? failure("UNABLE_TO_LOCK_ROW", LOCK_MESSAGE) : null;
}

export function insert(ctx: DmlContext, type: SObjectName, draft: Draft): SaveOutcome {
  const def = objectDef(ctx, type);
  if (!def.createable) return rejected(failure("INVALID_TYPE_FOR_OPERATION", `entity type ${type} does not support insert`));
  if (draft.has("Id")) return rejected(failure("INVALID_FIELD", "cannot specify Id in an insert call", ["Id"]));
  const values = new Map<string, FieldValue>();
  const problem =
    checkWritable(ctx.org.schema, def, draft, "create") ?? checkValues(ctx, def, draft, values);
  if (problem) return rejected(problem);
  applyDefaults(ctx, def, values);
  const behaviour = behaviourFor(type);
  behaviour.derive?.(ctx, values, null, new Set(draft.keys()));
  const invalid =
    checkRequiredValues(def, values) ?? checkUnique(ctx.org, def, values) ?? behaviour.validate?.(ctx, values, null) ?? ruleFailure(ctx, type, values) ?? lockFailure(ctx, type);
  if (invalid) return rejected(invalid);
  const afterWrite = behaviour.afterWrite;
  if (!afterWrite) return { ok: true, id: writeNew(ctx, type, values).id, created: true };
  let outcome: SaveOutcome = rejected(failure("UNKNOWN_EXCEPTION", "insert did not complete"));
  ctx.org.store.transaction(() => {
    const record = writeNew(ctx, type, values);
    const after = afterWrite(ctx, record, null);
    outcome = after ? rejected(after) : { ok: true, id: record.id, created: true };
    return after === null;
  });
  return outcome;
}

/** Resolves an id sent by a client for an existing record of `type` (or any type when null). */
export function resolveRecord(ctx: DmlContext, type: SObjectName | null, rawId: string): { record: StoredRecord } | { failure: RecordFailure } {
  const id = normalizeId(rawId);
  const owner = id ? ctx.org.schema.objectForId(id) : undefined;
  if (id === null || (type !== null && owner?.name !== type)) {
    const label = type ? objectDef(ctx, type).label : "Record";
    return { failure: failure("MALFORMED_ID", `${label} ID: id value of incorrect type: ${rawId}`, ["Id"]) };
  }
  const record = ctx.org.store.get(id);
  if (!record) return { failure: failure("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id") };
  if (record.deleted) return { failure: failure("ENTITY_IS_DELETED", "entity is deleted") };
  return { record };
}

export function update(ctx: DmlContext, type: SObjectName | null, rawId: string, draft: Draft): SaveOutcome {
  const resolved = resolveRecord(ctx, type, rawId);
  if ("failure" in resolved) return rejected(resolved.failure);
  return updateRecord(ctx, resolved.record, draft);
}

export function updateRecord(ctx: DmlContext, record: StoredRecord, draft: Draft): SaveOutcome {
  const def = objectDef(ctx, record.type);
  if (!def.updateable) return rejected(failure("INVALID_TYPE_FOR_OPERATION", `entity type ${def.name} does not support update`), record.id);
  const sent = new Map(draft);
  sent.delete("Id");
  const merged = new Map(record.values);
  const problem = checkWritable(ctx.org.schema, def, sent, "update") ?? checkValues(ctx, def, sent, merged);
  if (problem) return rejected(problem, record.id);
  const behaviour = behaviourFor(record.type);
  behaviour.derive?.(ctx, merged, record, new Set(sent.keys()));
  const invalid =
    checkRequiredValues(def, merged) ??
    checkUnique(ctx.org, def, merged, record) ??
    behaviour.validate?.(ctx, merged, record) ??
    ruleFailure(ctx, record.type, merged) ??
    lockFailure(ctx, record.type);
  if (invalid) return rejected(invalid, record.id);
  const changes = new Map<string, FieldValue>();
  for (const [name, value] of merged) if ((record.values.get(name) ?? null) !== value) changes.set(name, value);
  const before = new Map(record.values);
  let outcome: SaveOutcome = rejected(failure("UNKNOWN_EXCEPTION", "update did not complete"), record.id);
  ctx.org.store.transaction(() => {
    writeChanges(ctx, record, changes);
    const after = behaviour.afterWrite?.(ctx, record, before) ?? null;
    outcome = after ? rejected(after, record.id) : { ok: true, id: record.id, created: false };
    return after === null;
  });
  return outcome;
}

/**
 * Upsert keyed by an External ID field (or `Id`): creates when no live record has the value, updates when exactly one
 * does, and reports every match when several do.
 */
export function upsert(ctx: DmlContext, type: SObjectName, keyField: string, keyValue: string, draft: Draft): UpsertOutcome {
  if (keyField === "Id") {
    if (keyValue === "") return insert(ctx, type, withoutKey(draft, "Id"));
    const resolved = resolveRecord(ctx, type, keyValue);
    if ("failure" in resolved) return rejected(resolved.failure);
    return updateRecord(ctx, resolved.record, withoutKey(draft, "Id"));
  }
  const matches = ctx.org.store.lookupLive(type, keyField, keyValue);
  if (matches.length > 1)
    return {
      ok: false,
      multiple: matches,
      failure: failure("DUPLICATE_EXTERNAL_ID", `more than one record found for external id field: ${matches.map((m) => m.id).join(", ")}`, [keyField]),
    };
  const keyed = new Map(draft);
  keyed.set(keyField, keyValue);
  const match = matches[0];
  return match ? updateRecord(ctx, match, keyed) : insert(ctx, type, keyed);
}

function withoutKey(draft: Draft, key: string): Draft {
  const copy = new Map(draft);
  copy.delete(key);
  return copy;
}

export function remove(ctx: DmlContext, rawId: string): SaveOutcome {
  const id = normalizeId(rawId);
  if (id === null) return rejected(failure("MALFORMED_ID", `malformed id ${rawId}`));
  const record = ctx.org.store.get(id);
  if (!record) return rejected(failure("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id"));
  return removeRecord(ctx, record);
}

export function removeRecord(ctx: DmlContext, record: StoredRecord): SaveOutcome {
  if (record.deleted) return rejected(failure("ENTITY_IS_DELETED", "entity is deleted"), record.id);
  const def = objectDef(ctx, record.type);
  if (!def.deletable) return rejected(failure("INVALID_TYPE_FOR_OPERATION", `entity type ${def.name} does not support delete`), record.id);
  const lock = lockFailure(ctx, record.type);
  if (lock) return rejected(lock, record.id);
  ctx.org.store.transaction(() => {
    behaviourFor(record.type).beforeDelete?.(ctx, record);
    writeDeleted(ctx, record);
    return true;
  });
  return { ok: true, id: record.id, created: false };
}
