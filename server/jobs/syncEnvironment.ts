import { Connection } from "jsforce";
import type { Config } from "../config";
import type { CrmSink } from "../crm/crmSink";
import { SalesforceSink } from "../crm/salesforce/salesforceSink";
import type { AppOnlyTokens } from "../identity/appOnlyTokens";
import type { DelegatedTokens } from "../identity/delegatedTokens";
import { callGuard } from "../mailbox/callGuard";
import { createEwsService } from "../mailbox/ews/ewsService";
import { EwsSource } from "../mailbox/ews/ewsSource";
import type { CrmConnectionRepository } from "../store/crmConnectionRepository";
import type { Mailbox } from "../store/mailboxRepository";
import type { TenantRepository } from "../store/tenantRepository";
import { effectivePolicy, readPolicySettings } from "../sync/policyFor";
import type { SyncPolicy } from "../sync/policy";
import { KeyedLimiter } from "./keyedLimiter";
import { TtlCache } from "./ttlCache";
import type { CrmConnection } from "../store/crmConnectionRepository";
import type { OpenedSource, SyncEnvironment } from "./syncRunner";

export interface LiveSyncDeps {
  readonly config: Config;
  readonly delegatedTokens: DelegatedTokens;
  readonly appOnlyTokens: AppOnlyTokens;
  readonly crmConnections: CrmConnectionRepository;
  readonly tenants: TenantRepository;
}

/** The real ways to reach a mailbox (by its access kind) and an organisation's CRM. */
export class LiveSyncEnvironment implements SyncEnvironment {
  /** Shared by every mailbox: Exchange budgets concurrency per account, across all of our work. */
  readonly ewsLimiter: KeyedLimiter;

  constructor(private readonly d: LiveSyncDeps) {
    this.ewsLimiter = new KeyedLimiter(d.config.sync.ewsCallsPerAccount);
  }

  async openSource(m: Mailbox): Promise<OpenedSource> {
    if (m.access !== "delegated" && m.access !== "app_only") {
      return { ok: false, failure: { kind: "attention", reason: "server_misconfigured", code: null, detail: `access kind ${m.access} is not configured on this server` } };
    }
    // Delegated: the rep's own token, budgeted per rep. App-only: the tenant's token impersonating the mailbox,
    // budgeted as one Exchange account for the whole tenant.
    const token = m.access === "delegated" ? await this.d.delegatedTokens.acquire(m, { provider: "ews" }) : await this.d.appOnlyTokens.acquire(m.tenantId, "ews");
    if (!token.ok) return token;
    const sync = this.d.config.sync;
    const policy = await this.policyFor(m);
    const service = createEwsService({
      url: this.d.config.microsoft.ewsUrl,
      auth: { kind: "bearer", accessToken: token.accessToken },
      impersonate: m.access === "app_only" ? m.email : null,
      anchorMailbox: m.email,
      timeoutMs: sync.ewsTimeoutMs,
    });
    const source = new EwsSource(service, {
      getItemBatch: sync.getItemBatch,
      withBody: policy.captureLevel === "full_body",
      call: callGuard({ limiter: this.ewsLimiter, accountKey: m.access === "delegated" ? `user:${m.id}` : `app:${m.tenantId}` }),
    });
    return { ok: true, source };
  }

  private readonly tenantPolicies = new TtlCache<Record<string, unknown>>(60_000);
  private readonly crmConnectionCache = new TtlCache<CrmConnection | null>(60_000);

  /** One jsforce connection per organisation, so its access token is reused until Salesforce expires it. */
  private readonly connections = new Map<string, { refreshToken: string; conn: Connection }>();

  /** A sink per use (its call counter belongs to one run), over the organisation's shared connection. */
  async crmFor(tenantId: string): Promise<CrmSink | null> {
    const c = await this.crmConnectionCache.get(tenantId, () => this.d.crmConnections.get(tenantId));
    const sf = this.d.config.salesforce;
    if (!c || !sf.clientId || !sf.clientSecret) return null;
    let cached = this.connections.get(tenantId);
    if (!cached || cached.refreshToken !== c.refreshToken) {
      const conn = new Connection({
        oauth2: { loginUrl: c.loginUrl, clientId: sf.clientId, clientSecret: sf.clientSecret, redirectUri: `${this.d.config.http.publicUrl}/api/crm/salesforce/callback` },
        instanceUrl: c.instanceUrl,
        refreshToken: c.refreshToken,
        version: sf.apiVersion,
      });
      cached = { refreshToken: c.refreshToken, conn };
      this.connections.set(tenantId, cached);
    }
    return new SalesforceSink(cached.conn, { keyField: sf.activityKeyField });
  }

  async policyFor(m: Mailbox): Promise<SyncPolicy> {
    const org = readPolicySettings(await this.tenantPolicies.get(m.tenantId, () => this.d.tenants.syncPolicy(m.tenantId)));
    return effectivePolicy(org, readPolicySettings(m.settings), { backfillDays: this.d.config.sync.backfillDays }, new Date());
  }
}
