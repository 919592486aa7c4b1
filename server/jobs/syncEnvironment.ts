import type { Config } from "../config";
import type { CrmSink } from "../crm/crmSink";
import type { OrgConnections } from "../crm/salesforce/orgConnections";
import type { MailboxAccess, Provider } from "../domain/mailboxStatus";
import type { AppOnlyTokens } from "../identity/appOnlyTokens";
import type { DelegatedTokens } from "../identity/delegatedTokens";
import type { EwsEndpoint } from "../mailbox/ews/ewsService";
import type { MailboxSource } from "../mailbox/mailboxSource";
import { MailboxError } from "../mailbox/mailboxError";
import type { SourceRoute, SourceSettings } from "../mailbox/openSource";
import { openSource } from "../mailbox/openSource";
import type { AuditLog } from "../store/auditLog";
import type { Mailbox, MailboxRepository } from "../store/mailboxRepository";
import type { ServerFence } from "../net/userServers";
import type { OnpremRepository } from "../store/onpremRepository";
import type { DiscoveryOutcome, DiscoveryRequest } from "../mailbox/onprem/autodiscoverChain";
import { checkServerUrl } from "../net/userServers";
import type { ServiceAccountRepository } from "../store/serviceAccountRepository";
import type { TenantRepository } from "../store/tenantRepository";
import { effectivePolicy, readPolicySettings } from "../sync/policyFor";
import type { SyncPolicy } from "../sync/policy";
import type { EntraFailure } from "../identity/entraFailure";
import type { CallLimiter } from "../mailbox/callGuard";
import type { BudgetShareRepository } from "../store/budgetShareRepository";
import type { Logger } from "../logger";
import { FleetLimiter } from "./fleetLimiter";
import { KeyedLimiter } from "./keyedLimiter";
import { TtlCache } from "./ttlCache";
import type { OpenedSource, SyncEnvironment } from "./syncRunner";

export interface LiveSyncDeps {
  readonly config: Config;
  readonly delegatedTokens: DelegatedTokens;
  readonly appOnlyTokens: AppOnlyTokens;
  /** Each organisation's Salesforce (crm/ builds and refreshes the connections). */
  readonly crm: OrgConnections;
  readonly tenants: TenantRepository;
  readonly serviceAccounts: ServiceAccountRepository;
  /** The network rule for servers users name: a service account's stored EWS URL is held to it on every connection. */
  readonly fence: ServerFence;
  readonly mailboxes: MailboxRepository;
  readonly audit: AuditLog;
  /** Reps' own on-premises logins (EWS URL, sign-in name, sealed password). */
  readonly onprem: OnpremRepository;
  /** Autodiscover (the same chain a rep's setup runs): where a rep's on-premises mailbox lives now. */
  readonly rediscover?: (r: DiscoveryRequest) => Promise<DiscoveryOutcome>;
  /**
   * With several processes on one PostgreSQL: shared accounts' budgets are held across the fleet through these shares.
   * Without (one process, embedded store), the process's own limiter is the whole budget.
   */
  readonly fleetBudgets?: { readonly shares: BudgetShareRepository; readonly worker: string; readonly logger: Logger };
}

/** Accounts several mailboxes sync through at once: a tenant's app (EWS or Graph) and on-premises service accounts. */
export function isSharedAccount(key: string): boolean {
  return key.startsWith("app:") || key.startsWith("sa:") || key.startsWith("graph:");
}

/** An address an admin reaches with service-level access: a managed mailbox, or one about to be activated. */
export type ManagedTarget =
  | { readonly tenantId: string; readonly email: string; readonly access: "app_only"; readonly provider: Provider }
  | { readonly tenantId: string; readonly email: string; readonly access: "onprem_service_account"; readonly serviceAccountId: string };

type Reached = { readonly ok: true; readonly route: SourceRoute } | { readonly ok: false; readonly failure: EntraFailure };

const misconfigured = (detail: string): Reached => ({ ok: false, failure: { kind: "attention", reason: "server_misconfigured", code: null, detail } });

/** The real ways to reach a mailbox (by its access kind) and an organisation's CRM. */
export class LiveSyncEnvironment implements SyncEnvironment {
  /** Shared by every mailbox: Exchange budgets concurrency per account, across all of our work. */
  readonly ewsLimiter: CallLimiter;
  /** Shared by every mailbox: Graph budgets calls per app and tenant (each mailbox is held to 4 by its source). */
  readonly graphLimiter: CallLimiter;
  private readonly settings: SourceSettings;

