import { ServiceError } from "ews-javascript-api";
import { MailboxError } from "../mailboxError";

/**
 * ews-javascript-api reports failures in several shapes (see the toolchain notes): HTTP 500 SOAP faults and other
 * HTTP statuses as SoapFaultDetails (ErrorServerBusy's back-off in ErrorDetails), per-response errors as
 * ServiceResponseException with an ErrorCode, network trouble as plain errors. This maps all of them to MailboxError
 * so nothing above the provider knows the library.
 */
interface LibraryError {
  message?: string;
  name?: string;
  code?: string;
  HttpStatusCode?: number;
  ErrorCode?: number;
  ResponseCode?: number;
  responseCode?: number;
  errorCode?: number;
  faultString?: string;
  FaultString?: string;
  errorDetails?: { get?: (k: string) => unknown; TryGetValue?: (k: string, out: { outValue: unknown }) => boolean; Keys?: string[] };
  ErrorDetails?: LibraryError["errorDetails"];
  Exception?: { message?: string; name?: string };
}

const throttleCodes = new Set(["ErrorServerBusy", "ErrorExceededConnectionCount", "ErrorTooManyObjectsOpened", "ErrorExceededFindCountLimit", "ErrorExceededSubscriptionCount"]);
const transientCodes = new Set([
  "ErrorMailboxMoveInProgress",
  "ErrorMailboxStoreUnavailable",
  "ErrorInternalServerTransientError",
  "ErrorTimeoutExpired",
  "ErrorConnectionFailed",
  "ErrorBatchProcessingStopped",
  "ErrorInternalServerError",
]);

function serviceErrorName(n: number | undefined): string | undefined {
  if (n === undefined || n === null) return undefined;
  const name = (ServiceError as unknown as Record<number, string>)[n];
  return typeof name === "string" ? name : undefined;
}

function detail(e: LibraryError, key: string): string | undefined {
  const d = e.errorDetails ?? e.ErrorDetails;
  if (!d) return undefined;
  if (typeof d.TryGetValue === "function") {
    const out = { outValue: undefined as unknown };
    if (d.TryGetValue(key, out)) return String(out.outValue);
  }
  if (typeof d.get === "function") {
    const v = d.get(key);
    if (v !== undefined && v !== null) return String(v);
  }
  return undefined;
}

export function toMailboxError(err: unknown): MailboxError {
  if (err instanceof MailboxError) return err;
  const e = (err ?? {}) as LibraryError;
  const message = e.message || e.faultString || e.FaultString || String(err);
  // A SOAP fault carries both: ResponseCode is the real one, ErrorCode keeps its ErrorInternalServerError default.
  const code = serviceErrorName(e.ResponseCode ?? e.responseCode ?? e.ErrorCode ?? e.errorCode);
  const status = e.HttpStatusCode;
  const raw = `${code ?? e.name ?? "Error"}${status ? ` (HTTP ${status})` : ""}: ${message}`;

  if (status === 401 || /401 Unauthorized/i.test(message) || e.Exception?.name === "ServiceRequestUnauthorizedException") {
    return new MailboxError("unauthorized", "Exchange refused the credentials", { raw });
  }
  if (status === 403) {
    return /licen[cs]/i.test(message)
      ? new MailboxError("license_blocked", "the mailbox's licence does not include EWS", { raw })
      : new MailboxError("ews_blocked", "EWS is blocked for this organisation or app", { raw });
  }
  if (code && throttleCodes.has(code)) {
    const backOff = Number(detail(e, "BackOffMilliseconds") ?? /backoff time (\d+) ms/i.exec(message)?.[1] ?? NaN);
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
  if (code && transientCodes.has(code)) return new MailboxError("transient", `Exchange is temporarily unavailable (${code})`, { raw });

  if (status === 429 || status === 503) return new MailboxError("throttled", `Exchange answered HTTP ${status}`, { retryAfterMs: 30_000, raw });
  if ((status !== undefined && status >= 500) || /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|socket hang up|timeout|Network Error/i.test(`${e.code ?? ""} ${message}`)) {
    return new MailboxError("transient", `Exchange could not be reached (${message})`, { raw });
  }
  return new MailboxError("protocol", `unexpected answer from Exchange: ${message}`, { raw });
}
