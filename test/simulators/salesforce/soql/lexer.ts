/** Splits SOQL text into tokens, each remembering its offset for error messages. */
import { parseDateTime } from "../objects/values";
import { soqlError, unexpectedToken } from "./errors";

export type Token =
  | { readonly kind: "ident"; readonly text: string; readonly pos: number }
  | { readonly kind: "string"; readonly text: string; readonly value: string; readonly pos: number }
  | { readonly kind: "number"; readonly text: string; readonly value: number; readonly pos: number }
  | { readonly kind: "date"; readonly text: string; readonly value: string; readonly pos: number }
  | { readonly kind: "datetime"; readonly text: string; readonly value: number; readonly pos: number }
  | { readonly kind: "op"; readonly text: "=" | "!=" | "<>" | "<" | "<=" | ">" | ">="; readonly pos: number }
  | { readonly kind: "punct"; readonly text: "(" | ")" | "," | "." | ":"; readonly pos: number }
  | { readonly kind: "eof"; readonly text: ""; readonly pos: number };

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER = /^-?\d+(?:\.\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f", '"': '"', "'": "'", "\\": "\\" };

function readString(soql: string, start: number): { value: string; end: number } {
  let value = "";
  let i = start + 1;
  while (i < soql.length) {
    const ch = soql.charAt(i);
    if (ch === "'") return { value, end: i + 1 };
    if (ch === "\\") {
      const next = soql.charAt(i + 1);
      if (next === "u" && /^[0-9a-fA-F]{4}$/.test(soql.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(soql.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      // \_ and \% stay escaped: they only mean something to LIKE.
      if (next === "_" || next === "%") value += `\\${next}`;
      else if (next in ESCAPES) value += ESCAPES[next];
      else throw soqlError("MALFORMED_QUERY", soql, i, `Invalid string literal '${soql.slice(start, i + 2)}'. Illegal character sequence '\\${next}' in string literal.`);
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  throw soqlError("MALFORMED_QUERY", soql, start, `line 1:${start} mismatched character '<EOF>' expecting '''`);
}

export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const ch = soql.charAt(i);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = soql.slice(i);
    if (ch === "'") {
      const { value, end } = readString(soql, i);
      tokens.push({ kind: "string", text: soql.slice(i, end), value, pos: i });
      i = end;
      continue;
    }
    let m = DATETIME.exec(rest);
    if (m) {
      const value = parseDateTime(m[0]);
      if (value === null) throw soqlError("MALFORMED_QUERY", soql, i, `line 1:${i} no viable alternative at character '${m[0]}'`);
      tokens.push({ kind: "datetime", text: m[0], value, pos: i });
      i += m[0].length;
      continue;
    }
    m = DATE.exec(rest);
    if (m) {
      tokens.push({ kind: "date", text: m[0], value: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    m = NUMBER.exec(rest);
    if (m && (ch !== "-" || /\d/.test(rest.charAt(1)))) {
      tokens.push({ kind: "number", text: m[0], value: Number(m[0]), pos: i });
      i += m[0].length;
      continue;
    }
    m = IDENT.exec(rest);
    if (m) {
      tokens.push({ kind: "ident", text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    const two = rest.slice(0, 2);
    if (two === "!=" || two === "<>" || two === "<=" || two === ">=") {
      tokens.push({ kind: "op", text: two, pos: i });
      i += 2;
      continue;
    }
    if (ch === "=" || ch === "<" || ch === ">") {
      tokens.push({ kind: "op", text: ch, pos: i });
      i++;
      continue;
    }
    if (ch === "(" || ch === ")" || ch === "," || ch === "." || ch === ":") {
      tokens.push({ kind: "punct", text: ch, pos: i });
      i++;
      continue;
    }
    throw unexpectedToken(soql, i, ch);
  }
  tokens.push({ kind: "eof", text: "", pos: soql.length });
  return tokens;
}
