/**
 * Single-record resources under `/sobjects`: describe (global, basic info, full), create, retrieve, update, delete,
 * and the sObject Rows by External ID resource (retrieve, upsert, delete by an External ID field).
 */
import { supportsUpsertResultBody } from "../apiVersions";
import { ApiError, RESOURCE_MISSING_MESSAGE, resourceMissing } from "../errors";
import { normalizeId } from "../ids";
import { describeGlobal, describeObject, describeSummary } from "../objects/describe";
import type { UpsertOutcome } from "../objects/dml";
import { insert, removeRecord, resolveRecord, updateRecord, upsert } from "../objects/dml";
import { readRecord } from "../objects/input";
import { recordUrl, renderRecord } from "../objects/render";
import type { FieldDef, SObjectDef } from "../objects/schema";
import { isExternalIdField } from "../objects/schema";
import type { StoredRecord } from "../objects/store";
import type { ApiContext, ApiReply, ApiRequest } from "./context";

export function objectOr404(ctx: ApiContext, name: string): SObjectDef {
  const def = ctx.org.schema.object(name);
  if (!def) throw resourceMissing();
  return def;
}

const notAnIdOrField = (segment: string) =>
  ApiError.of(404, "NOT_FOUND", `Provided external ID field does not exist or is not accessible: ${segment}`);