  constructor(private readonly d: LiveSyncDeps) {
    const limiter = (limit: number): CallLimiter =>
      d.fleetBudgets ? new FleetLimiter({ ...d.fleetBudgets, limit, shared: isSharedAccount }) : new KeyedLimiter(limit);
    this.ewsLimiter = limiter(d.config.sync.ewsCallsPerAccount);
    this.graphLimiter = limiter(d.config.sync.graphCallsPerTenant);
    const s = d.config.sync;
    this.settings = {
      getItemBatch: s.getItemBatch,
      graphUrl: d.config.microsoft.graphUrl,
      timeoutMs: s.ewsTimeoutMs,
      calendar: { backDays: s.backfillDays, aheadDays: s.calendarHorizonDays },
      ewsLimiter: this.ewsLimiter,
      graphLimiter: this.graphLimiter,
    };
  }

  /** Gives back this worker's budget shares (shutdown). */
  async close(): Promise<void> {
    for (const l of [this.ewsLimiter, this.graphLimiter]) if (l instanceof FleetLimiter) await l.close();
  }

  async openSource(m: Mailbox): Promise<OpenedSource> {
    const reached = await this.reach(m);
    if (!reached.ok) return reached;
    const policy = await this.policyFor(m);
    return { ok: true, source: openSource(reached.route, this.settings, policy.captureLevel === "full_body") };
  }

  /** A source for an address before it is a mailbox of ours: mass activation checks each row with one real call. */
  async openManaged(target: ManagedTarget): Promise<OpenedSource> {
    const reached = await this.reachManaged(target);
    return reached.ok ? { ok: true, source: openSource(reached.route, this.settings, false) } : reached;
  }

  /** A source at an explicit endpoint: checking a service account before it is saved. */
  openEndpoint(endpoint: EwsEndpoint, accountKey: string): MailboxSource {
    return openSource({ transport: "ews", endpoint, accountKey }, this.settings, false);
  }

  /**
   * Graph with a token in hand: the first call uses it, a 401 asks for a fresh one once (then the 401 stands and the
   * mailbox goes to reconnect or consent).
   */
  private graphRoute(userPath: string, budgetKey: string, first: string, refresh: () => Promise<{ ok: true; accessToken: string } | { ok: false; failure: EntraFailure }>): Reached {
    const token = async (again: boolean) => {
      if (!again) return first;
      const t = await refresh();
      if (!t.ok) throw new MailboxError("unauthorized", `a fresh Graph token could not be had: ${t.failure.detail}`);
      return t.accessToken;
    };
    return { ok: true, route: { transport: "graph", userPath, token, budgetKey } };
  }

  private async reach(m: Mailbox): Promise<Reached> {
    const access: MailboxAccess = m.access;
    switch (access) {
      case "delegated": {
        // The rep's own token, budgeted per rep (EWS) or within the app's budget in the tenant (Graph).
        const provider = m.provider;
        const token = await this.d.delegatedTokens.acquire(m, { provider });
        if (!token.ok) return token;
        if (provider === "graph") {
          return this.graphRoute("/me", `graph:${m.tenantId}`, token.accessToken, () => this.d.delegatedTokens.acquire(m, { provider, forceRefresh: true }));
        }
        const endpoint = { url: this.d.config.microsoft.ewsUrl, auth: { kind: "bearer", accessToken: token.accessToken }, impersonate: null, anchorMailbox: m.email, timeoutMs: this.d.config.sync.ewsTimeoutMs } as const;
        return { ok: true, route: { transport: "ews", endpoint, accountKey: `user:${m.id}` } };
      }
      case "app_only":
        return this.reachManaged({ tenantId: m.tenantId, email: m.email, access, provider: m.provider });
      case "onprem_service_account":
        if (!m.serviceAccountId) return misconfigured(`mailbox ${m.id} has no service account`);
        return this.reachManaged({ tenantId: m.tenantId, email: m.email, access, serviceAccountId: m.serviceAccountId });
      case "onprem_password": {
        // The rep's own password at the company's Exchange, budgeted per rep; the URL the rep (or Autodiscover) named
        // is held to the network rule on every connection.
        const login = await this.d.onprem.credentials(m.id);
        if (!login) return { ok: false, failure: { kind: "attention", reason: "reconnect_required", code: null, detail: "the on-premises password was removed" } };
        const endpoint = { url: login.ewsUrl, auth: { kind: login.authMethod, username: login.username, password: login.password }, impersonate: null, anchorMailbox: m.email, timeoutMs: this.d.config.sync.ewsTimeoutMs, fence: this.d.fence } as const;
        return { ok: true, route: { transport: "ews", endpoint, accountKey: `user:${m.id}` } };
      }
    }
  }

