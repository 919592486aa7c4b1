/**
 * Runs a query plan over an org's records: picks candidates through an index when the filter pins an indexed field
 * (Id, Email, external ids, lookups), filters with SOQL semantics (case-insensitive text, `!=` matching nulls),
 * orders, pages with OFFSET/LIMIT and shapes each row as the REST API prints it.
 */
import type { ApiVersion } from "../apiVersions";
import type { Org } from "../org";
import type { FieldDef } from "../objects/schema";
import type { FieldValue, StoredRecord } from "../objects/store";
import { recordUrl } from "../objects/render";
import { toJson } from "../objects/values";
import type { Filter, FilterValue, QueryPlan, ResolvedPath } from "./resolve";
import { membershipKey } from "./resolve";

export type JsonRecord = Record<string, unknown>;

export interface QueryRows {
  readonly totalSize: number;
  readonly records: readonly JsonRecord[];
  /** How many stored records the filter examined (an index keeps this near the number of matches). */
  readonly scanned: number;
}

interface Run {
  readonly org: Org;
  readonly version: ApiVersion;
  readonly includeDeleted: boolean;
}

/** The record a path's lookups lead to (the record itself when there are none), or null when a lookup is empty. */
function follow(run: Run, record: StoredRecord, hops: ResolvedPath["hops"], upTo = hops.length): StoredRecord | null {
  let current: StoredRecord | undefined = record;
  for (let i = 0; i < upTo; i++) {
    const id = current.values.get(hops[i]!.name);
    if (typeof id !== "string") return null;
    current = run.org.store.get(id);
    if (!current) return null;
  }
  return current;
}

/** A field of the polymorphic `Name` entity, read from whatever record a Who/What/Owner lookup reaches. */
function nameEntityValue(run: Run, target: StoredRecord, field: string): FieldValue {
  if (field === "Type") return target.type;
  if (field === "Name") return target.values.get("Name") ?? target.values.get("Subject") ?? null;
  return run.org.schema.field(target.type, field) ? (target.values.get(field) ?? null) : null;
}

function read(run: Run, record: StoredRecord, path: ResolvedPath): FieldValue {
  const target = follow(run, record, path.hops);
  if (!target) return null;
  return path.viaNameEntity ? nameEntityValue(run, target, path.field.name) : (target.values.get(path.field.name) ?? null);
}

function isCaseInsensitive(field: FieldDef): boolean {
  return field.type !== "id" && field.type !== "reference";
}

/** Orders two non-null values of the same field. */
function order(a: FieldValue, b: FieldValue, field: FieldDef): number {
  if (typeof a === "string" && typeof b === "string") {
    const x = isCaseInsensitive(field) ? a.toLowerCase() : a;
    const y = isCaseInsensitive(field) ? b.toLowerCase() : b;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return String(a).localeCompare(String(b));
}

function likeRegex(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === "\\" && i + 1 < pattern.length) {
      source += pattern.charAt(++i).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    } else if (ch === "%") source += "[\\s\\S]*";
    else if (ch === "_") source += "[\\s\\S]";
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "i");
}

const likeCache = new Map<string, RegExp>();

function literalValue(v: FilterValue): FieldValue {
  switch (v.kind) {
    case "null":
    case "range":
      return null;
    default:
      return v.value;
  }
}

function compare(field: FieldDef, op: string, actual: FieldValue, v: FilterValue): boolean {
  if (v.kind === "null") return op === "=" ? actual === null : op === "!=" ? actual !== null : false;
  if (v.kind === "range") {
    if (actual === null) return op === "!=";
    const inRange = actual >= v.start && actual < v.end;
    switch (op) {
      case "=":
        return inRange;
      case "!=":
        return !inRange;
      case "<":
        return actual < v.start;
      case "<=":
        return actual < v.end;
      case ">":
        return actual >= v.end;
      default:
        return actual >= v.start;
    }
  }
  if (op === "like") {
    if (typeof actual !== "string" || v.kind !== "text") return false;
    let re = likeCache.get(v.value);
    if (!re) likeCache.set(v.value, (re = likeRegex(v.value)));
    return re.test(actual);
  }
  const expected = literalValue(v);
  if (actual === null) return op === "!=";
  const c = order(actual, expected, field);
  switch (op) {
    case "=":
      return c === 0;
    case "!=":
      return c !== 0;
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    default:
      return c >= 0;
  }
}

function matches(run: Run, record: StoredRecord, f: Filter): boolean {
  switch (f.kind) {
    case "and":
      return f.operands.every((o) => matches(run, record, o));
    case "or":
      return f.operands.some((o) => matches(run, record, o));
    case "not":
      return !matches(run, record, f.operand);
    case "compare":
      return compare(f.path.field, f.op, read(run, record, f.path), f.value);
    case "in": {
      const actual = read(run, record, f.path);
      const hit = f.keys
        ? typeof actual === "string" && f.keys.has(membershipKey(f.path.field, actual))
        : f.values.some((v) => compare(f.path.field, "=", actual, v));
      return f.negated ? !hit : hit;
    }
  }
}

