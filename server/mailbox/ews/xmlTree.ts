/**
 * A small, strict, namespace-aware XML reader for EWS answers. EWS matches elements by namespace URI and local name,
 * never by prefix, so neither do we. It builds a light tree (elements, attributes, text) and nothing else: no DTDs (a
 * DOCTYPE is refused, so no entity expansion), no processing of comments or processing instructions. It exists because
 * a general DOM costs several times more than the sync's idle cycle can spend on its answers.
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
  constructor(message: string, readonly offset: number) {
    super(`${message} (at character ${offset})`);
    this.name = "XmlSyntaxError";
  }
}

interface Building {
  ns: string;
  name: string;
  qname: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  scope: Record<string, string>;
}

const XML_NS = "http://www.w3.org/XML/1998/namespace";
// Never written to: an element declaring namespaces gets a scope of its own that inherits from its parent's.
const rootScope: Record<string, string> = { xml: XML_NS, "": "" };
const entities: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const entityPattern = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);?/g;

/** Character data: line ends normalised to \n as XML requires (a &#13; reference survives), entities decoded. */
function decode(raw: string, at: number): string {
  const text = raw.indexOf("\r") < 0 ? raw : raw.replace(/\r\n?/g, "\n");
  if (text.indexOf("&") < 0) return text;
  return text.replace(entityPattern, (whole: string, ref: string, offset: number) => {
    if (!whole.endsWith(";")) throw new XmlSyntaxError(`unterminated entity reference ${whole}`, at + offset);
    if (ref.charCodeAt(0) === 35 /* # */) {
      const code = ref.charCodeAt(1) === 120 /* x */ ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!(code > 0 && code <= 0x10ffff)) throw new XmlSyntaxError(`invalid character reference ${whole}`, at + offset);
      return String.fromCodePoint(code);
    }
    const value = entities[ref];
    if (value === undefined) throw new XmlSyntaxError(`unknown entity ${whole}`, at + offset);
    return value;
  });
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Parses a whole document; returns its root element. */
export function parseXml(text: string): XmlElement {
  const s = text;
  const n = s.length;
  let pos = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: Building[] = [];
  let root: XmlElement | null = null;

  const resolve = (prefix: string, scope: Record<string, string>, at: number): string => {
    const uri = scope[prefix];
    if (uri === undefined) throw new XmlSyntaxError(`undeclared namespace prefix "${prefix}"`, at);
    return uri;
  };

  while (pos < n) {
    const lt = s.indexOf("<", pos);
    const top = stack[stack.length - 1];
    if (lt < 0 || lt > pos) {
      const chunk = s.slice(pos, lt < 0 ? n : lt);
      if (top) top.text += decode(chunk, pos);
      else if (chunk.trim() !== "") throw new XmlSyntaxError("text outside the root element", pos);
      if (lt < 0) break;
    }
    const next = s.charCodeAt(lt + 1);
    if (next === 63 /* ? */) {
      const end = s.indexOf("?>", lt + 2);
      if (end < 0) throw new XmlSyntaxError("unterminated processing instruction", lt);
      pos = end + 2;
    } else if (next === 33 /* ! */) {
      if (s.startsWith("<!--", lt)) {
        const end = s.indexOf("-->", lt + 4);
        if (end < 0) throw new XmlSyntaxError("unterminated comment", lt);
        pos = end + 3;
      } else if (s.startsWith("<![CDATA[", lt)) {
        const end = s.indexOf("]]>", lt + 9);
        if (end < 0 || !top) throw new XmlSyntaxError("misplaced or unterminated CDATA section", lt);
        top.text += s.slice(lt + 9, end);
        pos = end + 3;
      } else {
        throw new XmlSyntaxError("document type declarations are not accepted", lt);
      }
    } else if (next === 47 /* / */) {
      const gt = s.indexOf(">", lt + 2);
      if (gt < 0) throw new XmlSyntaxError("unterminated end tag", lt);
      const qname = s.slice(lt + 2, gt).trimEnd();
      if (!top || top.qname !== qname) throw new XmlSyntaxError(`end tag </${qname}> does not match <${top?.qname ?? ""}>`, lt);
      stack.pop();
      const done: XmlElement = { ns: top.ns, name: top.name, attrs: top.attrs, children: top.children, text: top.text };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(done);
      else root = done;
      pos = gt + 1;
    } else {
      if (root) throw new XmlSyntaxError("a second root element", lt);
      // Start tag: name, then attributes up to > or />.
      let i = lt + 1;
      while (i < n && !isSpace(s.charCodeAt(i)) && s.charCodeAt(i) !== 62 && s.charCodeAt(i) !== 47) i++;
      const qname = s.slice(lt + 1, i);
      if (qname === "") throw new XmlSyntaxError("empty element name", lt);
      let rawAttrs: [string, string][] | null = null;
      let scope = top ? top.scope : rootScope;
      let selfClosing = false;
      for (;;) {
        while (i < n && isSpace(s.charCodeAt(i))) i++;
        const c = s.charCodeAt(i);
        if (c === 62 /* > */) {
          i++;
          break;
        }
        if (c === 47 /* / */ && s.charCodeAt(i + 1) === 62) {
          selfClosing = true;
          i += 2;
          break;
        }
        if (i >= n) throw new XmlSyntaxError(`unterminated start tag <${qname}`, lt);
        const eq = s.indexOf("=", i);
        if (eq < 0) throw new XmlSyntaxError(`attribute without a value in <${qname}>`, i);
        const attrName = s.slice(i, eq).trim();
        let q = eq + 1;
        while (q < n && isSpace(s.charCodeAt(q))) q++;
        const quote = s.charCodeAt(q);
        if (quote !== 34 && quote !== 39) throw new XmlSyntaxError(`unquoted attribute ${attrName} in <${qname}>`, q);
        const close = s.indexOf(quote === 34 ? '"' : "'", q + 1);
        if (close < 0) throw new XmlSyntaxError(`unterminated attribute ${attrName} in <${qname}>`, q);
        // Attribute-value normalisation: literal tabs and line ends read as spaces.
        const value = decode(s.slice(q + 1, close).replace(/\r\n|[\t\n\r]/g, " "), q + 1);
        if (attrName === "xmlns" || attrName.startsWith("xmlns:")) {
          if (scope === (top ? top.scope : rootScope)) scope = Object.create(scope) as Record<string, string>;
          scope[attrName === "xmlns" ? "" : attrName.slice(6)] = value;
        } else {
          (rawAttrs ??= []).push([attrName, value]);
        }
        i = close + 1;
      }
      const colon = qname.indexOf(":");
      const el: Building = {
        ns: resolve(colon < 0 ? "" : qname.slice(0, colon), scope, lt),
        name: colon < 0 ? qname : qname.slice(colon + 1),
        qname,
        attrs: {},
        children: [],
        text: "",
        scope,
      };
      if (rawAttrs) {
        for (const [name, value] of rawAttrs) {
          const c2 = name.indexOf(":");
          if (c2 >= 0) resolve(name.slice(0, c2), scope, lt);
          el.attrs[c2 < 0 ? name : name.slice(c2 + 1)] = value;
        }
      }
      if (selfClosing) {
        const done: XmlElement = { ns: el.ns, name: el.name, attrs: el.attrs, children: el.children, text: "" };
        if (top) top.children.push(done);
        else root = done;
      } else {
        stack.push(el);
      }
      pos = i;
    }
  }
  if (stack.length > 0) throw new XmlSyntaxError(`<${stack[stack.length - 1]?.qname ?? ""}> is never closed`, n);
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
