/**
 * Checks a parsed query against the org's schema, as Salesforce does before running it: unknown objects (INVALID_TYPE),
 * unknown fields or relationships (INVALID_FIELD), unfilterable or unsortable fields, and filter values of the wrong
 * type (INVALID_QUERY_FILTER_OPERATOR). The result is a plan the evaluator runs without further checks.
 */
import { normalizeId } from "../ids";
import type { ChildRelationshipDef, FieldDef, ReferenceFieldDef, SObjectDef, Schema, TextFieldDef } from "../objects/schema";
import { NAME_ENTITY_FIELDS } from "../objects/schema";
import { formatDate } from "../objects/values";
import type { ComparisonOperator, Condition, FieldPath, Literal, Query } from "./ast";
import { soqlError } from "./errors";

export interface ResolvedPath {
  /** Lookups followed, in order, before reading `field`. */
  readonly hops: readonly ReferenceFieldDef[];
  readonly field: FieldDef;
  /** The last hop is polymorphic: `field` is read from the `Name` entity view of whatever record it reaches. */
  readonly viaNameEntity: boolean;
  readonly text: string;
}

export type FilterValue =
  | { readonly kind: "null" }
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "id"; readonly value: string }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "boolean"; readonly value: boolean }
  | { readonly kind: "date"; readonly value: string }
  | { readonly kind: "datetime"; readonly value: number }
  /** A date literal: [start, end) in date text for date fields, in epoch ms for date-time fields. */
  | { readonly kind: "range"; readonly start: string | number; readonly end: string | number };

export type Filter =
  | { readonly kind: "and" | "or"; readonly operands: readonly Filter[] }
  | { readonly kind: "not"; readonly operand: Filter }
  | { readonly kind: "compare"; readonly path: ResolvedPath; readonly op: ComparisonOperator; readonly value: FilterValue }
  | {
      readonly kind: "in";
      readonly path: ResolvedPath;
      readonly negated: boolean;
      readonly values: readonly FilterValue[];
      /** Membership keys (lower-cased text, canonical ids) when every value is text or an id: O(1) matching. */
      readonly keys: ReadonlySet<string> | null;
    };

export type PlannedSelect =
  | { readonly kind: "field"; readonly path: ResolvedPath }
  | { readonly kind: "subquery"; readonly relationship: ChildRelationshipDef; readonly plan: QueryPlan };

export interface QueryPlan {
  readonly object: SObjectDef;
  readonly select: readonly PlannedSelect[];
  /** `COUNT()` answers with the row count only; `COUNT(field)` with one aggregate row. */
  readonly count: "none" | "rows" | "aggregate";
  readonly where: Filter | null;
  readonly orderBy: readonly { readonly path: ResolvedPath; readonly descending: boolean; readonly nullsFirst: boolean }[];
  readonly limit: number | null;
  readonly offset: number | null;
}

const MAX_OFFSET = 2000;

function nameEntityField(name: (typeof NAME_ENTITY_FIELDS)[number]): FieldDef {
  const common = {
    name,
    label: name,
    nillable: true,
    createable: false,
    updateable: false,
    defaultedOnCreate: false,
    filterable: true,
    sortable: true,
    custom: false,
    calculated: true,
    nameField: name === "Name",
  };
  if (name === "Id") return { ...common, type: "id" };
  const text: TextFieldDef = { ...common, type: "string", length: 255, externalId: false, unique: false, caseSensitive: false, idLookup: false };
  return text;
}

const NAME_ENTITY: ReadonlyMap<string, FieldDef> = new Map(NAME_ENTITY_FIELDS.map((n) => [n.toLowerCase(), nameEntityField(n)]));

function noSuchColumn(object: string, field: string): string {
  return `No such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`;
}

function badRelationship(name: string): string {
  return `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`;
}

class Resolver {
  constructor(
    private readonly schema: Schema,
    private readonly soql: string,
    private readonly now: number,
  ) {}

