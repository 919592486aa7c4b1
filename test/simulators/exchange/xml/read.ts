/**
 * Namespace-aware reading of request documents. Exchange matches elements by (namespace URI, local name), never by
 * prefix, so a request may use any prefixes (or a default namespace) and still be understood.
 */
import { DOMParser } from "@xmldom/xmldom";
import type { Document, Element, Node } from "@xmldom/xmldom";

export type { Document, Element };

/** The request is not well-formed XML; carries what Exchange puts into a schema-validation fault. */
export class XmlSyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
    this.name = "XmlSyntaxError";
  }
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_NODE = 4;

export function parseXml(text: string): Document {
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level === "warning") return;
      const where = /line:\s*(\d+)[^\d]+col:\s*(\d+)/.exec(message);
      throw new XmlSyntaxError(message.split("\n")[0] ?? message, Number(where?.[1] ?? 1), Number(where?.[2] ?? 1));
    },
  });
  try {
    const doc = parser.parseFromString(text, "text/xml");
    if (!doc.documentElement) throw new XmlSyntaxError("Root element is missing.", 1, 1);
    return doc;
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    const where = /line:\s*(\d+)[^\d]+col:\s*(\d+)/.exec(message);
    throw new XmlSyntaxError(message.split("\n")[0] ?? message, Number(where?.[1] ?? 1), Number(where?.[2] ?? 1));
  }
}

function isElement(node: Node): node is Element {
  return node.nodeType === ELEMENT_NODE;
}

/** Child elements, optionally filtered by namespace URI and local name. */
export function children(parent: Element, ns?: string, localName?: string): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (!isElement(node)) continue;
    if (ns !== undefined && node.namespaceURI !== ns) continue;
    if (localName !== undefined && node.localName !== localName) continue;
    out.push(node);
  }
  return out;
}

export function child(parent: Element, ns: string, localName: string): Element | undefined {
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (isElement(node) && node.namespaceURI === ns && node.localName === localName) return node;
  }
  return undefined;
}

/** Concatenated text content of the element's direct text children, trimmed as xs:token-like values are. */
export function text(el: Element): string {
  let out = "";
  for (let node = el.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_NODE) out += node.nodeValue ?? "";
  }
  return out.trim();
}

export function attr(el: Element, name: string): string | undefined {
  return el.hasAttribute(name) ? (el.getAttribute(name) ?? undefined) : undefined;
}

/** 1-based line of an element in the request, when the parser recorded it (used in schema-validation faults). */
export function lineOf(el: Element): number {
  const withLine = el as unknown as { lineNumber?: number };
  return withLine.lineNumber ?? 1;
}

export function columnOf(el: Element): number {
  const withColumn = el as unknown as { columnNumber?: number };
  return withColumn.columnNumber ?? 1;
}
