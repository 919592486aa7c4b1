/**
 * Issuer URIs. Real Entra uses two:
 *   v2.0 tokens: https://login.microsoftonline.com/{tid}/v2.0
 *   v1.0 tokens: https://sts.windows.net/{tid}/        (a different host)
 * The simulator has one host, so the v1.0 issuer is the analogue on its own origin, `https://localhost:PORT/{tid}/`:
 * same shape (tenant GUID, trailing slash, no /v2.0), and a validator that pins the issuer per version still has to
 * tell the two apart. Nothing can resolve a second hostname here, which is why it is not `sts.localhost`.
 */

/** The simulator's base URL (`https://localhost:PORT`), known only once the server listens. */
export interface SimulatorOrigin {
  url: string;
}

export function issuerV2(origin: SimulatorOrigin, tenantId: string): string {
  return `${origin.url}/${tenantId}/v2.0`;
}

export function issuerV1(origin: SimulatorOrigin, tenantId: string): string {
  return `${origin.url}/${tenantId}/`;
}

/** The templated issuer of the /common and /organizations discovery documents. */
export function issuerTemplate(origin: SimulatorOrigin): string {
  return `${origin.url}/{tenantid}/v2.0`;
}
