/**
 * The v1 issuer names the token's own tenant exactly: `${prefix}${tid}/` (https://sts.windows.net/{tid}/ in Entra; the
 * Entra simulator's analogue is its origin). Without a configured prefix, any https origin in that exact shape, which
 * still refuses v2 issuers (…/{tid}/v2.0), another tenant's issuer, and an issuer that merely contains the tenant id.
 * Exchange Online and Graph both check it this way.
 */
export function isV1IssuerOf(iss: string | undefined, tid: string, prefix: string | undefined): boolean {
  if (!iss || !tid) return false;
  if (prefix) return iss === `${prefix}${tid}/`;
  const m = /^https:\/\/[^/]+\/([^/]+)\/$/.exec(iss);
  return !!m && m[1]?.toLowerCase() === tid.toLowerCase();
}