  plan(query: Query): QueryPlan {
    const object = this.schema.object(query.from.name);
    if (!object)
      throw soqlError(
        "INVALID_TYPE",
        this.soql,
        query.from.pos,
        `sObject type '${query.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    return this.planFor(object, query);
  }

  private planFor(object: SObjectDef, query: Query): QueryPlan {
    const hasCount = query.select.some((s) => s.kind === "count");
    const hasAggregate = query.select.some((s) => s.kind === "countField");
    if ((hasCount || hasAggregate) && query.select.length > 1) {
      const extra = query.select.find((s) => s.kind !== "count" && s.kind !== "countField") ?? query.select[1]!;
      const pos = extra.kind === "field" ? extra.path.pos : extra.pos;
      throw soqlError("MALFORMED_QUERY", this.soql, pos, "Field must be grouped or aggregated: " + (extra.kind === "field" ? extra.path.parts.join(".") : "COUNT"));
    }
    const select: PlannedSelect[] = [];
    const seen = new Set<string>();
    for (const item of query.select) {
      if (item.kind === "field" || item.kind === "countField") {
        const path = this.path(object, item.path);
        if (item.kind === "field" && seen.has(path.text.toLowerCase()))
          throw soqlError("MALFORMED_QUERY", this.soql, item.path.pos, `duplicate field selected: ${path.text}`);
        seen.add(path.text.toLowerCase());
        select.push({ kind: "field", path });
      } else if (item.kind === "subquery") {
        const relationship = this.schema.childRelationship(object.name, item.query.from.name);
        if (!relationship)
          throw soqlError("INVALID_TYPE", this.soql, item.query.from.pos, badRelationship(item.query.from.name).replace("in field path", "in FROM clause"));
        const child = this.schema.object(relationship.childSObject)!;
        select.push({ kind: "subquery", relationship, plan: this.planFor(child, item.query) });
      }
    }
    if (query.offset !== null && query.offset > MAX_OFFSET)
      throw soqlError("INVALID_QUERY_FILTER_OPERATOR", this.soql, 0, `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
    return {
      object,
      select,
      count: hasCount ? "rows" : hasAggregate ? "aggregate" : "none",
      where: query.where ? this.filter(object, query.where) : null,
      orderBy: query.orderBy.map((o) => {
        const path = this.path(object, o.path);
        if (!path.field.sortable)
          throw soqlError("INVALID_FIELD", this.soql, o.path.pos, `field '${path.field.name}' can not be sorted in a query call`);
        return { path, descending: o.descending, nullsFirst: o.nullsFirst };
      }),
      limit: query.limit,
      offset: query.offset,
    };
  }

  path(object: SObjectDef, path: FieldPath): ResolvedPath {
    const hops: ReferenceFieldDef[] = [];
    const names: string[] = [];
    let current: SObjectDef = object;
    for (let i = 0; i < path.parts.length - 1; i++) {
      const part = path.parts[i]!;
      const ref = this.schema.relationship(current.name, part);
      if (!ref) throw soqlError("INVALID_FIELD", this.soql, path.pos, badRelationship(part));
      hops.push(ref);
      names.push(ref.relationshipName!);
      if (ref.polymorphic) {
        if (i !== path.parts.length - 2) throw soqlError("INVALID_FIELD", this.soql, path.pos, badRelationship(path.parts[i + 1]!));
        const last = path.parts[path.parts.length - 1]!;
        const field = NAME_ENTITY.get(last.toLowerCase());
        if (!field) throw soqlError("INVALID_FIELD", this.soql, path.pos, noSuchColumn("Name", last));
        return { hops, field, viaNameEntity: true, text: [...names, field.name].join(".") };
      }
      current = this.schema.object(ref.referenceTo[0]!)!;
    }
    const last = path.parts[path.parts.length - 1]!;
    const field = this.schema.field(current.name, last);
    if (!field) throw soqlError("INVALID_FIELD", this.soql, path.pos, noSuchColumn(current.name, last));
    return { hops, field, viaNameEntity: false, text: [...names, field.name].join(".") };
  }

  private filter(object: SObjectDef, c: Condition): Filter {
    switch (c.kind) {
      case "and":
      case "or":
        return { kind: c.kind, operands: c.operands.map((o) => this.filter(object, o)) };
      case "not":
        return { kind: "not", operand: this.filter(object, c.operand) };
      case "compare": {
        const path = this.filterPath(object, c.path);
        if (c.op === "like" && !isText(path.field))
          throw soqlError("INVALID_QUERY_FILTER_OPERATOR", this.soql, c.value.pos, `invalid operator on ${path.field.type} field: LIKE`);
        return { kind: "compare", path, op: c.op, value: this.value(path.field, c.value, c.op === "like") };
      }
      case "in": {
        const path = this.filterPath(object, c.path);
        const values = c.values.map((v) => this.value(path.field, v, false));
        const keyed = values.every((v) => v.kind === "text" || v.kind === "id");
        const keys = keyed ? new Set(values.map((v) => membershipKey(path.field, (v as { value: string }).value))) : null;
        return { kind: "in", path, negated: c.negated, values, keys };
      }
    }
  }

  private filterPath(object: SObjectDef, p: FieldPath): ResolvedPath {
    const path = this.path(object, p);
    if (!path.field.filterable) throw soqlError("INVALID_FIELD", this.soql, p.pos, `field '${path.field.name}' can not be filtered in a query call`);
    return path;
  }

  private value(field: FieldDef, lit: Literal, like: boolean): FilterValue {
    if (lit.kind === "null") return { kind: "null" };
    const mismatch = (expected: string, quoted: boolean): never => {
      throw soqlError(
        "INVALID_QUERY_FILTER_OPERATOR",
        this.soql,
        lit.pos,
        `value of filter criterion for field '${field.name}' must be of type ${expected} and should ${quoted ? "" : "not "}be enclosed in quotes`,
      );
    };
    switch (field.type) {
      case "id":
      case "reference": {
        if (lit.kind !== "string") return mismatch("id", true);
        if (like) return { kind: "text", value: lit.value };
        const id = normalizeId(lit.value);
        if (id === null) throw soqlError("INVALID_QUERY_FILTER_OPERATOR", this.soql, lit.pos, `invalid ID field: ${lit.value}`);
        return { kind: "id", value: id };
      }
      case "boolean":
        return lit.kind === "boolean" ? { kind: "boolean", value: lit.value } : mismatch("boolean", false);
      case "int":
        return lit.kind === "number" ? { kind: "number", value: lit.value } : mismatch("int", false);
      case "date":
        if (lit.kind === "date") return { kind: "date", value: lit.value };
        if (lit.kind === "dateLiteral") return this.range(lit, "date");
        return mismatch("date", false);
      case "datetime":
        if (lit.kind === "datetime") return { kind: "datetime", value: lit.value };
        if (lit.kind === "dateLiteral") return this.range(lit, "datetime");
        return mismatch("dateTime", false);
      default:
        return lit.kind === "string" ? { kind: "text", value: lit.value } : mismatch("string", true);
    }
  }

  /** Resolves a date literal against the simulated clock (the org's time zone is UTC). */
  private range(lit: Extract<Literal, { kind: "dateLiteral" }>, as: "date" | "datetime"): FilterValue {
    const day = 24 * 3600 * 1000;
    const today = Date.parse(`${formatDate(this.now)}T00:00:00Z`);
    const n = lit.n ?? 0;
    const weekStart = today - new Date(today).getUTCDay() * day;
    const d = new Date(today);
    const month = (k: number) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1);
    const year = (k: number) => Date.UTC(d.getUTCFullYear() + k, 0, 1);
    const spans: Record<string, [number, number]> = {
      YESTERDAY: [today - day, today],
      TODAY: [today, today + day],
      TOMORROW: [today + day, today + 2 * day],
      LAST_WEEK: [weekStart - 7 * day, weekStart],
      THIS_WEEK: [weekStart, weekStart + 7 * day],
      NEXT_WEEK: [weekStart + 7 * day, weekStart + 14 * day],
      LAST_MONTH: [month(-1), month(0)],
      THIS_MONTH: [month(0), month(1)],
      NEXT_MONTH: [month(1), month(2)],
      LAST_90_DAYS: [today - 90 * day, today + day],
      NEXT_90_DAYS: [today + day, today + 91 * day],
      THIS_YEAR: [year(0), year(1)],
      LAST_YEAR: [year(-1), year(0)],
      NEXT_YEAR: [year(1), year(2)],
      LAST_N_DAYS: [today - n * day, today + day],
      NEXT_N_DAYS: [today + day, today + (n + 1) * day],
      N_DAYS_AGO: [today - n * day, today - (n - 1) * day],
      LAST_N_WEEKS: [weekStart - n * 7 * day, weekStart],
      NEXT_N_WEEKS: [weekStart + 7 * day, weekStart + (n + 1) * 7 * day],
      LAST_N_MONTHS: [month(-n), month(0)],
      NEXT_N_MONTHS: [month(1), month(n + 1)],
    };
    const [start, end] = spans[lit.name]!;
    return as === "date" ? { kind: "range", start: formatDate(start), end: formatDate(end) } : { kind: "range", start, end };
  }
}

/** How IN compares text: case-insensitively, except ids (already canonical). */
export function membershipKey(field: FieldDef, value: string): string {
  return field.type === "id" || field.type === "reference" ? value : value.toLowerCase();
}

function isText(field: FieldDef): boolean {
  return field.type !== "id" && field.type !== "reference" && field.type !== "boolean" && field.type !== "int" && field.type !== "date" && field.type !== "datetime";
}

export function planQuery(schema: Schema, soql: string, query: Query, now: number): QueryPlan {
  return new Resolver(schema, soql, now).plan(query);
}
