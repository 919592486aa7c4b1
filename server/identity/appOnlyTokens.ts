import type { ConfidentialClientApplication } from "@azure/msal-node";
import { decodeJwt } from "jose";
import type { Config } from "../config";
import type { Provider } from "../domain/mailboxStatus";
import type { Logger } from "../logger";
import type { AuthorityMetadataCache } from "./authorityMetadata";
import { createConfidentialClient } from "./confidentialClient";
import type { TokenResult } from "./delegatedTokens";
import { classifyMsalError } from "./entraFailure";
import { appOnlyScope } from "./scopes";

const REUSE_MARGIN_MS = 5 * 60_000;

/**
 * App-only tokens (client credentials) per tenant, for mailboxes an admin mass-activated in Exchange Online:
 * full_access_as_app over EWS with the ExchangeImpersonation header, or Graph application permissions. msal-node keeps
 * each tenant's token in memory until it nears expiry, so 10,000 mailboxes of one tenant share one token.
 */
export class AppOnlyTokens {
  private readonly clients = new Map<string, Promise<ConfidentialClientApplication>>();
  /**
   * The last token per tenant and resource, used until five minutes before it expires. msal-node answers from its
   * cache as well, but every mailbox of the tenant asks, and its lookup was about 5 % of the server's CPU in an idle cycle.
   */
  private readonly recent = new Map<string, { readonly accessToken: string; readonly expiresOn: Date }>();
  /**
   * Acquisitions under way per tenant and resource: a tenant's first turn starts dozens of its mailboxes at once, and
   * msal-node does not join concurrent requests; without this each sent Entra its own token request (a burst of TLS
   * handshakes and client authentications that, on a busy worker, ran into connection timeouts).
   */
  private readonly pending = new Map<string, Promise<TokenResult>>();

  constructor(
    private readonly config: Config,
    private readonly metadata: AuthorityMetadataCache,
    private readonly logger: Logger,
  ) {}

  private client(tenantId: string): Promise<ConfidentialClientApplication> {
    let c = this.clients.get(tenantId);
    if (!c) {
      c = createConfidentialClient(this.config.microsoft, this.metadata, tenantId, this.logger);
      c.catch(() => this.clients.delete(tenantId));
      this.clients.set(tenantId, c);
    }
    return c;
  }

  /** `forceRefresh`: the service refused the token we hold (401), so neither our cache nor msal-node's is asked. */
  async acquire(tenantId: string, provider: Provider = "ews", options: { forceRefresh?: boolean } = {}): Promise<TokenResult> {
    const key = `${tenantId} ${provider}`;
    const hit = options.forceRefresh ? undefined : this.recent.get(key);
    if (hit && hit.expiresOn.getTime() - REUSE_MARGIN_MS > Date.now()) return { ok: true, accessToken: hit.accessToken, expiresOn: hit.expiresOn };
    // Forced refreshes join each other only: an ordinary acquisition under way may be answered from msal-node's cache
    // with the very token the service just refused.
    const force = options.forceRefresh ?? false;
    const joinKey = `${key}${force ? " forced" : ""}`;
    const running = this.pending.get(joinKey);
    if (running) return running;
    const p = this.fetchToken(tenantId, provider, key, force).finally(() => this.pending.delete(joinKey));
    this.pending.set(joinKey, p);
    return p;
  }

  private async fetchToken(tenantId: string, provider: Provider, key: string, forceRefresh: boolean): Promise<TokenResult> {
    try {
      const result = await (await this.client(tenantId)).acquireTokenByClientCredential({ scopes: [appOnlyScope(this.config.microsoft, provider)], skipCache: forceRefresh });
      if (!result?.accessToken) throw new Error("no access token in the answer");
      if (!grantsMailboxAccess(result.accessToken, provider)) {
        // Entra issues a token even when the tenant granted none of the app's application permissions (the app is
        // merely known there); it is the roles claim that says whether the admin consented.
        return {
          ok: false,
          failure: {
            kind: "attention",
            reason: "admin_approval_required",
            code: null,
            detail: `the tenant's administrator has not granted the application permission ${requiredRole[provider]}: the app-only token carries no such role`,
          },
        };
      }
      if (result.expiresOn) this.recent.set(key, { accessToken: result.accessToken, expiresOn: result.expiresOn });
      return { ok: true, accessToken: result.accessToken, expiresOn: result.expiresOn };
    } catch (err) {
      const failure = classifyMsalError(err);
      this.logger.warn({ tenantId, failure }, "app-only token acquisition failed");
      return { ok: false, failure };
    }
  }
}

/** The application permission that opens every mailbox, per provider. */
const requiredRole: Readonly<Record<Provider, string>> = { ews: "full_access_as_app", graph: "Mail.Read" };

/** Whether an app-only token carries the role that mass activation needs (its roles claim lists granted app permissions). */
export function grantsMailboxAccess(accessToken: string, provider: Provider): boolean {
  try {
    const roles = decodeJwt(accessToken).roles;
    return Array.isArray(roles) && roles.includes(requiredRole[provider]);
  } catch {
    // Not a JWT we can read (Microsoft may encrypt tokens for its own APIs): let the mailbox call decide.
    return true;
  }
}
