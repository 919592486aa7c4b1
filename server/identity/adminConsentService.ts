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

/** How long the admin has to finish consenting once the link was opened. */
const stateTtlSeconds = 1800;

export type AdminConsentResult = { readonly ok: true; readonly tenantId: string; readonly verified: true } | { readonly ok: false; readonly message: string };

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

  /**
   * Where to send the admin, and the state, which the caller also keeps in the admin's browser (a cookie): the
   * callback is believed only in the browser that started it.
   */
  async start(tenant: string): Promise<{ readonly url: string; readonly state: string }> {
    if (!/^[A-Za-z0-9.-]{1,253}$/.test(tenant)) throw new Error("tenant must be a tenant id or domain");
    const state = await this.states.create({ purpose: "admin_consent", tenantId: tenant.toLowerCase(), userOid: null, mailboxEmail: null, provider: null }, stateTtlSeconds);
    const q = new URLSearchParams({ client_id: this.config.microsoft.clientId, redirect_uri: this.redirectUri, state });
    return { url: `${this.config.microsoft.authorityHost}/${encodeURIComponent(tenant)}/adminconsent?${q.toString()}`, state };
  }

  /**
   * Believes the callback only when it returns to the browser that started it (`browserState`, from its cookie), names
   * the tenant the link was for (when the link named one by id), and an app-only token proves the grant. Anything
   * less writes nothing: no tenant row, no consent flag, no audit entry.
   */
  async complete(query: Record<string, unknown>, browserState: string | null): Promise<AdminConsentResult> {
    const given = typeof query.state === "string" ? query.state : "";
    if (!given || browserState !== given) {
      return { ok: false, message: "This consent answer did not come back to the browser that started it. Open the consent link again in this browser." };
    }
    const state = await this.states.consume(given, "admin_consent");
    if (!state) return { ok: false, message: "This consent link has expired or was already used. Start again from the link you were sent." };
    if (typeof query.error === "string") {
      const failure = classifyOAuthError(query.error, typeof query.error_description === "string" ? query.error_description : undefined);
      return { ok: false, message: `Consent was not granted (${failure.detail}).` };
    }
    const tenantId = typeof query.tenant === "string" ? query.tenant : "";
    if (!/^[0-9a-f-]{36}$/i.test(tenantId) || String(query.admin_consent).toLowerCase() !== "true") {
      return { ok: false, message: "Microsoft's answer did not confirm the consent." };
    }
    if (/^[0-9a-f-]{36}$/i.test(state.tenantId) && state.tenantId !== tenantId.toLowerCase()) {
      return { ok: false, message: "The consent came back for another organisation than the link was for. Ask for a new link." };
    }
    const verified = await this.verify(tenantId);
    if (!verified) {
      return { ok: false, message: "Microsoft's answer said consent was given, but the server could not confirm it with the organisation. Open the consent link again in a few minutes." };
    }
    await this.tenants.recordAdminConsent(tenantId, verified);
    const reopened = await this.mailboxes.clearReason(tenantId, "admin_approval_required");
    this.logger.info({ tenantId, verified, reopened }, "admin consent recorded");
    return { ok: true, tenantId, verified: true };
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
