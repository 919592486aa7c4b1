import { MailboxError } from "../mailboxError";

/**
 * One rule for what an EWS failure means to the sync, whatever shape it came in: an HTTP status, a SOAP fault (HTTP
 * 500, ErrorServerBusy's back-off in its MessageXml), an error response message inside HTTP 200 (the code in
 * ResponseCode), or a network error. Nothing above the provider sees EWS codes.
 */
export interface EwsFailure {
  /** The EWS ResponseCode, e.g. ErrorServerBusy. */
  readonly code?: string;
  readonly httpStatus?: number;
  readonly message: string;
  /** MessageXml's BackOffMilliseconds, when Exchange said how long to wait. */
  readonly backOffMs?: number;
}

const throttleCodes = new Set(["ErrorServerBusy", "ErrorExceededConnectionCount", "ErrorTooManyObjectsOpened", "ErrorExceededFindCountLimit", "ErrorExceededSubscriptionCount"]);
const transientCodes = new Set([
  "ErrorMailboxStoreUnavailable",
  "ErrorInternalServerTransientError",
  "ErrorTimeoutExpired",
  "ErrorConnectionFailed",
  "ErrorBatchProcessingStopped",
  "ErrorInternalServerError",
]);
const networkError = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|socket hang up|timeout|Network Error/i;

export function ewsFailure(f: EwsFailure): MailboxError {
  const { code, httpStatus: status, message } = f;
  const raw = `${code ?? "Error"}${status ? ` (HTTP ${status})` : ""}: ${message}`;

  if (status === 401) return new MailboxError("unauthorized", "Exchange refused the credentials", { raw });
  if (status === 403) {
    return /licen[cs]/i.test(message)
      ? new MailboxError("license_blocked", "the mailbox's licence does not include EWS", { raw })
      : new MailboxError("ews_blocked", "EWS is blocked for this organisation or app", { raw });
  }
  if (code && throttleCodes.has(code)) {
    const backOff = f.backOffMs ?? Number(/backoff time (\d+) ms/i.exec(message)?.[1] ?? NaN);
    return new MailboxError("throttled", `Exchange is throttling (${code})`, { retryAfterMs: Number.isFinite(backOff) ? backOff : 5_000, raw });
  }
  if (code === "ErrorInvalidSyncStateData") return new MailboxError("invalid_cursor", "Exchange no longer accepts the saved sync state", { raw });
  if (code === "ErrorNonExistentMailbox" || code === "ErrorMailboxNotFound" || /has no mailbox associated/i.test(message)) {
    return new MailboxError("mailbox_not_found", "Exchange has no mailbox at this address", { raw });
  }
  if (code === "ErrorImpersonateUserDenied" || code === "ErrorImpersonationDenied" || code === "ErrorImpersonationFailed") {
    return new MailboxError("impersonation_denied", "the service account may not impersonate this mailbox", { raw });
  }
  if (code === "ErrorFolderNotFound" || code === "ErrorSyncFolderNotFound") return new MailboxError("folder_not_found", "the folder does not exist", { raw });
  if (code === "ErrorMailboxMoveInProgress") return new MailboxError("mailbox_moving", "the mailbox is being moved to another Exchange", { raw });
  if (code && transientCodes.has(code)) return new MailboxError("transient", `Exchange is temporarily unavailable (${code})`, { raw });

  if (status === 429 || status === 503) return new MailboxError("throttled", `Exchange answered HTTP ${status}`, { retryAfterMs: 30_000, raw });
  if (status !== undefined && status >= 500) return new MailboxError("transient", `Exchange could not be reached (HTTP ${status}: ${message})`, { raw });
  return new MailboxError("protocol", `unexpected answer from Exchange: ${message}`, { raw });
}

/**
 * The shapes ews-javascript-api (still used for Autodiscover) throws: HTTP 500 SOAP faults and other statuses as
 * SoapFaultDetails (ErrorServerBusy's back-off in ErrorDetails), per-response errors as ServiceResponseException with
 * an ErrorCode, network trouble as plain errors.
 */
interface LibraryError {
  message?: string;
  code?: string;
  HttpStatusCode?: number;
  ErrorCode?: number;
  ResponseCode?: number;
  responseCode?: number;
  errorCode?: number;
  faultString?: string;
  FaultString?: string;
  errorDetails?: { get?: (k: string) => unknown; TryGetValue?: (k: string, out: { outValue: unknown }) => boolean };
  ErrorDetails?: LibraryError["errorDetails"];
  Exception?: { name?: string };
}

function libraryDetail(e: LibraryError, key: string): string | undefined {
  const d = e.errorDetails ?? e.ErrorDetails;
  if (!d) return undefined;
  if (typeof d.TryGetValue === "function") {
    const out = { outValue: undefined as unknown };
    if (d.TryGetValue(key, out)) return String(out.outValue);
  }
  const v = typeof d.get === "function" ? d.get(key) : undefined;
  return v === undefined || v === null ? undefined : String(v);
}

/**
 * A thrown error on the way to or from Exchange, in the same words: ours passes through, the network's is transient,
 * the library's is read for its EWS code and HTTP status. `serviceErrors` is the library's ServiceError enum, which
 * names the numeric codes its exceptions carry; the caller that uses the library passes it, so the sync, which does
 * not, never loads the library (about 50 MB of memory).
 */
export function toMailboxError(err: unknown, serviceErrors?: Readonly<Record<number, string>>): MailboxError {
  if (err instanceof MailboxError) return err;
  const e = (err ?? {}) as LibraryError;
  const message = e.message || e.faultString || e.FaultString || String(err);
  // A SOAP fault carries both: ResponseCode is the real one, ErrorCode keeps its ErrorInternalServerError default.
  const n = e.ResponseCode ?? e.responseCode ?? e.ErrorCode ?? e.errorCode;
  const name = n === undefined || n === null ? undefined : serviceErrors?.[n];
  const code = typeof name === "string" ? name : undefined;
  const unauthorized = /401 Unauthorized/i.test(message) || e.Exception?.name === "ServiceRequestUnauthorizedException";
  const status = unauthorized ? 401 : e.HttpStatusCode;
  if (!code && !status && networkError.test(`${e.code ?? ""} ${message}`)) {
    return new MailboxError("transient", `Exchange could not be reached (${message})`, { raw: `${e.code ?? "Error"}: ${message}` });
  }
  const backOff = Number(libraryDetail(e, "BackOffMilliseconds"));
  return ewsFailure({ code, httpStatus: status, message, backOffMs: Number.isFinite(backOff) ? backOff : undefined });
}
