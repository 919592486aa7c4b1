/** Per-record checks Salesforce applies to field values on save, each reporting the error code the API reports. */
import type { RecordFailure } from "../errors";
import { failure } from "../errors";
import { normalizeId, to15 } from "../ids";
import type { Org } from "../org";
import type { FieldDef, Schema, SObjectDef } from "./schema";
import type { FieldValue, StoredRecord } from "./store";

/** Field values a request sent, keyed by canonical field name, already deserialized. */
export type Draft = Map<string, FieldValue>;

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** Fields the request may not set on this operation (read-only, or create-only on update). */
export function checkWritable(schema: Schema, def: SObjectDef, draft: Draft, op: "create" | "update"): RecordFailure | null {
  const bad: string[] = [];
  for (const name of draft.keys()) {
    if (name === "Id") continue;
    const field = schema.field(def.name, name);
    if (!field) continue;
    if (op === "create" ? !field.createable : !field.updateable) bad.push(field.name);
  }
  if (bad.length === 0) return null;
  return failure(
    "INVALID_FIELD_FOR_INSERT_UPDATE",
    `Unable to create/update fields: ${bad.join(", ")}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
    bad,
  );
}

export type ValueCheck = { readonly ok: true; readonly value: FieldValue } | { readonly ok: false; readonly failure: RecordFailure };

function ok(value: FieldValue): ValueCheck {
  return { ok: true, value };
}

function bad(f: RecordFailure): ValueCheck {
  return { ok: false, failure: f };
}

/** Validates and canonicalizes one value (ids to 18 characters, empty text to null). */
export function checkValue(org: Org, field: FieldDef, value: FieldValue): ValueCheck {
  if (value === null) return ok(null);
  switch (field.type) {
    case "string":
    case "textarea":
    case "email":
    case "phone":
    case "url":
    case "combobox": {
      const text = String(value);
      if (text === "") return ok(null);
      if (text.length > field.length)
        return bad(
          failure("STRING_TOO_LONG", `${field.label}: data value too large: ${text.slice(0, 200)} (max length=${field.length})`, [field.name]),
        );
      if (field.type === "email" && !EMAIL.test(text))
        return bad(failure("INVALID_EMAIL_ADDRESS", `${field.label}: invalid email address: ${text}`, [field.name]));
      return ok(text);
    }
    case "picklist": {
      const text = String(value);
      if (text === "") return ok(null);
      if (field.restricted && !field.values.includes(text))
        return bad(
          failure("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", `${field.label}: bad value for restricted picklist field: ${text}`, [field.name]),
        );
      if (text.length > 255)
        return bad(failure("STRING_TOO_LONG", `${field.label}: data value too large: ${text} (max length=255)`, [field.name]));
      return ok(text);
    }
    case "reference": {
      const text = String(value);
      if (text === "") return ok(null);
      const id = normalizeId(text);
      if (id === null) return bad(failure("MALFORMED_ID", `${field.label}: id value of incorrect type: ${text}`, [field.name]));
      const target = org.schema.objectForId(id);
      if (!target || !field.referenceTo.includes(target.name))
        return bad(failure("FIELD_INTEGRITY_EXCEPTION", `${field.label}: id value of incorrect type: ${text}`, [field.name]));
      const rec = org.store.get(id);
      if (!rec || rec.deleted) return bad(failure("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", [field.name]));
      if (rec.type === "User" && rec.values.get("IsActive") !== true && field.name === "OwnerId")
        return bad(failure("INACTIVE_OWNER_OR_USER", `operation performed with inactive user [${to15(id)}] as owner`, [field.name]));
      return ok(id);
    }
    default:
      return ok(value);
  }
}

/** DUPLICATE_VALUE when a unique field's value already belongs to another live record. */
export function checkUnique(org: Org, def: SObjectDef, values: ReadonlyMap<string, FieldValue>, self?: StoredRecord): RecordFailure | null {
  for (const field of def.fields) {
    if (!("unique" in field) || !field.unique) continue;
    const value = values.get(field.name) ?? null;
    if (value === null) continue;
    const other = org.store.lookupLive(def.name, field.name, value).find((r) => r !== self);
    if (other) return failure("DUPLICATE_VALUE", `duplicate value found: ${field.name} duplicates value on record with id: ${to15(other.id)}`);
  }
  return null;
}
