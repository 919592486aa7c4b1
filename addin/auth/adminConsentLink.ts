/**
 * The link a rep forwards to an administrator when Entra says "Need admin approval" before the rep could even sign in
 * to the sidebar: we do not know the tenant yet, so the administrator's own sign-in decides it (organizations).
 */
export function adminConsentLinkFor(origin: string): string {
  return `${origin.replace(/\/+$/, "")}/api/connect/admin-consent?tenant=organizations`;
}
