/**
 * sObject Collections under `/composite/sobjects`: create (POST), update (PATCH), upsert by External ID
 * (PATCH `/{Type}/{Field}`), retrieve (GET `/{Type}?ids=&fields=` or POST `/{Type}` with a body) and delete
 * (DELETE `?ids=`). Up to 200 records per write; HTTP 200 with one result per record, in order; with allOrNone, one
 * failure rolls every record back and the others report ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
import { ApiError, jsonParserError, ROLLED_BACK_MESSAGE, toCollectionError } from "../errors";
import type { CollectionError, RecordFailure } from "../errors";
import { normalizeId } from "../ids";
import type { SaveOutcome } from "../objects/dml";
import { insert, remove, update, upsert } from "../objects/dml";
import { isPlainObject, readRecord } from "../objects/input";
import { renderRecord } from "../objects/render";
import type { FieldDef, SObjectDef } from "../objects/schema";
import { isExternalIdField } from "../objects/schema";
import type { Draft } from "../objects/validate";
import { failure } from "../errors";
import type { ApiContext, ApiReply, ApiRequest } from "./context";
import { objectOr404, requestedFields } from "./sobjects";

const MAX_WRITE_RECORDS = 200;
const MAX_RETRIEVE_IDS = 2000;

const tooMany = () => ApiError.of(400, "EXCEEDED_ID_LIMIT", `record limit reached. cannot submit more than ${MAX_WRITE_RECORDS} records into this call`);

type CollectionResult =
  | { readonly id: string; readonly success: true; readonly errors: readonly []; readonly created?: boolean }
  | { readonly id?: string; readonly success: false; readonly errors: readonly CollectionError[] };

interface WriteBody {
  readonly allOrNone: boolean;
  readonly records: readonly Record<string, unknown>[];
}

function readWriteBody(req: ApiRequest): WriteBody {
  const body = req.json();
  if (!isPlainObject(body)) throw jsonParserError("Cannot deserialize instance of collection request from START_ARRAY value");
  const { allOrNone = false, records } = body;
  if (typeof allOrNone !== "boolean") throw jsonParserError(`Cannot deserialize instance of boolean from ${JSON.stringify(allOrNone)}`);
  if (!Array.isArray(records)) throw jsonParserError("Required field 'records' is missing");
  if (records.length > MAX_WRITE_RECORDS) throw tooMany();
  if (!records.every(isPlainObject)) throw jsonParserError("Cannot deserialize instance of sObject: every record must be an object");
  return { allOrNone, records };
}

/** The object a collection record names in `attributes.type` (every record must carry one). */
function typeOf(ctx: ApiContext, record: Record<string, unknown>): SObjectDef {
  const attributes = record.attributes;
  const type = isPlainObject(attributes) ? attributes.type : undefined;
  if (typeof type !== "string" || type === "") throw ApiError.of(400, "INVALID_TYPE", "Must send a concrete entity type.");
  const def = ctx.org.schema.object(type);
  if (!def) throw ApiError.of(400, "INVALID_TYPE", `sObject type '${type}' is not supported.`);
  return def;
}

function toResult(outcome: SaveOutcome, withCreated: boolean): CollectionResult {
  if (!outcome.ok) return { success: false, errors: [toCollectionError(outcome.failure)] };
  return withCreated ? { id: outcome.id, success: true, errors: [], created: outcome.created } : { id: outcome.id, success: true, errors: [] };
}

const rolledBack = (id: string | undefined): CollectionResult => ({
  ...(id === undefined ? {} : { id }),
  success: false,
  errors: [{ statusCode: "ALL_OR_NONE_OPERATION_ROLLED_BACK", message: ROLLED_BACK_MESSAGE, fields: [] }],
});

/**
 * Applies one operation per record. All-or-none runs them in one journaled transaction: after any failure the journal
 * is undone and every record that had succeeded reports the rollback (keeping its id only if it existed before).
 */
function applyAll(
  ctx: ApiContext,
  allOrNone: boolean,
  operations: readonly (() => SaveOutcome)[],
  options: { readonly withCreated: boolean },
): CollectionResult[] {
  if (!allOrNone) return operations.map((op) => toResult(op(), options.withCreated));
  const outcomes: SaveOutcome[] = [];
  ctx.org.store.transaction(() => {
    for (const op of operations) outcomes.push(op());
    return outcomes.every((o) => o.ok);
  });
  if (outcomes.every((o) => o.ok)) return outcomes.map((o) => toResult(o, options.withCreated));
  return outcomes.map((o) => (o.ok ? rolledBack(o.created ? undefined : o.id) : toResult(o, options.withCreated)));
}

const rejectedWith = (f: RecordFailure): (() => SaveOutcome) => () => ({ ok: false, failure: f });

export function createMany(ctx: ApiContext, req: ApiRequest): ApiReply {
  const body = readWriteBody(req);
  const operations = body.records.map((record) => {
    const def = typeOf(ctx, record);
    const draft = readRecord(ctx.org.schema, def, record);
    return () => insert(ctx.dml, def.name, draft);
  });
  return { status: 200, body: applyAll(ctx, body.allOrNone, operations, { withCreated: false }) };
}

