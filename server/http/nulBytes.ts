import type { RequestHandler } from "express";

/** The first place a NUL byte hides in a parsed value, as a field path ("body.rows.0.email"), or null. */
function nulField(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (depth > 32 || value === null || typeof value !== "object") return null;
  for (const [key, v] of Object.entries(value)) {
    const where = key.includes("\u0000") ? `${path}.${key.split("\u0000").join("\\0")}` : nulField(v, `${path}.${key}`, depth + 1);
    if (where) return where;
  }
  return null;
}

/**
 * PostgreSQL stores no NUL byte in text, and no field of ours has a use for one: a request carrying one anywhere (path,
 * query, JSON body) is a 400 naming where, before it reaches a query that would fail with a 500.
 */
export function rejectNulBytes(): RequestHandler {
  return (req, res, next) => {
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return void res.status(400).json({ error: "invalid_request", message: "path: is not validly percent-encoded" });
    }
    const where = path.includes("\u0000") ? "path" : (nulField(req.query, "query") ?? nulField(req.body, "body"));
    if (where) return void res.status(400).json({ error: "invalid_request", message: `${where}: must not contain a NUL byte` });
    next();
  };
}