export function noSuchColumnOnEntity(object: string, field: string): ApiError {
  return ApiError.of(
    400,
    "INVALID_FIELD",
    `No such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

/** The `fields` list of a retrieve, validated against the object. */
export function requestedFields(ctx: ApiContext, def: SObjectDef, list: string | undefined): readonly FieldDef[] | undefined {
  if (list === undefined || list.trim() === "") return undefined;
  return list.split(",").map((raw) => {
    const name = raw.trim();
    const field = ctx.org.schema.field(def.name, name);
    if (!field) throw noSuchColumnOnEntity(def.name, name);
    return field;
  });
}

/** The live record of `def` a path id names: 404 for non-ids and missing records, 400 MALFORMED_ID for another object's id. */
function recordAt(ctx: ApiContext, def: SObjectDef, segment: string): StoredRecord {
  if (normalizeId(segment) === null) throw notAnIdOrField(segment);
  const resolved = resolveRecord(ctx.dml, def.name, segment);
  if ("record" in resolved) return resolved.record;
  switch (resolved.failure.code) {
    case "INVALID_CROSS_REFERENCE_KEY":
      throw resourceMissing();
    case "ENTITY_IS_DELETED":
      throw ApiError.of(404, "ENTITY_IS_DELETED", "entity is deleted");
    default:
      throw ApiError.fromRecordFailure(resolved.failure);
  }
}

export function describeGlobalRoute(ctx: ApiContext): ApiReply {
  return { status: 200, body: describeGlobal(ctx.org.schema, ctx.version) };
}

export function basicInfo(ctx: ApiContext, req: ApiRequest): ApiReply {
  const def = objectOr404(ctx, req.segments[1]!);
  return { status: 200, body: { objectDescribe: describeSummary(def, ctx.version), recentItems: [] } };
}

export function describe(ctx: ApiContext, req: ApiRequest): ApiReply {
  const def = objectOr404(ctx, req.segments[1]!);
  return { status: 200, body: describeObject(def, ctx.version) };
}

export function create(ctx: ApiContext, req: ApiRequest): ApiReply {
  const def = objectOr404(ctx, req.segments[1]!);
  const outcome = insert(ctx.dml, def.name, readRecord(ctx.org.schema, def, req.json()));
  if (!outcome.ok) throw ApiError.fromRecordFailure(outcome.failure);
  const created = req.segments[2] === "Id" && supportsUpsertResultBody(ctx.version) ? { created: true } : {};
  return { status: 201, body: { id: outcome.id, success: true, errors: [], ...created } };
}

export function retrieve(ctx: ApiContext, req: ApiRequest): ApiReply {
  const def = objectOr404(ctx, req.segments[1]!);
  const record = recordAt(ctx, def, req.segments[2]!);
  return { status: 200, body: renderRecord(def, record, ctx.version, requestedFields(ctx, def, req.query.fields)) };
}

export function update(ctx: ApiContext, req: ApiRequest): ApiReply {
  const def = objectOr404(ctx, req.segments[1]!);
  const record = recordAt(ctx, def, req.segments[2]!);
  const outcome = updateRecord(ctx.dml, record, readRecord(ctx.org.schema, def, req.json()));
  if (!outcome.ok) throw ApiError.fromRecordFailure(outcome.failure);
  return { status: 204 };
}

export function destroy(ctx: ApiContext, req: ApiRequest): ApiReply {
  const def = objectOr404(ctx, req.segments[1]!);
  const record = recordAt(ctx, def, req.segments[2]!);
  const outcome = removeRecord(ctx.dml, record);
  if (!outcome.ok) throw ApiError.fromRecordFailure(outcome.failure);
  return { status: 204 };
}

// ---- sObject Rows by External ID -----------------------------------------------------------------------------------

function externalIdField(ctx: ApiContext, def: SObjectDef, name: string): FieldDef {
  const field = ctx.org.schema.field(def.name, name);
  if (!field || (field.name !== "Id" && !isExternalIdField(field))) throw resourceMissing();
  return field;
}

/** 300 Multiple Choices lists the matching records' URLs. */
function multipleChoices(ctx: ApiContext, def: SObjectDef, matches: readonly StoredRecord[]): ApiReply {
  return { status: 300, body: matches.map((m) => recordUrl(ctx.version, def.name, m.id)) };
}

function matchesByExternalId(ctx: ApiContext, def: SObjectDef, field: FieldDef, value: string): readonly StoredRecord[] {
  if (field.name === "Id") {
    const id = normalizeId(value);
    const rec = id ? ctx.org.store.get(id) : undefined;
    return rec && !rec.deleted && rec.type === def.name ? [rec] : [];
  }
  return ctx.org.store.lookupLive(def.name, field.name, value);
}

export function retrieveByExternalId(ctx: ApiContext, req: ApiRequest): ApiReply {
  const def = objectOr404(ctx, req.segments[1]!);
  const field = externalIdField(ctx, def, req.segments[2]!);
  const matches = matchesByExternalId(ctx, def, field, req.segments[3]!);
  if (matches.length > 1) return multipleChoices(ctx, def, matches);
  const record = matches[0];
  if (!record) throw resourceMissing();
  return { status: 200, body: renderRecord(def, record, ctx.version, requestedFields(ctx, def, req.query.fields)) };
}

export function upsertByExternalId(ctx: ApiContext, req: ApiRequest): ApiReply {
  const def = objectOr404(ctx, req.segments[1]!);
  const field = externalIdField(ctx, def, req.segments[2]!);
  const value = req.segments[3]!;
  const draft = readRecord(ctx.org.schema, def, req.json());
  if (req.query.updateOnly === "true" && matchesByExternalId(ctx, def, field, value).length === 0)
    throw ApiError.of(404, "NOT_FOUND", RESOURCE_MISSING_MESSAGE);
  const outcome: UpsertOutcome = upsert(ctx.dml, def.name, field.name, value, draft);
  if (!outcome.ok) {
    if ("multiple" in outcome) return multipleChoices(ctx, def, outcome.multiple);
    if (outcome.failure.code === "INVALID_CROSS_REFERENCE_KEY" && field.name === "Id") throw resourceMissing();
    throw ApiError.fromRecordFailure(outcome.failure);
  }
  const withBody = supportsUpsertResultBody(ctx.version);
  if (outcome.created) return { status: 201, body: { id: outcome.id, success: true, errors: [], ...(withBody ? { created: true } : {}) } };
  return withBody ? { status: 200, body: { id: outcome.id, success: true, errors: [], created: false } } : { status: 204 };
}

export function deleteByExternalId(ctx: ApiContext, req: ApiRequest): ApiReply {
  const def = objectOr404(ctx, req.segments[1]!);
  const field = externalIdField(ctx, def, req.segments[2]!);
  const matches = matchesByExternalId(ctx, def, field, req.segments[3]!);
  if (matches.length > 1) return multipleChoices(ctx, def, matches);
  const record = matches[0];
  if (!record) throw resourceMissing();
  const outcome = removeRecord(ctx.dml, record);
  if (!outcome.ok) throw ApiError.fromRecordFailure(outcome.failure);
  return { status: 204 };
}
