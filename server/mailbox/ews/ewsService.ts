import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { XhrApi } from "@ewsjs/xhr";
import { ConnectingIdType, ExchangeService, ExchangeVersion, ImpersonatedUserId, OAuthCredentials, Uri, WebCredentials } from "ews-javascript-api";

/** How a provider authenticates to EWS. */
export type EwsAuth =
  | { readonly kind: "bearer"; readonly accessToken: string }
  | { readonly kind: "basic"; readonly username: string; readonly password: string }
  | { readonly kind: "ntlm"; readonly username: string; readonly password: string };

export interface EwsEndpoint {
  readonly url: string;
  readonly auth: EwsAuth;
  /** Act as this mailbox (ExchangeImpersonation header + X-AnchorMailbox): app-only and service accounts. */
  readonly impersonate: string | null;
  /** The mailbox the calls are for, routed by X-AnchorMailbox even without impersonation. */
  readonly anchorMailbox: string;
  readonly timeoutMs: number;
}

// One pool of keep-alive connections for every mailbox: 30,000 calls an idle cycle must not each pay a TLS handshake.
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256 });
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 256 });

/**
 * An ExchangeService for one mailbox. The library's own timeout is not implemented (toolchain notes), so each service
 * gets an XHR layer with a real timeout; it never touches the process-wide XHR configuration.
 */
export function createEwsService(e: EwsEndpoint): ExchangeService {
  const service = new ExchangeService(ExchangeVersion.Exchange2013_SP1);
  service.Url = new Uri(e.url);
  const xhr = new XhrApi({ timeout: e.timeoutMs, httpsAgent, httpAgent });
  switch (e.auth.kind) {
    case "bearer":
      service.Credentials = new OAuthCredentials(e.auth.accessToken);
      break;
    case "basic":
      service.Credentials = new WebCredentials(e.auth.username, e.auth.password);
      break;
    case "ntlm":
      xhr.useNtlmAuthentication(e.auth.username, e.auth.password);
      service.Credentials = new WebCredentials(e.auth.username, e.auth.password);
      break;
  }
  service.XHRApi = xhr;
  if (e.impersonate) service.ImpersonatedUserId = new ImpersonatedUserId(ConnectingIdType.SmtpAddress, e.impersonate);
  // Exchange routes by this header; with impersonation Microsoft requires it ("you must always use the X-AnchorMailbox").
  service.HttpHeaders.Add("X-AnchorMailbox", e.impersonate ?? e.anchorMailbox);
  return service;
}
