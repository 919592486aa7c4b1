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

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "mail-sync" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: "[redacted]" },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
