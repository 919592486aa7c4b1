/**
 * OData query options this face understands. $select names message properties; extended properties come through
 * `$expand=singleValueExtendedProperties($filter=id eq 'Integer 0x0036')` (several ids joined with `or`), the form
 * Microsoft documents for single-value extended properties (singlevaluelegacyextendedproperty-get.md). Ids are normalised
 * to Graph's own spelling, `Integer 0x36`, which is also how they come back.
 */
import { GraphError } from "./errors";

/** Query option names are case-insensitive in Graph ($SELECT works); values are not touched. */
export function option(query: URLSearchParams, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of query) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function parseSelect(raw: string | undefined, known: ReadonlySet<string>, type: string): string[] | undefined {
  if (raw === undefined) return undefined;
  const names = raw.split(",").map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!known.has(name)) throw new GraphError(400, "RequestBroker--ParseUri", `Could not find a property named '${name}' on type 'microsoft.graph.${type}'.`);
  }
  return names;
}

export function parseExtendedExpand(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === "") return [];
  const m = /^\s*singleValueExtendedProperties\s*\(\s*\$filter\s*=\s*(.+)\)\s*$/i.exec(raw);
  if (!m) throw new GraphError(400, "BadRequest", `Parsing OData Select and Expand failed: could not expand '${raw}'; only singleValueExtendedProperties($filter=id eq '...') is supported.`);
  const ids: string[] = [];
  for (const clause of (m[1] as string).split(/\s+or\s+/i)) {
    const c = /^\s*id\s+eq\s+'([^']+)'\s*$/i.exec(clause);
    if (!c) throw new GraphError(400, "BadRequest", `Invalid filter clause in $expand: '${clause.trim()}'. Use id eq '{type} {tag}'.`);
    ids.push(normaliseExtendedId(c[1] as string));
  }
  return ids;
}

/** `Integer 0x0036` → `Integer 0x36`; other forms (named/GUID properties) are kept as written. */
function normaliseExtendedId(id: string): string {
  const tag = /^(\w+)\s+0x([0-9a-f]{1,4})$/i.exec(id.trim());
  if (!tag) return id.trim();
  const type = (tag[1] as string).charAt(0).toUpperCase() + (tag[1] as string).slice(1).toLowerCase();
  return `${type} 0x${parseInt(tag[2] as string, 16).toString(16)}`;
}
