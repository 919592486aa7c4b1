/**
 * One EWS request, start to finish: authenticate, read the SOAP envelope, decide the acting mailbox (impersonation),
 * apply EWS access policy, injected faults and concurrency budgets, wait the configured latency, run the operation.
 * Returns what to send; the HTTP layer only writes it.
 */
import type { IncomingMessage } from "node:http";
import type { Authenticator } from "../auth/authenticate";
import { HttpRejection, bearerChallenge, windowsChallenge } from "../auth/challenge";
import { enforceEwsAccess } from "../auth/ewsAccessPolicy";
import type { Caller } from "../auth/identity";
import { budgetKey } from "../auth/identity";
import type { AnchorMailboxPolicy } from "../auth/impersonation";
import { resolveActingMailbox } from "../auth/impersonation";
import type { FaultInjector, InjectedFault } from "../faults/injector";
import type { OperationContext } from "../ops/context";
import { handlerFor, isSyncOperation } from "../ops/dispatch";
import { writeOperationResponse } from "../soap/envelope";
import type { MailboxMigrations } from "../migration/migrations";
import type { ResponseError } from "../soap/errors";
import { TEXT, budgetText } from "../soap/errors";
import { writeErrorMessages } from "../soap/errorResponse";
import { SoapFault, serverBusyFault, writeSoapFault, writeVersionMismatchFault } from "../soap/faults";
import type { SoapRequest } from "../soap/request";
import { SoapVersionMismatch, parseSoapRequest } from "../soap/request";
import type { Mailbox } from "../store/mailbox";
import type { MailboxStore } from "../store/mailboxStore";
import type { SyncStateCodec } from "../store/syncState";
import type { ConcurrencyLimiter } from "../throttle/concurrency";
import type { ServerVersionInfo } from "../versions";

export interface EwsReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: string;
}

export interface EwsDeps {
  readonly store: MailboxStore;
  readonly server: ServerVersionInfo;
  readonly syncStates: SyncStateCodec;
  readonly faults: FaultInjector;
  readonly limiter: ConcurrencyLimiter;
  readonly authenticate: Authenticator;
  readonly anchorPolicy: () => AnchorMailboxPolicy;
  readonly latencyFor: (mailbox: Mailbox | undefined) => number;
  readonly baseUrl: () => string;
  readonly now: () => number;
  readonly migrations: MailboxMigrations;
}

const XML = { "Content-Type": "text/xml; charset=utf-8" } as const;
/** ConcurrentSyncCalls back-off EXO suggested in the captured error (5000 ms). */
const SYNC_BACKOFF_MS = 5000;

export function xmlReply(status: number, body: string): EwsReply {
  return { status, headers: XML, body };
}

export function rejectionReply(r: HttpRejection): EwsReply {
  return { status: r.status, headers: r.headers, body: r.body };
}

export async function handleEws(req: IncomingMessage, body: string, deps: EwsDeps): Promise<EwsReply> {
  const auth = await deps.authenticate(req);
  if (!auth.ok) return rejectionReply(auth.rejection);
  if (!isSoap11ContentType(headerValue(req, "content-type"))) return unsupportedMediaType();
  let release: (() => void) | undefined;
  try {
    const request = parseSoapRequest(body, deps.server);
    const anchor = headerValue(req, "x-anchormailbox");
    const mailbox = resolveActingMailbox(auth.caller, request.impersonation, anchor, deps.store, deps.anchorPolicy());
    enforceEwsAccess(auth.caller, mailbox, deps.store);
    mailbox?.count(request.operationName);

    const migration = deps.migrations.get(mailbox?.smtp);
    if (migration?.phase === "moving") return errorReply(request, deps, { code: "ErrorMailboxMoveInProgress", message: TEXT.mailboxMoveInProgress });
    if (migration?.phase === "moved") return xmlReply(500, writeSoapFault({ code: "ErrorNonExistentMailbox", message: TEXT.nonExistentMailbox }));

    const injected = deps.faults.take(mailbox?.smtp, request.operationName);
    if (injected) {
      const reply = injectedReply(injected, request, deps);
      if (reply) return reply;
    }

    const admission = deps.limiter.admit(budgetKey(auth.caller), mailbox?.smtp, isSyncOperation(request.operationName));
    if (!admission.ok) return budgetReply(admission.exceeded, request, deps);
    release = admission.release;

    const latency = deps.latencyFor(mailbox);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));

    const ctx = operationContext(deps, request, auth.caller, mailbox);
    const messages = handlerFor(request.operationName)(request.operation, ctx);
    return xmlReply(200, writeOperationResponse(deps.server, request.operationName, messages));
  } catch (err) {
    if (err instanceof HttpRejection) return rejectionReply(err);
    if (err instanceof SoapFault) return xmlReply(500, writeSoapFault(err.spec));
    if (err instanceof SoapVersionMismatch) return xmlReply(500, writeVersionMismatchFault(err.envelopeNamespace));
    // A simulator bug must still look like Exchange failing (a SOAP fault), not like a web server crashing: clients
    // such as ews-javascript-api cannot even report a non-XML HTTP 500.
    console.error("exchange simulator: internal error", err);
    return xmlReply(500, writeSoapFault({ code: "ErrorInternalServerError", message: "An internal server error occurred. The operation failed." }));
  } finally {
    release?.();
  }
}

