/**
 * Field values between JSON and the store: what a request may send for each field type (a wrong JSON type fails
 * deserialization of the whole request, as Salesforce's parser does) and how stored values are printed.
 */
import { jsonParserError } from "../errors";
import type { FieldDef } from "./schema";
import type { FieldValue } from "./store";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function typeName(field: FieldDef): string {
  switch (field.type) {
    case "datetime":
      return "datetime";
    case "int":
      return "int";
    default:
      return field.type;
  }
}

function cannotDeserialize(field: FieldDef, raw: unknown): never {
  const token =
    typeof raw === "string" ? "VALUE_STRING" : typeof raw === "number" ? "VALUE_NUMBER_INT" : typeof raw === "boolean" ? "VALUE_TRUE" : "START_OBJECT";
  throw jsonParserError(
    `Cannot deserialize instance of ${typeName(field)} from ${token} value ${JSON.stringify(raw)} or request may be missing a required field`,
  );
}

/** Milliseconds since the epoch for an ISO-8601 date or date-time (date-only means midnight UTC); null when invalid. */
export function parseDateTime(text: string): number | null {
  const m = DATETIME.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "0", zone = "Z"] = m;
  const ms = Number(frac.padEnd(3, "0").slice(0, 3));
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (Number.isNaN(base) || !validCalendarDate(Number(y), Number(mo), Number(d))) return null;
  if (zone === "Z") return base;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return base - sign * offsetMin * 60_000;
}

function validCalendarDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

export function parseDate(text: string): string | null {
  const m = DATE.exec(text);
  if (m && validCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return text;
  const dt = parseDateTime(text);
  return dt === null ? null : formatDate(dt);
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Salesforce prints date-times with milliseconds and a `+0000` offset. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}

/** Converts a JSON value sent for a field to its stored form, or throws JSON_PARSER_ERROR for the whole request. */
export function fromJson(field: FieldDef, raw: unknown): FieldValue {
  if (raw === null) return null;
  switch (field.type) {
    case "id":
    case "reference":
    case "string":
    case "textarea":
    case "email":
    case "phone":
    case "url":
    case "combobox":
    case "picklist":
      if (typeof raw === "string") return raw;
      if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
      return cannotDeserialize(field, raw);
    case "boolean":
      if (typeof raw === "boolean") return raw;
      if (raw === "true" || raw === "false") return raw === "true";
      return cannotDeserialize(field, raw);
    case "int":
      if (typeof raw === "number" && Number.isInteger(raw)) return raw;
      if (typeof raw === "string" && /^-?\d+$/.test(raw)) return Number(raw);
      return cannotDeserialize(field, raw);
    case "date": {
      const value = typeof raw === "string" ? parseDate(raw) : null;
      return value ?? cannotDeserialize(field, raw);
    }
    case "datetime": {
      const value = typeof raw === "string" ? parseDateTime(raw) : typeof raw === "number" ? raw : null;
      return value ?? cannotDeserialize(field, raw);
    }
  }
}

/** The JSON form of a stored value. */
export function toJson(field: FieldDef, value: FieldValue | undefined): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (field.type === "datetime" && typeof value === "number") return formatDateTime(value);
  return value;
}
