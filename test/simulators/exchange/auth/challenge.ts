/**
 * HTTP-level refusals: 401 challenges (with the WWW-Authenticate headers each deployment sends), 403 policy blocks and
 * 503s. They carry no SOAP body, as IIS/Exchange answer them before EWS runs.
 */

export class HttpRejection extends Error {
  constructor(
    readonly status: 401 | 403 | 500 | 503,
    readonly headers: Readonly<Record<string, string | readonly string[]>> = {},
    readonly body = "",
  ) {
    super(`HTTP ${status}`);
    this.name = "HttpRejection";
  }
}

/**
 * Exchange Online's bearer challenge, as captured from outlook.office365.com (see the report): client_id is Exchange's
 * app id, trusted_issuers the ACS/Entra issuer, and x-ms-diagnostics says why a token was refused.
 */
export function bearerChallenge(diagnostics?: { code: number; reason: string; category: string }): HttpRejection {
  const params = [
    'client_id="00000002-0000-0ff1-ce00-000000000000"',
    'trusted_issuers="00000001-0000-0000-c000-000000000000@*"',
    'token_types="app_asserted_user_v1 service_asserted_app_v1"',
    'authorization_uri="https://login.windows.net/common/oauth2/authorize"',
  ];
  if (diagnostics) params.push('error="invalid_token"');
  const headers: Record<string, string> = { "WWW-Authenticate": `Bearer ${params.join(", ")}` };
  if (diagnostics) {
    headers["x-ms-diagnostics"] = `${diagnostics.code};reason="${diagnostics.reason}";error_category="${diagnostics.category}"`;
  }
  return new HttpRejection(401, headers);
}

/** IIS on an Exchange server offers Negotiate, NTLM and Basic (when Basic is enabled on the virtual directory). */
export function windowsChallenge(realm: string, ntlm: boolean, ntlmChallenge?: string): HttpRejection {
  const values: string[] = [];
  if (ntlmChallenge) {
    values.push(`NTLM ${ntlmChallenge}`);
  } else {
    if (ntlm) values.push("Negotiate", "NTLM");
    values.push(`Basic realm="${realm}"`);
  }
  return new HttpRejection(401, { "WWW-Authenticate": values });
}