/** Values an indexed field of the queried object must equal, if the filter pins one (directly or inside an AND). */
function indexedPin(run: Run, plan: QueryPlan, f: Filter | null): { field: string; values: FieldValue[] } | null {
  if (!f) return null;
  if (f.kind === "and") {
    for (const operand of f.operands) {
      const pin = indexedPin(run, plan, operand);
      if (pin) return pin;
    }
    return null;
  }
  const direct = (path: ResolvedPath) => path.hops.length === 0 && run.org.store.isIndexed(plan.object.name, path.field.name);
  const usable = (v: FilterValue) => v.kind === "text" || v.kind === "id";
  if (f.kind === "compare" && f.op === "=" && direct(f.path) && usable(f.value)) return { field: f.path.field.name, values: [literalValue(f.value)] };
  if (f.kind === "in" && !f.negated && direct(f.path) && f.values.every(usable)) return { field: f.path.field.name, values: f.values.map(literalValue) };
  return null;
}

function candidates(run: Run, plan: QueryPlan, scope: readonly StoredRecord[] | null): readonly StoredRecord[] {
  const visible = (r: StoredRecord) => run.includeDeleted || !r.deleted;
  if (scope) return scope.filter(visible);
  const pin = indexedPin(run, plan, plan.where);
  if (!pin) return [...run.org.store.scan(plan.object.name)].filter(visible);
  const found = new Set<StoredRecord>();
  for (const value of pin.values) for (const r of run.org.store.lookup(plan.object.name, pin.field, value)) if (visible(r)) found.add(r);
  return [...found].sort((a, b) => a.seq - b.seq);
}

function sortRows(run: Run, plan: QueryPlan, rows: StoredRecord[]): void {
  if (plan.orderBy.length === 0) return;
  const keys = new Map<StoredRecord, FieldValue[]>(rows.map((r) => [r, plan.orderBy.map((o) => read(run, r, o.path))]));
  rows.sort((a, b) => {
    const ka = keys.get(a)!;
    const kb = keys.get(b)!;
    for (let i = 0; i < plan.orderBy.length; i++) {
      const o = plan.orderBy[i]!;
      const x = ka[i] ?? null;
      const y = kb[i] ?? null;
      if (x === null && y === null) continue;
      if (x === null) return o.nullsFirst ? -1 : 1;
      if (y === null) return o.nullsFirst ? 1 : -1;
      const c = order(x, y, o.path.field);
      if (c !== 0) return o.descending ? -c : c;
    }
    return 0;
  });
}

function project(run: Run, plan: QueryPlan, record: StoredRecord): JsonRecord {
  const out: JsonRecord = { attributes: { type: record.type, url: recordUrl(run.version, record.type, record.id) } };
  for (const item of plan.select) {
    if (item.kind === "subquery") {
      const children = run.org.store.lookup(item.relationship.childSObject, item.relationship.field, record.id);
      const rows = select(run, item.plan, children);
      out[item.relationship.relationshipName] = rows.totalSize === 0 ? null : { totalSize: rows.totalSize, done: true, records: rows.records };
      continue;
    }
    const path = item.path;
    let node = out;
    let reached = true;
    for (let i = 0; i < path.hops.length; i++) {
      const key = path.hops[i]!.relationshipName!;
      const existing = node[key];
      if (existing === null) {
        reached = false;
        break;
      }
      if (existing === undefined) {
        const target = follow(run, record, path.hops, i + 1);
        if (!target) {
          node[key] = null;
          reached = false;
          break;
        }
        const polymorphicEnd = path.viaNameEntity && i === path.hops.length - 1;
        node[key] = { attributes: { type: polymorphicEnd ? "Name" : target.type, url: recordUrl(run.version, target.type, target.id) } };
      }
      node = node[key] as JsonRecord;
    }
    if (reached) node[path.field.name] = toJson(path.field, read(run, record, path));
  }
  return out;
}

function select(run: Run, plan: QueryPlan, scope: readonly StoredRecord[] | null): QueryRows {
  const examined = candidates(run, plan, scope);
  const scanned = examined.length;
  const rows = examined.filter((r) => !plan.where || matches(run, r, plan.where));
  sortRows(run, plan, rows as StoredRecord[]);
  const start = plan.offset ?? 0;
  const page = rows.slice(start, plan.limit === null ? undefined : start + plan.limit);
  if (plan.count === "rows") return { totalSize: page.length, records: [], scanned };
  if (plan.count === "aggregate") {
    const first = plan.select[0];
    const path = first?.kind === "field" ? first.path : null;
    const n = path ? page.filter((r) => read(run, r, path) !== null).length : page.length;
    return { totalSize: 1, records: [{ attributes: { type: "AggregateResult" }, expr0: n }], scanned };
  }
  return { totalSize: page.length, records: page.map((r) => project(run, plan, r)), scanned };
}

/** Every row the query selects (paging into batches is the REST layer's business). */
export function runQuery(org: Org, plan: QueryPlan, version: ApiVersion, includeDeleted: boolean): QueryRows {
  return select({ org, version, includeDeleted }, plan, null);
}
