import type { ICachePlugin } from "@azure/msal-node";
import { ConfidentialClientApplication, LogLevel } from "@azure/msal-node";
import type { MicrosoftConfig } from "../config";
import type { Logger } from "../logger";
import type { AuthorityMetadataCache } from "./authorityMetadata";

/**
 * One msal-node client per operation and tenant, holding one mailbox's token cache (through the plugin) — the
 * partitioned-cache pattern msal-node documents for confidential web apps. Creating it costs no network call.
 */
export async function createConfidentialClient(
  ms: MicrosoftConfig,
  metadata: AuthorityMetadataCache,
  tenant: string,
  logger: Logger,
  cachePlugin?: ICachePlugin,
): Promise<ConfidentialClientApplication> {
  const openId = await metadata.get(tenant);
  return new ConfidentialClientApplication({
    auth: {
      clientId: ms.clientId,
      clientSecret: ms.clientSecret,
      authority: metadata.authority(tenant),
      knownAuthorities: [new URL(ms.authorityHost).host],
      authorityMetadata: JSON.stringify(openId),
    },
    cache: cachePlugin ? { cachePlugin } : undefined,
    system: {
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (level, message, containsPii) => {
          if (containsPii) return;
          if (level === LogLevel.Error) logger.error({ msal: message }, "msal");
          else if (level === LogLevel.Warning) logger.warn({ msal: message }, "msal");
        },
      },
    },
  });
}
