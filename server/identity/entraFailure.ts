import type { AttentionReason } from "../domain/mailboxStatus";

/**
 * What an Entra ID error means for a mailbox. Microsoft warns against branching on error text, but the AADSTS code
 * in error_description / the error message is the one stable identifier it documents, so we read that first,
 * then the OAuth error and suberror.
 */
export type EntraFailure =
  | { readonly kind: "attention"; readonly reason: AttentionReason; readonly code: number | null; readonly detail: string }
  | { readonly kind: "declined"; readonly code: number | null; readonly detail: string }
  | { readonly kind: "transient"; readonly code: number | null; readonly detail: string };

const byCode: ReadonlyMap<number, { kind: "attention"; reason: AttentionReason } | { kind: "declined" } | { kind: "transient" }> = new Map([
  // The grant is gone or unusable without the user signing in again.
  [700082, { kind: "attention", reason: "reconnect_required" }], // refresh token inactive for 90 days
  [700084, { kind: "attention", reason: "reconnect_required" }], // SPA refresh token lifetime over
  [50173, { kind: "attention", reason: "reconnect_required" }], // grant revoked (password reset by admin, revoke sessions)
  [70008, { kind: "attention", reason: "reconnect_required" }], // refresh token expired or revoked
  [50132, { kind: "attention", reason: "reconnect_required" }], // session invalid after password change
  [50133, { kind: "attention", reason: "reconnect_required" }], // session invalid after password expiry
  [70043, { kind: "attention", reason: "reconnect_required" }], // sign-in frequency policy
  [50089, { kind: "attention", reason: "reconnect_required" }], // flow token expired
  [50076, { kind: "attention", reason: "reconnect_required" }], // MFA required
  [50079, { kind: "attention", reason: "reconnect_required" }], // MFA enrolment required
  [65001, { kind: "attention", reason: "consent_required" }],
  [90094, { kind: "attention", reason: "admin_approval_required" }],
  [90095, { kind: "attention", reason: "admin_approval_required" }],
  // Our own app's credentials: an operator's problem, never the user's.
  [7000215, { kind: "attention", reason: "server_misconfigured" }], // invalid client secret
  [7000222, { kind: "attention", reason: "server_misconfigured" }], // expired client secret
  [700016, { kind: "attention", reason: "server_misconfigured" }], // app not found in the tenant
  [50011, { kind: "attention", reason: "server_misconfigured" }], // reply URL not registered
  [65004, { kind: "declined" }], // the user declined consent
]);

export function aadstsCode(text: string | undefined | null): number | null {
  const m = /AADSTS(\d+)/.exec(text ?? "");
  return m ? Number(m[1]) : null;
}

/** Classifies an OAuth error as returned on a redirect (error, error_description) or at the token endpoint. */
export function classifyOAuthError(error: string, description: string | undefined, suberror?: string): EntraFailure {
  const code = aadstsCode(description);
  const detail = `${error}${suberror ? ` (${suberror})` : ""}: ${firstLine(description) || "(no description)"}`;
  const known = code === null ? undefined : byCode.get(code);
  if (known) return known.kind === "attention" ? { ...known, code, detail } : { kind: known.kind, code, detail };
  switch (error) {
    case "access_denied":
      return { kind: "declined", code, detail };
    case "consent_required":
      return { kind: "attention", reason: "consent_required", code, detail };
    case "invalid_grant":
    case "interaction_required":
    case "login_required":
      return { kind: "attention", reason: suberror === "consent_required" ? "consent_required" : "reconnect_required", code, detail };
    case "invalid_client":
    case "unauthorized_client":
      return { kind: "attention", reason: "server_misconfigured", code, detail };
    case "temporarily_unavailable":
    case "server_error":
      return { kind: "transient", code, detail };
    default:
      return { kind: "attention", reason: "unknown", code, detail };
  }
}

/** The shape msal-node's AuthError and subclasses share. */
interface MsalLikeError {
  errorCode?: string;
  errorMessage?: string;
  subError?: string;
  message?: string;
  name?: string;
}

/** Classifies whatever msal-node threw while acquiring a token. Network failures are transient. */
export function classifyMsalError(err: unknown): EntraFailure {
  const e = (err ?? {}) as MsalLikeError;
  const message = e.errorMessage || e.message || String(err);
  const code = e.errorCode ?? "";
  if (/network|fetch failed|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|ECONNRESET|socket hang up|timed? ?out/i.test(`${code} ${message}`) && aadstsCode(message) === null) {
    return { kind: "transient", code: null, detail: `network: ${firstLine(message)}` };
  }
  if (/^(endpoints_resolution_error|untrusted_authority|authority_uri_insecure)$/.test(code)) {
    return { kind: "attention", reason: "server_misconfigured", code: null, detail: `${code}: ${firstLine(message)}` };
  }
  if (code === "no_tokens_found" || code === "no_account_found") {
    return { kind: "attention", reason: "reconnect_required", code: null, detail: `${code}: the token cache holds no usable account` };
  }
  if (/^HTTP (5\d\d)|status 5\d\d/i.test(message)) return { kind: "transient", code: aadstsCode(message), detail: firstLine(message) };
  return classifyOAuthError(code || "unknown_error", message, e.subError);
}

function firstLine(text: string | undefined): string {
  return (text ?? "").split(/\r?\n/)[0]?.trim() ?? "";
}
