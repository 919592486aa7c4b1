/** Small helpers every route uses to answer the way Salesforce does (JSON with charset, no body on 204). */
import type { Request, Response } from "express";
import type { Faults } from "../faults";
import { jsonParserError } from "../errors";

export function sendJson(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (status === 204 || body === undefined) {
    res.status(status).end();
    return;
  }
  // res.end, not res.send: Express would rewrite the header to "application/json; charset=utf-8".
  res.status(status).setHeader("Content-Type", "application/json;charset=UTF-8").end(JSON.stringify(body));
}

/** OAuth endpoints answer errors as `{"error": ..., "error_description": ...}`. */
export function sendOAuthError(res: Response, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description });
}

/** Parses the raw request body (kept as text so malformed JSON can be reported as JSON_PARSER_ERROR). */
export function readJson(req: Request): unknown {
  const raw: unknown = req.body;
  const text = typeof raw === "string" ? raw : Buffer.isBuffer(raw) ? raw.toString("utf8") : "";
  if (text.trim() === "") throw jsonParserError("No content to map due to end-of-input");
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw jsonParserError(`Unexpected character in JSON body: ${(e as Error).message}`);
  }
}

/** Holds the response for the configured latency (real time: the simulated clock does not slow sockets). */
export function delay(faults: Faults): Promise<void> {
  const ms = faults.nextDelayMs();
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
