import type { Config } from "../config";

/**
 * The link a rep forwards to their administrator for "Need admin approval": it starts the tenant-wide admin consent
 * on this server (which adds a single-use state and redirects to Entra's /adminconsent).
 */
export function adminConsentLink(config: Config, tenantId: string): string {
  return `${config.http.publicUrl}/api/connect/admin-consent?tenant=${encodeURIComponent(tenantId)}`;
}
