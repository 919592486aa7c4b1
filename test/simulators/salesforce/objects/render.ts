/** A stored record as the REST API prints it: `attributes` first, then fields in describe order (or as requested). */
import type { ApiVersion } from "../apiVersions";
import type { FieldDef, SObjectDef } from "./schema";
import type { StoredRecord } from "./store";
import { toJson } from "./values";

export function recordUrl(version: ApiVersion, type: string, id: string): string {
  return `/services/data/v${version}.0/sobjects/${type}/${id}`;
}

export function renderRecord(
  def: SObjectDef,
  record: StoredRecord,
  version: ApiVersion,
  fields: readonly FieldDef[] = def.fields,
): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: { type: def.name, url: recordUrl(version, def.name, record.id) } };
  for (const field of fields) out[field.name] = toJson(field, record.values.get(field.name));
  return out;
}
