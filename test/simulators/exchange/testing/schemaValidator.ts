/**
 * Validates EWS response bodies against Microsoft's messages.xsd (with types.xsd and xml.xsd preloaded), the way
 * test/fixtures/ews-schemas/SOURCES.md describes: the child of soap:Body is the document validated. xmllint runs once
 * per batch, so tests collect bodies and validate them together.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validateXML } from "xmllint-wasm";

const SCHEMA_DIR = join(__dirname, "..", "..", "..", "fixtures", "ews-schemas");

let schemas: { messages: string; types: string; xml: string } | undefined;
function loadSchemas() {
  schemas ??= {
    messages: readFileSync(join(SCHEMA_DIR, "messages.xsd"), "utf8"),
    types: readFileSync(join(SCHEMA_DIR, "types.xsd"), "utf8"),
    xml: readFileSync(join(SCHEMA_DIR, "xml.xsd"), "utf8"),
  };
  return schemas;
}

/**
 * The child of soap:Body as a standalone document. Done on the text (answers can be megabytes; a DOM round trip is
 * slow): the namespace declarations of Envelope and Body are copied onto the extracted element's start tag.
 */
export function bodyChild(envelopeXml: string): string {
  const open = /<(?:[\w.-]+:)?Body\b([^>]*)>/.exec(envelopeXml);
  const close = envelopeXml.lastIndexOf(":Body>") >= 0 ? envelopeXml.lastIndexOf("</", envelopeXml.lastIndexOf(":Body>")) : envelopeXml.lastIndexOf("</Body>");
  if (!open || close < 0) throw new Error("no soap:Body in response");
  const inner = envelopeXml.slice(open.index + open[0].length, close).trim();
  const envelopeTag = /<(?:[\w.-]+:)?Envelope\b([^>]*)>/.exec(envelopeXml)?.[1] ?? "";
  const declarations = new Map<string, string>();
  for (const attrs of [envelopeTag, open[1] ?? ""]) {
    for (const m of attrs.matchAll(/\s(xmlns(?::[\w.-]+)?)="([^"]*)"/g)) declarations.set(m[1] as string, m[2] as string);
  }
  const firstTag = /^<([\w.:-]+)([^>]*?)(\/?)>/.exec(inner);
  if (!firstTag) throw new Error("empty soap:Body");
  const own = new Set([...(firstTag[2] ?? "").matchAll(/\s(xmlns(?::[\w.-]+)?)=/g)].map((m) => m[1]));
  const extra = [...declarations].filter(([name]) => !own.has(name)).map(([name, value]) => ` ${name}="${value}"`).join("");
  return `<${firstTag[1]}${firstTag[2]}${extra}${firstTag[3]}>${inner.slice(firstTag[0].length)}`;
}

export interface SchemaResult {
  readonly name: string;
  readonly valid: boolean;
  readonly errors: readonly string[];
}

/** Validates each named document (already the soap:Body child) against messages.xsd. */
export async function validateAgainstMessagesXsd(docs: readonly { name: string; xml: string }[]): Promise<SchemaResult[]> {
  const s = loadSchemas();
  const files = docs.map((d, i) => ({ fileName: `doc${i}.xml`, contents: d.xml }));
  const result = await validateXML({
    xml: files,
    schema: { fileName: "messages.xsd", contents: s.messages },
    preload: [
      { fileName: "types.xsd", contents: s.types },
      { fileName: "xml.xsd", contents: s.xml },
    ],
    initialMemoryPages: 2048,
    maxMemoryPages: 16384,
  });
  return docs.map((d, i) => {
    const errors = result.errors.filter((e) => e.loc?.fileName === `doc${i}.xml` || e.rawMessage.startsWith(`doc${i}.xml`)).map((e) => e.rawMessage);
    return { name: d.name, valid: errors.length === 0 && (result.valid || !result.rawOutput.includes(`doc${i}.xml fails`)), errors };
  });
}
