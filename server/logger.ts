import pino from "pino";
import type { Logger, DestinationStream } from "pino";

export type { Logger };

/**
 * Secrets never reach a log line. Paths cover the shapes our code logs: HTTP headers, token responses,
 * OAuth parameters, credentials objects, at the top level and one or two levels down.
 */
const secretKeys = [
  "authorization",
  "cookie",
  "set-cookie",
  "password",
  "secret",
  "client_secret",
  "clientSecret",
  "access_token",
  "accessToken",
  "refresh_token",
  "refreshToken",
  "id_token",
  "idToken",
  "code",
  "code_verifier",
  "codeVerifier",
  "token",
  "assertion",
  "client_assertion",
  "tokenCache",
];

export const redactPaths: string[] = [
  ...secretKeys.map((k) => `["${k}"]`),
  ...secretKeys.map((k) => `*["${k}"]`),
  ...secretKeys.map((k) => `*.*["${k}"]`),
  'req.headers["authorization"]',
  'req.headers["cookie"]',
  'res.headers["set-cookie"]',
];

/**
 * `code` is an OAuth authorization code in one place and the code support needs in another: an Entra error
 * (AADSTS50173), a SQLSTATE (23505), a Node error code (ECONNREFUSED, ERR_...). Those short, well-known shapes stay;
 * anything else under a secret key is redacted.
 */
const diagnosticCode = /^(AADSTS\d{4,7}|[0-9A-Z]{5}|E[A-Z0-9_]{2,40}|ERR_[A-Z0-9_]{2,60})$/;

function censor(value: unknown, path: string[]): unknown {
  return path.at(-1) === "code" && typeof value === "string" && diagnosticCode.test(value) ? value : "[redacted]";
}

/**
 * Database errors carry the statement's parameters (PGlite's `params`, which hold email addresses and ids) and may
 * quote a row's values in `detail` ("Key (email)=(a@b.c) already exists"): neither reaches the log; the SQLSTATE, the
 * message and the statement text do.
 */
function errorSerializer(err: unknown): unknown {
  const out = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  if (!out || typeof out !== "object") return out;
  delete out.params;
  delete out.parameters;
  delete out.queryOptions;
  // PostgreSQL quotes the rejected input in a type error's message ('invalid input syntax for type uuid: "a@b.c"').
  for (const key of ["message", "stack"] as const) {
    if (typeof out[key] === "string") out[key] = (out[key] as string).replace(/(for (?:type|enum) [\w."]+: )"[^"\n]*"/g, '$1"…"');
  }
  if (typeof out.detail === "string") out.detail = out.detail.replace(/=\(.*?\)( already exists| is not present| conflicts)/g, "=(…)$1");
  if (out.cause && typeof out.cause === "object") out.cause = errorSerializer(out.cause);
  return out;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "mail-sync" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor },
      serializers: { err: errorSerializer },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
