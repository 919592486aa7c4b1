import type { IncomingHttpHeaders } from "node:http";
import { MailboxError } from "../mailboxError";

/** Graph's error body: `{"error":{"code","message","innerError":{…}}}` (errors.md). */
export function errorOf(body: unknown): { code: string; message: string } {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return { code: typeof e?.code === "string" ? e.code : "", message: typeof e?.message === "string" ? e.message : "" };
}

/** Retry-After in seconds (Graph never sends the date form for throttling); null when absent or unreadable. */
export function retryAfterMs(headers: IncomingHttpHeaders | Readonly<Record<string, string>>): number | null {
  const raw = Object.entries(headers).find(([k]) => k.toLowerCase() === "retry-after")?.[1];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

/** With no Retry-After, Microsoft says back off exponentially; the call guard doubles on each try from here. */
const DEFAULT_BACKOFF_MS = 2_000;

const resyncCodes = new Set(["syncstatenotfound", "resyncrequired", "syncstateinvalid"]);

/**
 * What a failed Graph answer means to the sync. Outlook answers with Exchange-style codes besides Graph's own, in any
 * letter case (reference §9.3), so codes are compared in lower case.
 */
export function graphFailure(status: number, headers: IncomingHttpHeaders | Readonly<Record<string, string>>, body: unknown): MailboxError {
  const { code, message } = errorOf(body);
  const c = code.toLowerCase();
  const raw = `${code || "Error"} (HTTP ${status}): ${message}`;
  // Expired or reset delta token: 410 Gone (with or without a body), or a 4xx naming the sync state.
  if (status === 410 || (status >= 400 && status < 500 && resyncCodes.has(c))) {
    return new MailboxError("invalid_cursor", "Graph no longer accepts the saved delta link", { raw });
  }
  if (status === 429 || status === 503 || status === 504) {
    // ApplicationThrottled (MailboxConcurrency) is a 429 like the rest: wait and try again, never a failed run.
    return new MailboxError("throttled", `Graph asked us to slow down (HTTP ${status}${code ? ` ${code}` : ""})`, { retryAfterMs: retryAfterMs(headers) ?? DEFAULT_BACKOFF_MS, raw });
  }
  if (status === 401) return new MailboxError("unauthorized", "Graph refused the access token", { raw });
  if (status === 403) {
    if (/access to odata is disabled/i.test(message)) return new MailboxError("access_policy_denied", "an application access policy excludes this mailbox", { raw });
    return new MailboxError("consent_missing", "Graph denied access: the permission was not granted", { raw });
  }
  if (status === 404 && (c === "mailboxnotenabledforrestapi" || c === "mailboxnotsupportedforrestapi")) {
    return new MailboxError("rest_api_unavailable", "the mailbox is inactive, soft-deleted or on-premises", { raw });
  }
  if (status === 404 && (c === "erroritemnotfound" || c === "itemnotfound")) {
    return new MailboxError("folder_not_found", "Graph found no such folder or item", { raw });
  }
  if (status === 404) return new MailboxError("mailbox_not_found", "Graph has no mailbox at this address", { raw });
  if (status >= 500) return new MailboxError("transient", `Graph could not answer (HTTP ${status})`, { raw });
  return new MailboxError("protocol", `unexpected answer from Graph: ${raw}`, { raw });
}

const networkError = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|EANSWERTOOBIG|socket hang up|timeout/i;

/** A thrown error on the way to or from Graph: ours passes through, the network's is transient. */
export function toGraphError(err: unknown): MailboxError {
  if (err instanceof MailboxError) return err;
  const e = err as NodeJS.ErrnoException;
  const message = e?.message ?? String(err);
  if (networkError.test(`${e?.code ?? ""} ${message}`)) return new MailboxError("transient", `Graph could not be reached (${message})`, { raw: `${e?.code ?? "Error"}: ${message}` });
  return new MailboxError("protocol", `unexpected failure talking to Graph: ${message}`, { raw: message });
}
