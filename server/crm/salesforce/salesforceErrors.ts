import type { CrmFailure } from "../crmSink";
import { CrmUnavailableError } from "../crmSink";

/** Salesforce error codes worth retrying later; everything else is an answer about the record. */
const transientCodes = new Set(["UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE", "REQUEST_RUNNING_TOO_LONG", "QUERY_TIMEOUT", "DUPLICATE_VALUE"]);

export interface SalesforceRecordError {
  readonly statusCode?: string;
  readonly errorCode?: string;
  readonly message?: string;
  readonly fields?: readonly string[];
}

export function recordFailure(errors: readonly SalesforceRecordError[] | undefined): CrmFailure {
  const first = errors?.[0];
  const code = first?.statusCode ?? first?.errorCode ?? "UNKNOWN";
  // DUPLICATE_VALUE on an upsert means a concurrent writer inserted the same key first: the retry finds and updates it.
  return { code, message: first?.message ?? "no message", transient: transientCodes.has(code) };
}

interface JsforceError {
  errorCode?: string;
  name?: string;
  message?: string;
  code?: string;
  data?: unknown;
}

/**
 * A failure of a whole call (not a single record): an outage, an expired session jsforce could not refresh, the daily
 * API limit. Persistent when only an administrator can fix it (revoked refresh token, missing permission).
 */
export function callFailure(err: unknown): CrmUnavailableError {
  const e = (err ?? {}) as JsforceError;
  const code = e.errorCode ?? e.name ?? e.code ?? "ERROR";
  const message = `${code}: ${e.message ?? String(err)}`;
  if (/invalid_grant|expired access\/refresh token|INSUFFICIENT_ACCESS|API_DISABLED_FOR_ORG|INVALID_FIELD|INVALID_TYPE|NOT_FOUND/i.test(message)) {
    return new CrmUnavailableError(`Salesforce refused the request: ${message}`, { persistent: true });
  }
  if (/REQUEST_LIMIT_EXCEEDED/.test(message)) return new CrmUnavailableError(`Salesforce's daily API limit is used up: ${message}`, { retryAfterMs: 3_600_000 });
  return new CrmUnavailableError(`Salesforce could not be reached: ${message}`);
}
