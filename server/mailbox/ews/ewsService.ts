import type { ServerFence } from "../../net/userServers";
import { messageError, responseMessages } from "./ewsAnswer";
import { toMailboxError } from "./ewsErrors";
import type { EwsAuth, EwsTransport } from "./ewsTransport";
import { createTransport } from "./ewsTransport";
import { soapEnvelope } from "./soapEnvelope";
import type { XmlElement } from "./xmlTree";

export type { EwsAuth } from "./ewsTransport";

export interface EwsEndpoint {
  readonly url: string;
  readonly auth: EwsAuth;
  /** Act as this mailbox (ExchangeImpersonation header + X-AnchorMailbox): app-only and service accounts. */
  readonly impersonate: string | null;
  /** The mailbox the calls are for, routed by X-AnchorMailbox even without impersonation. */
  readonly anchorMailbox: string;
  readonly timeoutMs: number;
  /** Set when a user or admin named the URL: every connection follows the network rule (server/net). */
  readonly fence?: ServerFence;
}

/** One mailbox's EWS: sends an operation, answers its response messages or throws the MailboxError it failed with. */
export interface EwsService {
  /**
   * `operation` is the operation element (m: and t: prefixes are declared by the envelope). Every response message
   * that reports an error, unless `tolerate` accepts its code, fails the call (throttling included, so a caller's
   * retry sees it).
   */
  request(operation: string, operationName: string, tolerate?: (code: string) => boolean): Promise<XmlElement[]>;
}

/**
 * The two operations sync makes tens of thousands of times a cycle (SyncFolderItems, GetItem) are written and read
 * here directly on keep-alive connections: a general-purpose EWS library spent most of the sync's CPU building and
 * walking its object model.
 */
export function createEwsService(e: EwsEndpoint): EwsService {
  // Exchange routes by this header; with impersonation Microsoft requires it ("you must always use the X-AnchorMailbox").
  const transport: EwsTransport = createTransport({ url: e.url, auth: e.auth, headers: { "X-AnchorMailbox": e.impersonate ?? e.anchorMailbox }, timeoutMs: e.timeoutMs, ...(e.fence ? { fence: e.fence } : {}) });
  return {
    async request(operation, operationName, tolerate) {
      let answer;
      try {
        answer = await transport.post(soapEnvelope(operation, e.impersonate));
      } catch (err) {
        throw toMailboxError(err);
      }
      const messages = responseMessages(answer, operationName);
      for (const m of messages) {
        const failed = messageError(m);
        if (failed && !tolerate?.(failed.code)) throw failed.error;
      }
      return messages;
    },
  };
}