  private async reachManaged(t: ManagedTarget): Promise<Reached> {
    const timeoutMs = this.d.config.sync.ewsTimeoutMs;
    if (t.access === "app_only") {
      const token = await this.d.appOnlyTokens.acquire(t.tenantId, t.provider);
      if (!token.ok) return token;
      if (t.provider === "graph") {
        // Application permissions address the mailbox by its address; the app's budget in the tenant is shared.
        return this.graphRoute(`/users/${encodeURIComponent(t.email)}`, `graph:${t.tenantId}`, token.accessToken, () => this.d.appOnlyTokens.acquire(t.tenantId, "graph", { forceRefresh: true }));
      }
      // The tenant's app-only token impersonating the mailbox, budgeted as one Exchange account for the whole tenant.
      const endpoint = { url: this.d.config.microsoft.ewsUrl, auth: { kind: "bearer", accessToken: token.accessToken }, impersonate: t.email, anchorMailbox: t.email, timeoutMs } as const;
      return { ok: true, route: { transport: "ews", endpoint, accountKey: `app:${t.tenantId}` } };
    }
    const found = await this.d.serviceAccounts.credentials(t.tenantId, t.serviceAccountId);
    if (!found) {
      return { ok: false, failure: { kind: "attention", reason: "service_account_rejected", code: null, detail: "the service account or its password was removed" } };
    }
    const { account, password } = found;
    const endpoint = { url: account.ewsUrl, auth: { kind: account.authMethod, username: account.username, password }, impersonate: t.email, anchorMailbox: t.email, timeoutMs, fence: this.d.fence } as const;
    return { ok: true, route: { transport: "ews", endpoint, accountKey: `sa:${account.id}` } };
  }

  /**
   * EWS is blocked (Exchange Online since October 2026): an app-only mailbox moves to Graph by itself when the tenant's
   * admin consented Graph application permissions; a rep's mailbox moves too, but only the rep can consent to the
   * Graph scopes, so it asks them to reconnect. Either move is audited.
   */
  async moveOffEws(m: Mailbox): Promise<"moved" | "reconnect" | null> {
    if (m.access === "app_only") {
      const graph = await this.d.appOnlyTokens.acquire(m.tenantId, "graph");
      if (!graph.ok) return null;
      await this.d.mailboxes.setProvider(m.id, "graph");
      await this.d.audit.append({ tenantId: m.tenantId, actor: "system", action: "mailbox.transport", mailboxId: m.id, detail: { from: "ews", to: "graph", why: "ews_blocked" } });
      return "moved";
    }
    if (m.access === "delegated") {
      await this.d.mailboxes.setProvider(m.id, "graph");
      await this.d.audit.append({ tenantId: m.tenantId, actor: "system", action: "mailbox.transport", mailboxId: m.id, detail: { from: "ews", to: "graph", why: "ews_blocked", next: "rep reconnects" } });
      return "reconnect";
    }
    return null;
  }

  /**
   * A rep's on-premises mailbox that Exchange says is moving, or no longer has: Autodiscover, with the rep's stored
   * login, says where it lives now. Another on-premises server: the login follows it ("rerouted", sync again now, no rep
   * needed). Exchange Online: only the rep's Microsoft sign-in opens it there, so the password is deleted and the rep is
   * asked to connect again ("needs_oauth"). Still here, or Autodiscover cannot tell: null. Every move is audited.
   */
  async relocate(m: Mailbox): Promise<"rerouted" | "needs_oauth" | null> {
    if (m.access !== "onprem_password" || !this.d.rediscover) return null;
    const login = await this.d.onprem.credentials(m.id);
    if (!login) return null;
    const found = await this.d.rediscover({ email: m.email, username: login.username, password: login.password });
    if (found.kind === "onprem" && found.ewsUrl !== login.ewsUrl) {
      checkServerUrl(found.ewsUrl, "ewsUrl", this.d.fence);
      await this.d.onprem.moveLogin(m.id, found.ewsUrl);
      await this.d.audit.append({ tenantId: m.tenantId, actor: "system", action: "mailbox.relocated", mailboxId: m.id, detail: { from: login.ewsUrl, to: found.ewsUrl } });
      return "rerouted";
    }
    if (found.kind === "online") {
      const provider = await this.d.tenants.transport(m.tenantId);
      await this.d.onprem.handOverToOnline(m.id, provider);
      await this.d.audit.append({ tenantId: m.tenantId, actor: "system", action: "mailbox.relocated", mailboxId: m.id, detail: { from: login.ewsUrl, to: "Exchange Online", transport: provider, next: "rep signs in with Microsoft" } });
      return "needs_oauth";
    }
    return null;
  }

  private readonly tenantPolicies = new TtlCache<Record<string, unknown>>(60_000);

  /**
   * A sink per use (its call counter belongs to one run); null when no CRM is connected. Throws
   * CrmOrgUnavailableError while the organisation's CRM is disconnected or paused.
   */
  crmFor(tenantId: string): Promise<CrmSink | null> {
    return this.d.crm.sinkFor(tenantId);
  }

  async policyFor(m: Mailbox): Promise<SyncPolicy> {
    const org = readPolicySettings(await this.tenantPolicies.get(m.tenantId, () => this.d.tenants.syncPolicy(m.tenantId)));
    return effectivePolicy(org, readPolicySettings(m.settings), { backfillDays: this.d.config.sync.backfillDays }, new Date());
  }
}
