import type { Config } from "../config";
import type { Logger } from "../logger";
import type { ConnectStateRepository } from "../store/connectStateRepository";
import type { MailboxRepository } from "../store/mailboxRepository";
import type { TenantRepository } from "../store/tenantRepository";
import type { AuthorityMetadataCache } from "./authorityMetadata";
import { createConfidentialClient } from "./confidentialClient";
import { classifyMsalError, classifyOAuthError } from "./entraFailure";
import { grantsMailboxAccess } from "./appOnlyTokens";
import { appOnlyScope } from "./scopes";

export type AdminConsentResult = { readonly ok: true; readonly tenantId: string; readonly verified: boolean } | { readonly ok: false; readonly message: string };

/**
 * Tenant-wide admin consent (Entra's /adminconsent). The callback is only believed once a client-credentials token
 * for the tenant proves the grant exists: a forged "admin_consent=True" redirect proves nothing.
 */
export class AdminConsentService {
  constructor(
    private readonly config: Config,
    private readonly states: ConnectStateRepository,
    private readonly tenants: TenantRepository,
    private readonly mailboxes: MailboxRepository,
    private readonly metadata: AuthorityMetadataCache,
    private readonly logger: Logger,
  ) {}

  get redirectUri(): string {
    return `${this.config.http.publicUrl}/api/connect/admin-consent/callback`;
  }

  async startUrl(tenant: string): Promise<string> {
    if (!/^[A-Za-z0-9.-]{1,253}$/.test(tenant)) throw new Error("tenant must be a tenant id or domain");
    const state = await this.states.create({ purpose: "admin_consent", tenantId: tenant, userOid: null, mailboxEmail: null, provider: null }, 1800);
    const q = new URLSearchParams({ client_id: this.config.microsoft.clientId, redirect_uri: this.redirectUri, state });
    return `${this.config.microsoft.authorityHost}/${encodeURIComponent(tenant)}/adminconsent?${q.toString()}`;
  }

  async complete(query: Record<string, unknown>): Promise<AdminConsentResult> {
    const state = typeof query.state === "string" ? await this.states.consume(query.state, "admin_consent") : null;
    if (!state) return { ok: false, message: "This consent link has expired or was already used. Start again from the link you were sent." };
    if (typeof query.error === "string") {
      const failure = classifyOAuthError(query.error, typeof query.error_description === "string" ? query.error_description : undefined);
      return { ok: false, message: `Consent was not granted (${failure.detail}).` };
    }
    const tenantId = typeof query.tenant === "string" ? query.tenant : "";
    if (!/^[0-9a-f-]{36}$/i.test(tenantId) || String(query.admin_consent).toLowerCase() !== "true") {
      return { ok: false, message: "Microsoft's answer did not confirm the consent." };
    }
    const verified = await this.verify(tenantId);
    await this.tenants.recordAdminConsent(tenantId, verified);
    const reopened = await this.mailboxes.clearReason(tenantId, "admin_approval_required");
    this.logger.info({ tenantId, verified, reopened }, "admin consent recorded");
    return { ok: true, tenantId, verified };
  }

  /** Proof of the grant: an app-only token for the tenant. Transient failures leave it unverified, not refused. */
  private async verify(tenantId: string): Promise<boolean> {
    try {
      const client = await createConfidentialClient(this.config.microsoft, this.metadata, tenantId, this.logger);
      const token = await client.acquireTokenByClientCredential({ scopes: [appOnlyScope(this.config.microsoft, "ews")] });
      return Boolean(token?.accessToken) && grantsMailboxAccess(token?.accessToken ?? "", "ews");
    } catch (err) {
      this.logger.warn({ tenantId, failure: classifyMsalError(err) }, "admin consent could not be verified with an app-only token");
      return false;
    }
  }
}
