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
  "ErrorMailboxMoveInProgress",
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
  if (code && transientCodes.has(code)) return new MailboxError("transient", `Exchange is temporarily unavailable (${code})`, { raw });

  if (status === 429 || status === 503) return new MailboxError("throttled", `Exchange answered HTTP ${status}`, { retryAfterMs: 30_000, raw });
  if (status !== undefined && status >= 500) return new MailboxError("transient", `Exchange could not be reached (HTTP ${status}: ${message})`, { raw });
  return new MailboxError("protocol", `unexpected answer from Exchange: ${message}`, { raw });
}

/** A thrown error on the way to or from Exchange: ours passes through, the network's is transient, anything else a protocol error. */
export function toMailboxError(err: unknown): MailboxError {
  if (err instanceof MailboxError) return err;
  const e = (err ?? {}) as { message?: string; code?: string };
  const message = e.message || String(err);
  if (networkError.test(`${e.code ?? ""} ${message}`)) {
    return new MailboxError("transient", `Exchange could not be reached (${message})`, { raw: `${e.code ?? "Error"}: ${message}` });
  }
  return new MailboxError("protocol", `unexpected answer from Exchange: ${message}`, { raw: `${e.code ?? "Error"}: ${message}` });
}
