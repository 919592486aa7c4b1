/**
 * Typed client for the server's API. The types come from the server's contract, so both sides change together.
 * Every error the server answers carries {error, message}; the message is written for the rep and is shown as is.
 */
import type {
  AddLeadRequest,
  ApiError as ApiErrorBody,
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

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The server's error code (e.g. too_soon, not_connected), or "network" / "bad_response". */
    readonly code: string,
    message: string,
    /** Seconds, from Retry-After on a 429. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The caller's access token for the API scope; `fresh` asks for a new one after the server refused the last. */
export type TokenGetter = (options: { fresh: boolean }) => Promise<string>;

type Fetch = typeof fetch;

const unreachable = "CRM Sync could not be reached. Check your connection and try again.";

async function errorFrom(res: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> | null = null;
  try {
    body = (await res.json()) as Partial<ApiErrorBody>;
  } catch {
    /* not JSON: a proxy's page, say */
  }
  const retry = Number(res.headers.get("retry-after"));
  return new ApiError(
    res.status,
    typeof body?.error === "string" ? body.error : `http_${res.status}`,
    typeof body?.message === "string" && body.message ? body.message : `CRM Sync answered ${res.status}. Try again in a moment.`,
    Number.isFinite(retry) && retry > 0 ? retry : null,
  );
}

async function send(fetchFn: Fetch, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchFn(url, init);
  } catch {
    throw new ApiError(0, "network", unreachable);
  }
}

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
}

export function createApi(getToken: TokenGetter, options: { baseUrl?: string; fetch?: Fetch } = {}): Api {
  const baseUrl = options.baseUrl ?? "";
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const attempt = async (fresh: boolean) => {
      const token = await getToken({ fresh });
      const headers: Record<string, string> = { accept: "application/json", authorization: `Bearer ${token}` };
      if (body !== undefined) headers["content-type"] = "application/json";
      return send(fetchFn, `${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    };
    let res = await attempt(false);
    // A token can expire or be revoked between calls: ask once for a fresh one before giving up.
    if (res.status === 401) res = await attempt(true);
    if (!res.ok) throw await errorFrom(res);
    if (res.status === 204) return undefined as T;
    try {
      return (await res.json()) as T;
    } catch {
      throw new ApiError(res.status, "bad_response", "CRM Sync sent an answer the sidebar does not understand. Reload the sidebar.");
    }
  }

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
  };
}
