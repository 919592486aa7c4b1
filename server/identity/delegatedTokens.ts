import type { Config } from "../config";
import type { Provider } from "../domain/mailboxStatus";
import type { Logger } from "../logger";
import type { Mailbox } from "../store/mailboxRepository";
import type { SecretStore } from "../store/secretStore";
import type { AuthorityMetadataCache } from "./authorityMetadata";
import { createConfidentialClient } from "./confidentialClient";
import type { EntraFailure } from "./entraFailure";
import { classifyMsalError } from "./entraFailure";
import { MailboxTokenCache } from "./mailboxTokenCache";
import { mailboxScopes } from "./scopes";

export type TokenResult = { readonly ok: true; readonly accessToken: string; readonly expiresOn: Date | null } | { readonly ok: false; readonly failure: EntraFailure };

/**
 * Access tokens for a delegated mailbox, from its own sealed msal-node cache: the cached access token while it is
 * valid, otherwise a refresh (Entra rotates the refresh token; the cache plugin saves the new one before we return).
 */
export class DelegatedTokens {
  constructor(
    private readonly config: Config,
    private readonly secrets: SecretStore,
    private readonly metadata: AuthorityMetadataCache,
    private readonly logger: Logger,
  ) {}

  async acquire(mailbox: Mailbox, options: { provider?: Provider; forceRefresh?: boolean } = {}): Promise<TokenResult> {
    if (!mailbox.homeAccountId) {
      return { ok: false, failure: { kind: "attention", reason: "reconnect_required", code: null, detail: "no delegated sign-in is stored for this mailbox" } };
    }
    const cache = new MailboxTokenCache(this.secrets, mailbox.id);
    try {
      const client = await createConfidentialClient(this.config.microsoft, this.metadata, mailbox.tenantId, this.logger, cache);
      const account = await client.getTokenCache().getAccountByHomeId(mailbox.homeAccountId);
      if (!account) {
        return { ok: false, failure: { kind: "attention", reason: "reconnect_required", code: null, detail: "the stored sign-in has no account" } };
      }
      const result = await client.acquireTokenSilent({
        account,
        scopes: mailboxScopes(this.config.microsoft, options.provider ?? mailbox.provider),
        forceRefresh: options.forceRefresh ?? false,
      });
      return { ok: true, accessToken: result.accessToken, expiresOn: result.expiresOn };
    } catch (err) {
      const failure = classifyMsalError(err);
      this.logger.warn({ mailboxId: mailbox.id, failure }, "delegated token acquisition failed");
      return { ok: false, failure };
    }
  }
}
