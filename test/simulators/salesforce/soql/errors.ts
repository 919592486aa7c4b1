/**
 * SOQL errors as Salesforce words them: the query, a caret under the offending position, the row and column, then the
 * reason, e.g. "\nSELECT Foo FROM Contact\n       ^\nERROR at Row:1:Column:8\nNo such column 'Foo' on entity 'Contact'...".
 */
import type { ErrorCode } from "../errors";
import { ApiError } from "../errors";

export type SoqlErrorCode = Extract<ErrorCode, "MALFORMED_QUERY" | "INVALID_FIELD" | "INVALID_TYPE" | "INVALID_QUERY_FILTER_OPERATOR">;

export function soqlError(code: SoqlErrorCode, soql: string, pos: number, reason: string): ApiError {
  const before = soql.slice(0, pos);
  const row = before.split("\n").length;
  const lineStart = before.lastIndexOf("\n") + 1;
  const lineEnd = soql.indexOf("\n", pos);
  const line = soql.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  const column = pos - lineStart;
  return ApiError.of(400, code, `\n${line}\n${" ".repeat(column)}^\nERROR at Row:${row}:Column:${column + 1}\n${reason}`);
}

export function unexpectedToken(soql: string, pos: number, text: string): ApiError {
  return soqlError("MALFORMED_QUERY", soql, pos, `unexpected token: ${text === "" ? "<EOF>" : text}`);
}
