import type { ICachePlugin, TokenCacheContext } from "@azure/msal-node";
import type { SecretStore } from "../store/secretStore";

/**
 * msal-node's cache for one mailbox, sealed in the secret store. Loaded before every token operation and saved after
 * any that changed it — so the refresh token Entra rotates on each use is persisted before the token is used.
 */
export class MailboxTokenCache implements ICachePlugin {
  constructor(
    private readonly secrets: SecretStore,
    private readonly mailboxId: string,
  ) {}

  private get ref() {
    return { ownerKind: "mailbox", ownerId: this.mailboxId, purpose: "msal_cache" } as const;
  }

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    const blob = await this.secrets.get(this.ref);
    if (blob) context.tokenCache.deserialize(blob);
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (context.cacheHasChanged) await this.secrets.put(this.ref, context.tokenCache.serialize());
  }

  async exists(): Promise<boolean> {
    return (await this.secrets.get(this.ref)) !== null;
  }
}
