/** Reads a record from a request body into a draft: field names resolve case-insensitively, unknown ones fail the request. */
import { ApiError, jsonParserError } from "../errors";
import type { SObjectDef, Schema } from "./schema";
import type { Draft } from "./validate";
import { fromJson } from "./values";

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function noSuchColumn(field: string, object: string): ApiError {
  return ApiError.of(400, "INVALID_FIELD", `No such column '${field}' on sobject of type ${object}`);
}

/**
 * Field values of one record. `attributes` is ignored (collections carry the type there); `Id` is kept as text so the
 * operation can judge it. Throws for anything Salesforce's deserializer rejects, which fails the whole request.
 */
export function readRecord(schema: Schema, def: SObjectDef, input: unknown): Draft {
  if (!isPlainObject(input)) throw jsonParserError(`Cannot deserialize instance of ${def.name} from ${Array.isArray(input) ? "START_ARRAY" : "VALUE_STRING"} value`);
  const draft: Draft = new Map();
  for (const [key, raw] of Object.entries(input)) {
    if (key === "attributes") continue;
    const field = schema.field(def.name, key);
    if (!field) throw noSuchColumn(key, def.name);
    if (field.name === "Id") {
      if (raw !== null && typeof raw !== "string") throw jsonParserError(`Cannot deserialize instance of id from ${JSON.stringify(raw)}`);
      if (raw !== null) draft.set("Id", raw);
      continue;
    }
    draft.set(field.name, fromJson(field, raw));
  }
  return draft;
}
