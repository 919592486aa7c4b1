/**
 * Entra's error wire format. Every token-endpoint failure is a JSON body
 *   {error, error_description: "AADSTSnnnn: text\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp: …",
 *    error_codes: [nnnn], timestamp: "YYYY-MM-DD HH:MM:SSZ", trace_id, correlation_id, error_uri, suberror?, claims?}
 * (entra-docs reference-error-codes.md and the real captures in test/fixtures/ms-samples/entra). Authorize-endpoint
 * failures travel the same fields as redirect parameters. The texts below follow the documented or captured wording;
 * where only the code is documented the text is ours and says so in README.md.
 */

/** OAuth `error` values Entra uses (v2-oauth2-auth-code-flow.md tables). */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_grant"
  | "unauthorized_client"
  | "invalid_client"
  | "unsupported_grant_type"
  | "unsupported_response_type"
  | "invalid_resource"
  | "interaction_required"
  | "login_required"
  | "consent_required"
  | "access_denied"
  | "invalid_scope"
  | "server_error"
  | "temporarily_unavailable"
  | "invalid_tenant"
  | "invalid_instance";

/** `suberror` values MSAL reacts to (msal-common InteractionRequiredAuthError). */
export type SubError = "consent_required" | "basic_action" | "additional_action" | "message_only" | "bad_token" | "user_password_expired";

export interface EntraErrorInit {
  readonly code: number;
  readonly error: OAuthErrorCode;
  readonly message: string;
  /** Defaults: 401 for invalid_client (real captures), 503 for temporarily_unavailable, 400 otherwise. */
  readonly status?: number;
  readonly suberror?: SubError;
  readonly claims?: string;
  /** Redirect-only extra, e.g. error_subcode=cancel when the user pressed Cancel. */
  readonly errorSubcode?: string;
}

export class EntraError extends Error {
  readonly code: number;
  readonly error: OAuthErrorCode;
  readonly status: number;
  readonly suberror?: SubError;
  readonly claims?: string;
  readonly errorSubcode?: string;

  constructor(init: EntraErrorInit) {
    super(`AADSTS${init.code}: ${init.message}`);
    this.name = "EntraError";
    this.code = init.code;
    this.error = init.error;
    this.status = init.status ?? defaultStatus(init.error);
    this.suberror = init.suberror;
    this.claims = init.claims;
    this.errorSubcode = init.errorSubcode;
  }
}

function defaultStatus(error: OAuthErrorCode): number {
  if (error === "invalid_client") return 401;
  if (error === "temporarily_unavailable") return 503;
  if (error === "server_error") return 500;
  return 400;
}

/** Trace and correlation ids of one request, and when it happened. */
export interface RequestStamp {
  readonly traceId: string;
  readonly correlationId: string;
  readonly nowMs: number;
}

/** "2019-09-19 08:55:37Z", the format of `timestamp` and of the description's Timestamp line. */
export function entraTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "Z");
}

/** .NET round-trip format with 7 fractional digits, as in "The token was issued on 2020-02-26T21:52:54.2810613Z". */
export function dotNetRoundTrip(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

export function errorDescription(err: EntraError, stamp: RequestStamp): string {
  return `${err.message}\r\nTrace ID: ${stamp.traceId}\r\nCorrelation ID: ${stamp.correlationId}\r\nTimestamp: ${entraTimestamp(stamp.nowMs)}`;
}

export function errorUri(code: number): string {
  // A link for humans (never fetched by MSAL); the real one is kept so messages read as in production.
  return `https://login.microsoftonline.com/error?code=${code}`;
}

export interface TokenErrorBody {
  error: OAuthErrorCode;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
  suberror?: SubError;
  claims?: string;
}

export function tokenErrorBody(err: EntraError, stamp: RequestStamp): TokenErrorBody {
  const body: TokenErrorBody = {
    error: err.error,
    error_description: errorDescription(err, stamp),
    error_codes: [err.code],
    timestamp: entraTimestamp(stamp.nowMs),
    trace_id: stamp.traceId,
    correlation_id: stamp.correlationId,
    error_uri: errorUri(err.code),
  };
  if (err.suberror) body.suberror = err.suberror;
  if (err.claims) body.claims = err.claims;
  return body;
}

/** The parameters an error redirect carries back to the application (v2-oauth2-auth-code-flow.md "Error response"). */
export function redirectErrorParams(err: EntraError, stamp: RequestStamp): Array<[string, string]> {
  const params: Array<[string, string]> = [["error", err.error]];
  if (err.errorSubcode) params.push(["error_subcode", err.errorSubcode]);
  params.push(["error_description", errorDescription(err, stamp)]);
  params.push(["error_uri", errorUri(err.code)]);
  return params;
}
