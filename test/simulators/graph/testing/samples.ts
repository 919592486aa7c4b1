/**
 * Reading Microsoft's documented Graph samples (test/fixtures/ms-samples/graph) and comparing our answers with them
 * semantically: same keys with the same JSON types, not the same bytes (the samples hold placeholders and defects).
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const SAMPLES_DIR = join(__dirname, "..", "..", "..", "fixtures", "ms-samples", "graph");

export type Sample =
  | { readonly kind: "request"; readonly method: string; readonly url: string; readonly headers: Record<string, string>; readonly body: unknown }
  | { readonly kind: "response"; readonly status: number; readonly headers: Record<string, string>; readonly body: unknown }
  | { readonly kind: "body"; readonly body: unknown }
  | { readonly kind: "headers"; readonly headers: Record<string, string> };

/** Every file a test read, so the enumeration test can tell which samples nobody replayed. */
export const readSamples = new Set<string>();

export function sampleFiles(): string[] {
  return readdirSync(SAMPLES_DIR).filter((f) => f !== "README.md").sort();
}

export function readSample(file: string): Sample {
  readSamples.add(file);
  const text = readFileSync(join(SAMPLES_DIR, file), "utf8");
  if (file.endsWith(".json")) return { kind: "body", body: JSON.parse(text) };
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const first = lines[0]?.trim() ?? "";
  const blank = lines.findIndex((l, i) => i > 0 && l.trim() === "");
  const headerLines = lines.slice(1, blank < 0 ? lines.length : blank);
  const rest = blank < 0 ? "" : lines.slice(blank + 1).join("\n").trim();
  const headers: Record<string, string> = {};
  for (const line of file.endsWith(".http.txt") ? headerLines : lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  if (!file.endsWith(".http.txt")) return { kind: "headers", headers };
  const body = rest === "" ? undefined : /^[{[]/.test(rest) ? (JSON.parse(rest) as unknown) : rest;
  const status = /^(?:HTTP(?:\/\d\.\d)?\s+)?(\d{3})\b/.exec(first);
  if (status) return { kind: "response", status: Number(status[1]), headers, body };
  // Request lines are kept as documented: some end in HTTP/1.1, some URLs hold placeholders with spaces ({id | userPrincipalName}).
  const line = /^(\S+)\s+(.*?)(?:\s+HTTP\/\d\.\d)?$/.exec(first);
  return { kind: "request", method: line?.[1] ?? "GET", url: line?.[2] ?? "", headers, body };
}

export function sampleBody(file: string): Record<string, unknown> {
  const s = readSample(file);
  if (s.kind !== "body" && s.kind !== "response") throw new Error(`${file} has no body`);
  return s.body as Record<string, unknown>;
}

export function sampleRequest(file: string): Extract<Sample, { kind: "request" }> {
  const s = readSample(file);
  if (s.kind !== "request") throw new Error(`${file} is not a request`);
  return s;
}

export function sampleResponse(file: string): Extract<Sample, { kind: "response" }> {
  const s = readSample(file);
  if (s.kind !== "response") throw new Error(`${file} is not a response`);
  return s;
}

const field = (x: unknown, key: string): unknown => (typeof x === "object" && x !== null ? (x as Record<string, unknown>)[key] : undefined);

/** Our element of the same sort as a documented one: same @removed-ness, then the same status (batch) or type (events). */
function counterpart(el: unknown, ours: readonly unknown[]): unknown {
  const removed = (x: unknown) => field(x, "@removed") !== undefined;
  const sameSort = ours.filter((x) => removed(x) === removed(el));
  for (const key of ["status", "type"]) {
    const want = field(el, key);
    if (want === undefined) continue;
    const exact = sameSort.find((x) => field(x, key) === want);
    if (exact !== undefined) return exact;
  }
  return sameSort[0];
}

const kindOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/**
 * Differences between a documented JSON value and ours: every documented key must be ours too, with the same JSON type
 * (null on either side matches anything: Graph leaves unset properties null). Array elements are compared with our
 * first element of the same sort (`@removed` or not). Paths listed in `skip` hold data-dependent content.
 * Link annotations must be of the documented kind ($skiptoken in nextLinks, $deltatoken in deltaLinks).
 */
export function shapeDifferences(documented: unknown, ours: unknown, skip: readonly string[] = [], path = ""): string[] {
  if (skip.includes(path)) return [];
  if (documented === null || ours === null) return [];
  const dk = kindOf(documented);
  const ok = kindOf(ours);
  if (dk !== ok) return [`${path || "(root)"}: documented ${dk}, ours ${ok}`];
  if (dk === "array") {
    const d = documented as unknown[];
    const o = ours as unknown[];
    if (d.length > 0 && o.length === 0) return [`${path}: documented a non-empty array, ours is empty`];
    return d.flatMap((el) => {
      const match = counterpart(el, o);
      return match === undefined ? [`${path}[]: no element like ${JSON.stringify(el).slice(0, 60)}`] : shapeDifferences(el, match, skip, `${path}[]`);
    });
  }
  if (dk !== "object") return [];
  const d = documented as Record<string, unknown>;
  const o = ours as Record<string, unknown>;
  const out: string[] = [];
  for (const key of Object.keys(d)) {
    const p = path ? `${path}.${key}` : key;
    if (skip.includes(p)) continue;
    if (!(key in o)) {
      out.push(`${p}: missing`);
      continue;
    }
    out.push(...shapeDifferences(d[key], o[key], skip, p));
  }
  if (typeof o["@odata.nextLink"] === "string" && !/\$skiptoken=/.test(o["@odata.nextLink"])) out.push(`${path}@odata.nextLink: not a $skiptoken link`);
  if (typeof o["@odata.deltaLink"] === "string" && !/\$deltatoken=/.test(o["@odata.deltaLink"])) out.push(`${path}@odata.deltaLink: not a $deltatoken link`);
  if ("@odata.nextLink" in o && "@odata.deltaLink" in o) out.push(`${path}: both a nextLink and a deltaLink`);
  return out;
}
