/**
 * Graph's error answer: `{"error":{"code","message","innerError":{date,request-id,client-request-id}}}` (concepts/errors.md;
 * the innerError keys are those real Outlook answers carry, see test/fixtures/ms-samples/graph/README.md). Codes from
 * Outlook are Exchange-style (`ErrorAccessDenied`, `SyncStateNotFound`), not the lower-camel list of errors.md.
 */
import { randomUUID } from "node:crypto";

export interface GraphReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** undefined: no body (204, the 410 synchronization reset). */
  readonly body: unknown;
}

/** Thrown by handlers; the router turns it into the documented error body. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Extra innerError members (the 429 sample has code/message/status there). */
    readonly inner: Record<string, string> = {},
  ) {
    super(message);
    this.name = "GraphError";
  }
}

/** Graph prints innerError.date without fraction or zone, e.g. 2018-06-01T06:31:24. */
export function graphDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

export function errorReply(err: GraphError, now: number, clientRequestId: string | undefined): GraphReply {
  const requestId = randomUUID();
  return {
    status: err.status,
    headers: { "Content-Type": "application/json", ...err.headers },
    body: {
      error: {
        code: err.code,
        message: err.message,
        innerError: { ...err.inner, date: graphDate(now), "request-id": requestId, "client-request-id": clientRequestId ?? requestId },
      },
    },
  };
}

/** The errors several routes share, worded as Graph words them. */
export const graphErrors = {
  unauthenticated: (message: string) => new GraphError(401, "InvalidAuthenticationToken", message),
  accessDenied: () => new GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again."),
  accessPolicy: () => new GraphError(403, "ErrorAccessDenied", "Access to OData is disabled."),
  mailboxNotEnabled: () => new GraphError(404, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise."),
  itemNotFound: () => new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store."),
  invalidUser: (id: string) => new GraphError(404, "ErrorInvalidUser", `The requested user '${id}' is invalid.`),
  badRequest: (code: string, message: string) => new GraphError(400, code, message),
  syncStateNotFound: (generation: number) =>
    new GraphError(410, "SyncStateNotFound", `The sync state generation is not found; generation=${generation};[highest=${generation + 1}].`),
  /** A chain's generation older than those Exchange keeps: the message lists the kept ones as real answers do. */
  generationNotFound: (generation: number, highest: number) =>
    new GraphError(
      410,
      "SyncStateNotFound",
      `The sync state generation is not found; generation=${generation};[highest=${highest}]${[highest, highest - 2, highest - 1].filter((g) => g > 0).map((g) => `[${g}]`).join("")}.`,
    ),
  tooManyRequests: (retryAfterSeconds: number) =>
    new GraphError(429, "TooManyRequests", "Please retry again later.", { "Retry-After": String(retryAfterSeconds) }, { code: "429", message: "Please retry after", status: "429" }),
  mailboxConcurrency: (retryAfterSeconds: number) =>
    new GraphError(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.", { "Retry-After": String(retryAfterSeconds) }),
  serviceUnavailable: (retryAfterSeconds: number) =>
    new GraphError(503, "ServiceUnavailable", "Service unavailable.", { "Retry-After": String(retryAfterSeconds) }),
};
