/**
 * Typed client for the console's API (`/api/console/...`). The types are the server's contract, so a change on one
 * side that the other does not follow fails the type-check. Errors are ApiError with the server's message.
 */
import type { AuthorizedCaller, Fetch, TokenGetter } from "../apiHttp";
import { authorizedCaller } from "../apiHttp";
import type {
  ActivationJobView,
  AuditListResponse,
  ConnectionTestResult,
  ConsoleMe,
  ConsoleOverview,
  CreateServiceAccountRequest,
  MailboxAction,
  MailboxActionResponse,
  MailboxDetail,
  MailboxListQuery,
  MailboxListResponse,
  ServiceAccountView,
  StartActivationRequest,
  TenantTransportResponse,
  UpdateServiceAccountPasswordRequest,
  UpdateServiceAccountPasswordResponse,
} from "../../server/api/consoleContract";
import type { Provider } from "../../server/api/contract";
import type { CrmClientCredentialsRequest, CrmConnectRequest, CrmConnectResponse, CrmStatus, PreflightReport } from "../../server/api/crmContract";
import type { CompanySettingsView } from "../../server/api/onpremContract";
import { mailboxQueryString } from "./mailboxQuery";

export interface AuditQuery {
  readonly mailboxId?: string;
  readonly page?: number;
  readonly pageSize?: number;
}

export interface ConsoleApi {
  /** The caller's own API token, for the command-line tools (npm run activate). */
  accessToken(): Promise<string>;
  me(): Promise<ConsoleMe>;
  overview(): Promise<ConsoleOverview>;
  mailboxes(query: MailboxListQuery, signal?: AbortSignal): Promise<MailboxListResponse>;
  /** The mailboxes the query selects (all pages) as CSV. */
  exportMailboxes(query: MailboxListQuery): Promise<Blob>;
  mailbox(id: string): Promise<MailboxDetail>;
  act(id: string, action: MailboxAction): Promise<MailboxActionResponse>;
  testConnection(id: string): Promise<ConnectionTestResult>;
  /** Moves the mailbox to the other transport (Sync.Support or Sync.Admin). */
  moveTransport(id: string, provider: Provider): Promise<MailboxActionResponse>;
  /** The transport the organisation's new mailboxes use (Sync.Admin). */
  setTenantTransport(transport: Provider): Promise<TenantTransportResponse>;
  audit(query: AuditQuery): Promise<AuditListResponse>;
  serviceAccounts(): Promise<readonly ServiceAccountView[]>;
  createServiceAccount(request: CreateServiceAccountRequest): Promise<ServiceAccountView>;
  updateServiceAccountPassword(id: string, request: UpdateServiceAccountPasswordRequest): Promise<UpdateServiceAccountPasswordResponse>;
  startActivation(request: StartActivationRequest): Promise<ActivationJobView>;
  activation(id: string): Promise<ActivationJobView>;
  activations(): Promise<readonly ActivationJobView[]>;
  /** The organisation's Salesforce connection (Sync.Admin). */
  crm(): Promise<CrmStatus>;
  /** Starts the web server flow: the browser goes to the answer's authorizeUrl, and comes back to #/crm?result=... */
  connectCrm(request: CrmConnectRequest): Promise<CrmConnectResponse>;
  /** Connects an Integration User with the org's own External Client App (client credentials, no browser step). */
  connectCrmClientCredentials(request: CrmClientCredentialsRequest): Promise<CrmStatus>;
  /** "Check Salesforce": runs the preflight checks again. */
  checkCrm(): Promise<PreflightReport>;
  /** Revokes the token at Salesforce and forgets it here. */
  disconnectCrm(): Promise<CrmStatus>;
  /** On-premises Exchange settings remembered per email domain after a rep's first connect (Sync.Admin, Sync.Support). */
  companyExchangeSettings(): Promise<readonly CompanySettingsView[]>;
  /** Forgets a domain's settings (audited): the next colleague's connect runs Autodiscover again. */
  forgetCompanyExchange(emailDomain: string): Promise<void>;
}

const base = "/api/console";
const seg = encodeURIComponent;

function auditQueryString(query: AuditQuery): string {
  const p = new URLSearchParams();
  if (query.mailboxId) p.set("mailboxId", query.mailboxId);
  if (query.page && query.page > 1) p.set("page", String(query.page));
  if (query.pageSize) p.set("pageSize", String(query.pageSize));
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The console's lists come as `{ items }`. */
type Items<T> = { readonly items: readonly T[] };

export function createConsoleApi(getToken: TokenGetter, options: { baseUrl?: string; fetch?: Fetch } = {}): ConsoleApi {
  const caller: AuthorizedCaller = authorizedCaller(getToken, { ...options, client: "console" });
  const get = <T>(path: string, signal?: AbortSignal) => caller.json<T>("GET", `${base}${path}`, signal ? { signal } : {});
  const post = <T>(path: string, body?: unknown) => caller.json<T>("POST", `${base}${path}`, body === undefined ? {} : { body });

  return {
    accessToken: () => getToken({ fresh: false }),
    me: () => get("/me"),
    overview: () => get("/overview"),
    mailboxes: (query, signal) => get(`/mailboxes${mailboxQueryString(query)}`, signal),
    async exportMailboxes(query) {
      // Every page of the filter: the server streams them all, so page and pageSize are not sent.
      const { page: _page, pageSize: _size, ...filter } = query;
      const res = await caller.response("GET", `${base}/mailboxes/export.csv${mailboxQueryString(filter)}`, { accept: "text/csv" });
      return res.blob();
    },
    mailbox: (id) => get(`/mailboxes/${seg(id)}`),
    act: (id, action) => post(`/mailboxes/${seg(id)}/${action}`),
    testConnection: (id) => post(`/mailboxes/${seg(id)}/test-connection`),
    moveTransport: (id, provider) => post(`/mailboxes/${seg(id)}/transport`, { provider }),
    setTenantTransport: (transport) => caller.json<TenantTransportResponse>("PUT", `${base}/tenant/transport`, { body: { transport } }),
    audit: (query) => get(`/audit${auditQueryString(query)}`),
    serviceAccounts: async () => (await get<Items<ServiceAccountView>>("/service-accounts")).items,
    createServiceAccount: (request) => post("/service-accounts", request),
    updateServiceAccountPassword: (id, request) => post(`/service-accounts/${seg(id)}/password`, request),
    startActivation: (request) => post("/activations", request),
    activation: (id) => get(`/activations/${seg(id)}`),
    activations: async () => (await get<Items<ActivationJobView>>("/activations")).items,
    crm: () => get("/crm"),
    connectCrm: (request) => post("/crm/connect", request),
    connectCrmClientCredentials: (request) => post("/crm/client-credentials", request),
    checkCrm: () => post("/crm/check"),
    disconnectCrm: () => caller.json<CrmStatus>("DELETE", `${base}/crm`),
    companyExchangeSettings: async () => (await get<Items<CompanySettingsView>>("/onprem-settings")).items,
    forgetCompanyExchange: (emailDomain) => caller.json<void>("DELETE", `${base}/onprem-settings/${seg(emailDomain)}`),
  };
}
