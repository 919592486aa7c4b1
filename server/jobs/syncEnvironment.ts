import { Connection } from "jsforce";
import type { Config } from "../config";
import type { CrmSink } from "../crm/crmSink";
import { SalesforceSink } from "../crm/salesforce/salesforceSink";
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
import type { OpenedSource, SyncEnvironment } from "./syncRunner";

export interface LiveSyncDeps {
  readonly config: Config;
  readonly delegatedTokens: DelegatedTokens;
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
    if (m.access !== "delegated") {
      return { ok: false, failure: { kind: "attention", reason: "server_misconfigured", code: null, detail: `access kind ${m.access} is not configured on this server` } };
    }
    const token = await this.d.delegatedTokens.acquire(m, { provider: "ews" });
    if (!token.ok) return token;
    const sync = this.d.config.sync;
    const policy = readPolicySettings(m.settings);
    const service = createEwsService({
      url: this.d.config.microsoft.ewsUrl,
      auth: { kind: "bearer", accessToken: token.accessToken },
      impersonate: null,
      anchorMailbox: m.email,
      timeoutMs: sync.ewsTimeoutMs,
    });
    const source = new EwsSource(service, {
      getItemBatch: sync.getItemBatch,
      withBody: (policy.captureLevel ?? "full_body") === "full_body",
      call: callGuard({ limiter: this.ewsLimiter, accountKey: `user:${m.id}` }),
    });
    return { ok: true, source };
  }

  /** One jsforce connection per organisation, so its access token is reused until Salesforce expires it. */
  private readonly connections = new Map<string, { refreshToken: string; conn: Connection }>();

  /** A sink per use (its call counter belongs to one run), over the organisation's shared connection. */
  async crmFor(tenantId: string): Promise<CrmSink | null> {
    const c = await this.d.crmConnections.get(tenantId);
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
    const org = readPolicySettings(await this.d.tenants.syncPolicy(m.tenantId));
    return effectivePolicy(org, readPolicySettings(m.settings), { backfillDays: this.d.config.sync.backfillDays }, new Date());
  }
}
