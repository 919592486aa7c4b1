import type { EntraContext } from "./context";
import { instanceDiscovery, openIdConfiguration } from "./discovery";
import { resolveTenantPath } from "./tenantPath";

/**
 * The msal-node `auth` options that keep MSAL on the simulator (reference microsoft-365.md §5, toolchain.md):
 *   authority              https://localhost:PORT/{tenant}   (MSAL refuses http:// authorities)
 *   knownAuthorities       ["localhost:PORT"]                (host:port; skips instance discovery at Microsoft)
 *   authorityMetadata      the tenant's openid-configuration, as a JSON string (skips the metadata fetch)
 *   cloudDiscoveryMetadata the instance-discovery answer, as a JSON string
 * With these, MSAL makes no request except to the token endpoint.
 */
export interface MsalAuthorityOptions {
  readonly authority: string;
  readonly knownAuthorities: string[];
  readonly authorityMetadata: string;
  readonly cloudDiscoveryMetadata: string;
}

export function msalAuthorityOptions(ctx: EntraContext, tenant: string): MsalAuthorityOptions {
  const path = resolveTenantPath(ctx.directory, tenant);
  const segment = path.kind === "tenant" ? path.tenant.id : path.segment.toLowerCase();
  return {
    authority: `${ctx.origin.url}/${segment}`,
    knownAuthorities: [new URL(ctx.origin.url).host],
    authorityMetadata: JSON.stringify(openIdConfiguration(ctx, path)),
    cloudDiscoveryMetadata: JSON.stringify(instanceDiscovery(ctx, segment)),
  };
}
