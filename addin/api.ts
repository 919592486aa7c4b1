/**
 * Typed client for the server's API. The types come from the server's contract, so both sides change together.
 * Every error the server answers carries {error, message}; the message is written for the rep and is shown as is.
 */
import type { Fetch, TokenGetter } from "./apiHttp";
import { authorizedCaller, errorFrom, send } from "./apiHttp";
import type {
  AddLeadRequest,
  ClientConfig,
  ConnectStartResponse,
  EmailLogStatus,
  LogEmailRequest,
  LogEmailResponse,
  MailboxSettingsView,
  MeMailboxResponse,
  PeopleResponse,
  PersonView,
  SyncNowResponse,
} from "../server/api/contract";
import type { OnpremConnectRequest, OnpremConnectResponse, OnpremPasswordResponse, OnpremStartResponse } from "../server/api/onpremContract";

export type { OnpremConnectRequest, OnpremConnectResponse, OnpremProblem, OnpremStartResponse } from "../server/api/onpremContract";

export type {
  Actor,
  AddLeadRequest,
  AttentionReason,
  ClientConfig,
  ConnectOutcome,
  CrmRecordView,
  EmailLogStatus,
  LogEmailRequest,
  LogEmailResponse,
  MailboxSettingsView,
  MailboxView,
  PeopleResponse,
  PersonView,
  RemedyView,
  SyncNowResponse,
  FolderChoice,
  CaptureLevelChoice,
} from "../server/api/contract";

export { ApiError } from "./apiHttp";
export type { TokenGetter } from "./apiHttp";

/** GET /api/config: needs no sign-in, it says how to sign in. */
export async function fetchClientConfig(baseUrl = "", fetchFn: Fetch = fetch): Promise<ClientConfig> {
  const res = await send(fetchFn, `${baseUrl}/api/config`, { headers: { accept: "application/json" } });
  if (!res.ok) throw await errorFrom(res);
  return (await res.json()) as ClientConfig;
}

export interface Api {
  mailbox(): Promise<MeMailboxResponse>;
  startConnect(mailboxEmail: string): Promise<ConnectStartResponse>;
  syncNow(): Promise<SyncNowResponse>;
  disconnect(): Promise<void>;
  people(emails: readonly string[]): Promise<PeopleResponse>;
  addLead(request: AddLeadRequest): Promise<PersonView>;
  emailStatus(internetMessageId: string): Promise<EmailLogStatus>;
  logEmail(request: LogEmailRequest): Promise<LogEmailResponse>;
  settings(): Promise<MailboxSettingsView>;
  saveSettings(settings: MailboxSettingsView): Promise<MailboxSettingsView>;
  /** Whether the rep's company is already known to run its own Exchange (a colleague connected). */
  onpremStart(): Promise<OnpremStartResponse>;
  /** "Test and save": the password goes to the server once, over HTTPS; a 422 (OnpremProblem) names the field to fill. */
  connectOnprem(request: OnpremConnectRequest): Promise<OnpremConnectResponse>;
  /** After a password change: the new password only. */
  replaceOnpremPassword(password: string): Promise<OnpremPasswordResponse>;
}

export function createApi(getToken: TokenGetter, options: { baseUrl?: string; fetch?: Fetch } = {}): Api {
  const caller = authorizedCaller(getToken, { ...options, client: "sidebar" });
  const call = <T>(method: string, path: string, body?: unknown) => caller.json<T>(method, path, body === undefined ? {} : { body });

  return {
    mailbox: () => call("GET", "/api/me/mailbox"),
    startConnect: (mailboxEmail) => call("POST", "/api/me/connect", { mailboxEmail }),
    syncNow: () => call("POST", "/api/me/sync-now"),
    disconnect: () => call("DELETE", "/api/me/mailbox"),
    people: (emails) => call("POST", "/api/me/people", { emails }),
    addLead: (request) => call("POST", "/api/me/leads", request),
    emailStatus: (internetMessageId) => call("POST", "/api/me/email-status", { internetMessageId }),
    logEmail: (request) => call("POST", "/api/me/email-log", request),
    settings: () => call("GET", "/api/me/settings"),
    saveSettings: (settings) => call("PUT", "/api/me/settings", settings),
    onpremStart: () => call("GET", "/api/me/onprem"),
    connectOnprem: (request) => call("POST", "/api/me/onprem", request),
    replaceOnpremPassword: (password) => call("POST", "/api/me/onprem/password", { password }),
  };
}