function operationContext(deps: EwsDeps, request: SoapRequest, caller: Caller, mailbox: Mailbox | undefined): OperationContext {
  return {
    store: deps.store,
    server: deps.server,
    requestVersion: request.requestVersion,
    caller,
    actingMailbox: mailbox,
    syncStates: deps.syncStates,
    baseUrl: deps.baseUrl(),
    now: deps.now,
  };
}

/** EWS speaks SOAP 1.1, whose media type is text/xml (any charset parameter); IIS refuses anything else with a 415. */
function isSoap11ContentType(value: string | undefined): boolean {
  return (value ?? "").split(";")[0]?.trim().toLowerCase() === "text/xml";
}

function unsupportedMediaType(): EwsReply {
  return { status: 415, headers: { "Content-Type": "text/html" }, body: "<html><body>HTTP Error 415. The request's Content-Type is not supported: EWS takes text/xml.</body></html>" };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function errorReply(request: SoapRequest, deps: EwsDeps, error: ResponseError): EwsReply {
  return xmlReply(200, writeOperationResponse(deps.server, request.operationName, writeErrorMessages(request.operationName, request.operation, error)));
}

/** Budget refusals arrive as error response messages inside HTTP 200 with MessageXml details (see report). */
function budgetReply(exceeded: "MaxConcurrency" | "ConcurrentSyncCalls", request: SoapRequest, deps: EwsDeps): EwsReply {
  if (exceeded === "MaxConcurrency") {
    const limit = deps.limiter.current.maxConcurrency;
    return errorReply(request, deps, {
      code: "ErrorExceededConnectionCount",
      message: TEXT.exceededConnectionCount,
      messageXml: [
        { kind: "value", name: "Policy", value: "MaxConcurrency" },
        { kind: "value", name: "MaxConcurrencyLimit", value: String(limit) },
        { kind: "value", name: "ErrorMessage", value: budgetText("MaxConcurrency", limit, 0) },
      ],
    });
  }
  const limit = deps.limiter.current.concurrentSyncCalls;
  return errorReply(request, deps, {
    code: "ErrorServerBusy",
    message: `${TEXT.serverBusy}, ${budgetText("ConcurrentSyncCalls", limit, SYNC_BACKOFF_MS)}`,
    messageXml: [{ kind: "value", name: "BackOffMilliseconds", value: String(SYNC_BACKOFF_MS) }],
  });
}

function injectedReply(fault: InjectedFault, request: SoapRequest, deps: EwsDeps): EwsReply | undefined {
  switch (fault.kind) {
    case "serverBusy":
      return xmlReply(500, writeSoapFault(serverBusyFault(fault.backOffMs).spec));
    case "http":
      if (fault.status === 401) {
        return rejectionReply(
          deps.store.mode === "online"
            ? bearerChallenge({ code: 2000001, reason: "The token is invalid.", category: "invalid_token" })
            : windowsChallenge("", true),
        );
      }
      return { status: fault.status, headers: {}, body: "" };
    case "invalidSyncState":
      if (request.operationName !== "SyncFolderItems" && request.operationName !== "SyncFolderHierarchy") return undefined;
      return errorReply(request, deps, {
        code: "ErrorInvalidSyncStateData",
        message: request.operationName === "SyncFolderItems" ? TEXT.invalidSyncState : TEXT.invalidHierarchySyncState,
      });
    case "nonExistentMailbox":
      return xmlReply(500, writeSoapFault({ code: "ErrorNonExistentMailbox", message: TEXT.nonExistentMailbox }));
    case "impersonateUserDenied":
      return xmlReply(500, writeSoapFault({ code: "ErrorImpersonateUserDenied", message: TEXT.impersonateUserDenied }));
    case "exceededConnectionCount":
      return budgetReply("MaxConcurrency", request, deps);
    case "concurrentSyncCalls":
      return budgetReply("ConcurrentSyncCalls", request, deps);
  }
}
