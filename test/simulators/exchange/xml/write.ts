/**
 * A small streaming XML writer. Responses are built as strings (no DOM) because a SyncFolderItems page of 512 items must
 * be produced in milliseconds; element order is the caller's job (the property registry follows the XSD sequence).
 */

export type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Readonly<Record<string, AttrValue>>;

// XML 1.0 forbids these code points even as character references; Exchange never emits them, so we drop them.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

// Most values (ids, dates, numbers) need no escaping; one scan decides.
// eslint-disable-next-line no-control-regex
const NEEDS_TEXT_ESCAPE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF&<>]/;
// eslint-disable-next-line no-control-regex
const NEEDS_ATTR_ESCAPE = /[\u0000-\u001F\uFFFE\uFFFF&<>"]/;

export function escapeText(value: string): string {
  if (!NEEDS_TEXT_ESCAPE.test(value)) return value;
  return value.replace(INVALID_XML_CHARS, "").replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

export function escapeAttr(value: string): string {
  if (!NEEDS_ATTR_ESCAPE.test(value)) return value;
  return value
    .replace(INVALID_XML_CHARS, "")
    .replace(/[&<>"\t\n\r]/g, (c) => {
      switch (c) {
        case "&": return "&amp;";
        case "<": return "&lt;";
        case ">": return "&gt;";
        case '"': return "&quot;";
        case "\t": return "&#x9;";
        case "\n": return "&#xA;";
        default: return "&#xD;";
      }
    });
}

function formatValue(value: string | number | boolean): string {
  return typeof value === "string" ? value : String(value);
}

function attrString(attrs: Attrs | undefined): string {
  if (!attrs) return "";
  let out = "";
  for (const key of Object.keys(attrs)) {
    const value = attrs[key];
    if (value === undefined || value === null) continue;
    out += ` ${key}="${escapeAttr(formatValue(value))}"`;
  }
  return out;
}

export class XmlWriter {
  private readonly parts: string[] = [];

  declaration(): this {
    this.parts.push('<?xml version="1.0" encoding="utf-8"?>');
    return this;
  }

  open(name: string, attrs?: Attrs): this {
    this.parts.push(`<${name}${attrString(attrs)}>`);
    return this;
  }

  close(name: string): this {
    this.parts.push(`</${name}>`);
    return this;
  }

  /** `<name/>` */
  empty(name: string, attrs?: Attrs): this {
    this.parts.push(`<${name}${attrString(attrs)} />`);
    return this;
  }

  /** `<name>text</name>`; an empty string still writes open and close tags (Exchange writes `<t:Subject />` for empty). */
  leaf(name: string, value: string | number | boolean, attrs?: Attrs): this {
    const text = escapeText(formatValue(value));
    if (text === "") return this.empty(name, attrs);
    this.parts.push(`<${name}${attrString(attrs)}>${text}</${name}>`);
    return this;
  }

  /** Writes the element only when a value is present. */
  optionalLeaf(name: string, value: string | number | boolean | null | undefined, attrs?: Attrs): this {
    if (value === undefined || value === null) return this;
    return this.leaf(name, value, attrs);
  }

  /** Already-serialised, trusted markup (e.g. another writer's output). */
  raw(markup: string): this {
    this.parts.push(markup);
    return this;
  }

  toString(): string {
    return this.parts.join("");
  }
}
