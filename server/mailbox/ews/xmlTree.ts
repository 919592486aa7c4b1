import { SaxesParser } from "saxes";

/**
 * EWS answers as a light tree (elements, attributes, text), parsed by saxes, a strict streaming XML parser with
 * namespaces. EWS matches elements by namespace URI and local name, never by prefix, so neither do we. A DOCTYPE is
 * refused (no entity expansion from a hostile server). A full DOM costs several times more than the sync's idle cycle
 * can spend on its answers; this tree is all the provider reads.
 */

export interface XmlElement {
  /** Namespace URI ("" when none). */
  readonly ns: string;
  readonly name: string;
  /** Attributes by local name (namespace declarations are not attributes). */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own character data (entities decoded, CDATA included), in document order. */
  readonly text: string;
}

/** The text is not well-formed XML (or uses a feature refused here); the message says where. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at character ${offset})`);
    this.name = "XmlSyntaxError";
  }
}

interface Building {
  ns: string;
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parses a whole document; returns its root element. */
export function parseXml(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: Building[] = [];
  let root: XmlElement | null = null;
  const fail = (message: string): never => {
    throw new XmlSyntaxError(message.replace(/^\d+:\d+: /, ""), parser.position);
  };
  parser.on("error", (err) => fail(err.message));
  parser.on("doctype", () => fail("document type declarations are not accepted"));
  parser.on("opentag", (tag) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === "xmlns" || a.name === "xmlns") continue;
      attrs[a.local] = a.value;
    }
    stack.push({ ns: tag.uri, name: tag.local, attrs, children: [], text: "" });
  });
  const addText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.on("closetag", () => {
    const b = stack.pop();
    if (!b) return;
    const done: XmlElement = { ns: b.ns, name: b.name, attrs: b.attrs, children: b.children, text: b.text };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(done);
    else root = done;
  });
  parser.write(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).close();
  if (!root) throw new XmlSyntaxError("no root element", 0);
  return root;
}

/** The first child element with this namespace and local name. */
export function child(el: XmlElement | undefined, ns: string, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (c.name === name && c.ns === ns) return c;
  return undefined;
}

/** Child elements, optionally only those with this namespace and local name. */
export function children(el: XmlElement | undefined, ns?: string, name?: string): XmlElement[] {
  if (!el) return [];
  if (ns === undefined) return [...el.children];
  return el.children.filter((c) => c.ns === ns && (name === undefined || c.name === name));
}

/** The text of the first such child, or undefined when there is none. */
export function childText(el: XmlElement | undefined, ns: string, name: string): string | undefined {
  return child(el, ns, name)?.text;
}