export function updateMany(ctx: ApiContext, req: ApiRequest): ApiReply {
  const body = readWriteBody(req);
  const operations = body.records.map((record) => {
    const def = typeOf(ctx, record);
    const draft: Draft = readRecord(ctx.org.schema, def, record);
    const id = draft.get("Id");
    if (typeof id !== "string" || id === "") return rejectedWith(failure("MISSING_ARGUMENT", "Id not specified in an update call", ["Id"]));
    return () => update(ctx.dml, def.name, id, draft);
  });
  return { status: 200, body: applyAll(ctx, body.allOrNone, operations, { withCreated: false }) };
}

function upsertKeyField(ctx: ApiContext, def: SObjectDef, name: string): FieldDef {
  const field = ctx.org.schema.field(def.name, name);
  if (!field || (field.name !== "Id" && !isExternalIdField(field)))
    throw ApiError.of(400, "INVALID_FIELD", `Field name provided, ${name} is not an External ID or indexed field for ${def.name}`);
  return field;
}

export function upsertMany(ctx: ApiContext, req: ApiRequest): ApiReply {
  const def = objectOr404(ctx, req.segments[2]!);
  const key = upsertKeyField(ctx, def, req.segments[3]!);
  const body = readWriteBody(req);
  const drafts = body.records.map((record) => {
    const named = typeOf(ctx, record);
    if (named.name !== def.name)
      throw ApiError.of(400, "INVALID_TYPE", `The sObject type ${named.name} doesn't match the sObject type ${def.name} in the request URI.`);
    return readRecord(ctx.org.schema, def, record);
  });
  const keyOf = (draft: Draft): string | null => {
    const v = draft.get(key.name);
    return typeof v === "string" && v !== "" ? v : null;
  };
  const normalize = (v: string) => ("caseSensitive" in key && key.caseSensitive) || key.name === "Id" ? (normalizeId(v) ?? v) : v.toLowerCase();
  const seen = new Map<string, number>();
  for (const d of drafts) {
    const k = keyOf(d);
    if (k !== null) seen.set(normalize(k), (seen.get(normalize(k)) ?? 0) + 1);
  }
  const operations = drafts.map((draft) => {
    const k = keyOf(draft);
    if (k === null) return rejectedWith(failure("MISSING_ARGUMENT", `${key.name} not specified`, [key.name]));
    if ((seen.get(normalize(k)) ?? 0) > 1)
      return rejectedWith(failure("DUPLICATE_EXTERNAL_ID", `Duplicate external id specified: ${k}`, [key.name]));
    return (): SaveOutcome => {
      const outcome = upsert(ctx.dml, def.name, key.name, k, draft);
      return !outcome.ok && "multiple" in outcome ? { ok: false, failure: outcome.failure } : outcome;
    };
  });
  return { status: 200, body: applyAll(ctx, body.allOrNone, operations, { withCreated: true }) };
}

function splitList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== "string") return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function retrieveList(ctx: ApiContext, def: SObjectDef, ids: readonly string[], fieldList: string): ApiReply {
  if (ids.length === 0) throw ApiError.of(400, "MISSING_ARGUMENT", "ids parameter is required");
  if (ids.length > MAX_RETRIEVE_IDS) throw ApiError.of(400, "EXCEEDED_ID_LIMIT", `Maximum number of ids is ${MAX_RETRIEVE_IDS}`);
  const fields = requestedFields(ctx, def, fieldList);
  if (!fields) throw ApiError.of(400, "MISSING_ARGUMENT", "fields parameter is required");
  const body = ids.map((raw) => {
    const id = normalizeId(raw);
    const rec = id ? ctx.org.store.get(id) : undefined;
    return rec && !rec.deleted && rec.type === def.name ? renderRecord(def, rec, ctx.version, fields) : null;
  });
  return { status: 200, body };
}

export function retrieveMany(ctx: ApiContext, req: ApiRequest): ApiReply {
  const def = objectOr404(ctx, req.segments[2]!);
  return retrieveList(ctx, def, splitList(req.query.ids), req.query.fields ?? "");
}

/** POST with `{ids, fields}`: for id lists too long for a URL. */
export function retrieveManyWithBody(ctx: ApiContext, req: ApiRequest): ApiReply {
  const def = objectOr404(ctx, req.segments[2]!);
  const body = req.json();
  if (!isPlainObject(body)) throw jsonParserError("Cannot deserialize retrieve request");
  return retrieveList(ctx, def, splitList(body.ids), splitList(body.fields).join(","));
}

export function deleteMany(ctx: ApiContext, req: ApiRequest): ApiReply {
  const ids = splitList(req.query.ids);
  if (ids.length === 0) throw ApiError.of(400, "MISSING_ARGUMENT", "ids parameter is required");
  if (ids.length > MAX_WRITE_RECORDS) throw tooMany();
  const operations = ids.map((id) => () => remove(ctx.dml, id));
  return { status: 200, body: applyAll(ctx, req.query.allOrNone === "true", operations, { withCreated: false }) };
}
