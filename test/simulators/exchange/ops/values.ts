/**
 * Request values Exchange checks against the schema before running an operation. Out-of-range values are answered with
 * ErrorSchemaValidation faults whose violation text follows .NET's XmlSchema messages, as Exchange's do.
 */
import { schemaValidationFault } from "../soap/faults";
import type { Element } from "../xml/read";
import { lineOf, text } from "../xml/read";

const M = "http://schemas.microsoft.com/exchange/services/2006/messages";
const T = "http://schemas.microsoft.com/exchange/services/2006/types";

export function boundedInt(el: Element, opts: { element: string; ns?: "m" | "t"; type: string; min?: number; max?: number }): number {
  const raw = text(el);
  const qualified = `'${opts.ns === "t" ? T : M}:${opts.element}'`;
  const typeName = `'${T}:${opts.type}'`;
  if (!/^[+-]?\d+$/.test(raw) || Math.abs(Number(raw)) > 2147483647) {
    throw schemaValidationFault(
      `The ${qualified} element is invalid - The value '${raw}' is invalid according to its datatype ${typeName} - The string '${raw}' is not a valid Int32 value.`,
      lineOf(el),
    );
  }
  const value = Number(raw);
  if (opts.min !== undefined && value < opts.min) {
    throw schemaValidationFault(`The ${qualified} element is invalid - The value '${raw}' is invalid according to its datatype ${typeName} - The MinInclusive constraint failed.`, lineOf(el));
  }
  if (opts.max !== undefined && value > opts.max) {
    throw schemaValidationFault(`The ${qualified} element is invalid - The value '${raw}' is invalid according to its datatype ${typeName} - The MaxInclusive constraint failed.`, lineOf(el));
  }
  return value;
}

export function intAttribute(el: Element, name: string, fallback: number | undefined, type = "http://www.w3.org/2001/XMLSchema:int"): number | undefined {
  if (!el.hasAttribute(name)) return fallback;
  const raw = el.getAttribute(name) ?? "";
  if (!/^[+-]?\d+$/.test(raw.trim())) {
    throw schemaValidationFault(`The '${name}' attribute is invalid - The value '${raw}' is invalid according to its datatype '${type}' - The string '${raw}' is not a valid Int32 value.`, lineOf(el));
  }
  return Number(raw.trim());
}

export function enumValue<T extends string>(raw: string, allowed: readonly T[], describe: { element: string; type: string }): T {
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw schemaValidationFault(
    `The '${M}:${describe.element}' element is invalid - The value '${raw}' is invalid according to its datatype '${T}:${describe.type}' - The Enumeration constraint failed.`,
  );
}
