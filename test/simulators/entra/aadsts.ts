import { EntraError, dotNetRoundTrip } from "./errors";

/**
 * The AADSTS errors the simulator raises, one constructor each, so a call site reads like the condition it reports.
 * Codes, `error` values, suberrors and statuses follow entra-docs reference-error-codes.md and the real captures in
 * test/fixtures/ms-samples/entra (65001, 700082, 7000215, 70011, 50076). Wording marked "(text ours)" is not in
 * Microsoft's material; clients must not parse descriptions anyway (the docs say so).
 */
export const aadsts = {
  // --- request shape ---------------------------------------------------------------------------------------------
  missingParameter: (name: string) =>
    new EntraError({ code: 900144, error: "invalid_request", message: `The request body must contain the following parameter: '${name}'.` }),
  malformedRequest: () =>
    new EntraError({ code: 9002313, error: "invalid_request", message: "Invalid request. Request is malformed or invalid." }),
  /** An unknown or garbled code or refresh token. */
  malformedGrant: () =>
    new EntraError({ code: 9002313, error: "invalid_grant", message: "Invalid request. Request is malformed or invalid." }),
  invalidParameter: (name: string) =>
    new EntraError({ code: 90100, error: "invalid_request", message: `${name} parameter is empty or not valid.` }),
  unsupportedGrantType: (grantType: string) =>
    new EntraError({
      code: 70003,
      error: "unsupported_grant_type",
      message: `The app requested an unsupported grant type '${grantType}'.`, // (text ours)
    }),
  unsupportedResponseType: (responseType: string) =>
    new EntraError({
      code: 700051,
      error: "unsupported_response_type",
      message: `response_type '${responseType}' is not enabled for the application.`,
    }),
  unsupportedResponseMode: (mode: string) =>
    new EntraError({ code: 70007, error: "invalid_request", message: `The application requested an unsupported response mode '${mode}' when requesting a token.` }),
  invalidCodeChallengeSize: () =>
    new EntraError({ code: 501491, error: "invalid_request", message: "Invalid size of Code_Challenge parameter." }),

  // --- tenant and application ------------------------------------------------------------------------------------
  tenantNotFound: (tenant: string) =>
    new EntraError({
      code: 90002,
      error: "invalid_tenant",
      message: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    }),
  applicationNotFound: (clientId: string, tenantName: string) =>
    new EntraError({
      code: 700016,
      error: "unauthorized_client",
      message: `Application with identifier '${clientId}' was not found in the directory '${tenantName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    }),
  clientMissingServicePrincipal: (clientId: string, tenantId: string) =>
    new EntraError({
      code: 7000229,
      error: "invalid_client",
      message: `The client application ${clientId} is missing service principal in the tenant ${tenantId}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
    }),
  grantTypeNotSupportedOnCommon: () =>
    new EntraError({
      code: 9001023,
      error: "invalid_request",
      message: "The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.",
    }),
  missingTenantRealm: () =>
    new EntraError({
      code: 50059,
      error: "invalid_request",
      message: "No tenant-identifying information found in either the request or implied by any provided credentials.",
    }),
  userNotInTenant: (upn: string, tenantName: string) =>
    new EntraError({
      code: 50020,
      error: "invalid_grant",
      message: `User account '${upn}' from identity provider does not exist in tenant '${tenantName}' and cannot access the application in that tenant.`,
    }),

  // --- redirect URIs ---------------------------------------------------------------------------------------------
  redirectUriMismatch: (redirectUri: string, clientId: string) =>
    new EntraError({
      code: 50011,
      error: "invalid_request",
      message: `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
    }),
  redirectUriDiffersFromCode: (sent: string, original: string) =>
    new EntraError({
      code: 500112,
      error: "invalid_client",
      message: `The reply address '${sent}' does not match the reply address '${original}' provided when requesting Authorization code.`,
    }),

  // --- client authentication -------------------------------------------------------------------------------------
  clientCredentialMissing: () =>
    new EntraError({ code: 7000218, error: "invalid_client", message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'." }),
  invalidClientSecret: (clientId: string) =>
    new EntraError({
      code: 7000215,
      error: "invalid_client",
      message: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    }),
  expiredClientSecret: (clientId: string) =>
    new EntraError({
      code: 7000222,
      error: "invalid_client",
      message: `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
    }),
  publicClientWithCredential: () =>
    new EntraError({ code: 700025, error: "invalid_client", message: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented." }),
  clientAssertionSignatureInvalid: () =>
    new EntraError({ code: 700027, error: "invalid_client", message: "Client assertion failed signature validation." }),
  clientAssertionInvalid: (reason: string) =>
    new EntraError({ code: 50027, error: "invalid_client", message: `JWT token is invalid or malformed. ${reason}` }), // (text ours after the first sentence)
  clientAssertionTimeRange: () =>
    new EntraError({ code: 700024, error: "invalid_client", message: "Client assertion is not within its valid time range." }),
  crossOriginOnlyForSpa: () =>
    new EntraError({ code: 9002326, error: "invalid_request", message: "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type." }),
  spaRequiresCrossOrigin: () =>
    new EntraError({ code: 9002327, error: "invalid_request", message: "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests." }),
  spaRequiresPkce: () =>
    new EntraError({ code: 9002325, error: "invalid_request", message: "Proof Key for Code Exchange is required for cross-origin authorization code redemption." }),

  // --- codes and grants ------------------------------------------------------------------------------------------
  // Refresh-token failures carry suberror "bad_token" (real 2021 capture of AADSTS50173 in Azure/azure-sdk-for-js
  // sdk/identity/identity/recordings/node/cae/recording_usernamepasswordcredential.js); MSAL then drops the token and
  // raises InteractionRequiredAuthError.
  codeAlreadyRedeemed: () =>
    new EntraError({
      code: 54005,
      error: "invalid_grant",
      message: "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
    }),
  codeExpired: () =>
    new EntraError({
      code: 70008,
      error: "invalid_grant",
      message: "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
    }),
  codeForOtherClient: () =>
    new EntraError({ code: 70000, error: "invalid_grant", message: "The provided value for the 'code' parameter is not valid. The code was not issued to this client." }), // (text ours after the first sentence)
  codeForOtherTenant: () =>
    new EntraError({
      code: 700005,
      error: "invalid_grant",
      message: "Provided Authorization Code is intended to use against other tenant, thus rejected.",
    }),
  pkceMismatch: () =>
    new EntraError({ code: 501481, error: "invalid_grant", message: "The Code_Verifier does not match the code_challenge supplied in the authorization request." }),
  refreshTokenForOtherClient: () =>
    new EntraError({ code: 70000, error: "invalid_grant", message: "The provided value for the 'refresh_token' is not valid. The token was not issued to this client." }), // (text ours after the first sentence)
  grantRevoked: (issuedAtMs: number, validFromMs: number) =>
    new EntraError({
      code: 50173,
      error: "invalid_grant",
      suberror: "bad_token",
      message: `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${dotNetRoundTrip(issuedAtMs)}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${dotNetRoundTrip(validFromMs)}'.`,
    }),
  grantExpiredOrRevoked: () =>
    new EntraError({
      code: 70008,
      error: "invalid_grant",
      suberror: "bad_token",
      message: "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
    }),
  refreshTokenInactive: (issuedAtMs: number) =>
    new EntraError({
      code: 700082,
      error: "invalid_grant",
      suberror: "bad_token",
      message: `The refresh token has expired due to inactivity. The token was issued on ${dotNetRoundTrip(issuedAtMs)} and was inactive for 90.00:00:00.`,
    }),
  spaRefreshTokenExpired: (issuedAtMs: number) =>
    new EntraError({
      code: 700084,
      error: "invalid_grant",
      suberror: "bad_token",
      message: `The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on ${dotNetRoundTrip(issuedAtMs)}.`,
    }),
  userDisabled: () =>
    new EntraError({
      code: 50057,
      error: "invalid_grant",
      suberror: "bad_token",
      message: "The user account is disabled.",
    }),

  // --- consent, scopes, MFA --------------------------------------------------------------------------------------
  consentRequired: (clientId: string, clientName: string) =>
    new EntraError({
      code: 65001,
      error: "invalid_grant",
      suberror: "consent_required",
      message: `The user or administrator has not consented to use the application with ID '${clientId}' named '${clientName}'. Send an interactive authorization request for this user and resource.`,
    }),
  consentRequiredSilent: (clientId: string, clientName: string) =>
    new EntraError({
      code: 65001,
      error: "consent_required",
      message: `The user or administrator has not consented to use the application with ID '${clientId}' named '${clientName}'. Send an interactive authorization request for this user and resource.`,
    }),
  userDeclinedConsent: () =>
    new EntraError({ code: 65004, error: "access_denied", errorSubcode: "cancel", message: "User declined to consent to access the app." }),
  invalidScope: (scope: string) =>
    new EntraError({ code: 70011, error: "invalid_scope", message: `The provided value for the input parameter 'scope' isn't valid. The scope ${scope} isn't valid.` }),
  scopeNotOnResource: (clientName: string, scope: string, resourceAppId: string) =>
    new EntraError({
      code: 650053,
      error: "invalid_client",
      status: 400,
      message: `The application '${clientName}' asked for scope '${scope}' that doesn't exist on the resource '${resourceAppId}'. Contact the app vendor.`,
    }),
  resourceNotFound: (resource: string, tenantName: string) =>
    new EntraError({
      code: 500011,
      error: "invalid_resource",
      message: `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    }),
  multipleResources: () =>
    new EntraError({ code: 700022, error: "invalid_scope", message: "The provided value for the input parameter scope is not valid because it contains more than one resource." }),
  clientCredentialsNeedDefaultScope: (scope: string) =>
    new EntraError({
      code: 1002012,
      error: "invalid_scope",
      message: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    }),
  mfaRequired: (resourceAppId: string) =>
    new EntraError({
      code: 50076,
      error: "invalid_grant",
      suberror: "basic_action",
      message: `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${resourceAppId}'.`,
    }),
  /** Claims challenge naming the (simulated) Conditional Access policy, like the real capture's `capolids`. */
  mfaRegistrationRequired: (policyId: string) =>
    new EntraError({
      code: 50079,
      error: "interaction_required",
      suberror: "basic_action",
      claims: JSON.stringify({ access_token: { capolids: { essential: true, values: [policyId] } } }),
      message: "The user is required to use multi-factor authentication.",
    }),
  mfaRequiredSilent: (resourceAppId: string) =>
    new EntraError({
      code: 50076,
      error: "interaction_required",
      message: `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${resourceAppId}'.`,
    }),
  loginRequired: () =>
    new EntraError({ code: 50058, error: "login_required", message: "A silent sign-in request was sent but no user is signed in." }),
  accountSelectionRequired: () =>
    new EntraError({
      code: 16000,
      error: "interaction_required",
      message: "Either multiple user identities are available for the current request or selected account is not supported for the scenario.", // (text ours)
    }),

  // --- availability ----------------------------------------------------------------------------------------------
  temporarilyUnavailable: () =>
    new EntraError({ code: 50033, error: "temporarily_unavailable", message: "A transient error has occurred. Please try again." }),
  serverError: () =>
    new EntraError({ code: 50000, error: "server_error", message: "There was an error issuing a token or an issue with our sign-in service." }),
  throttled: () =>
    new EntraError({ code: 90055, error: "temporarily_unavailable", status: 429, message: "There are too many incoming requests. Please try again later." }), // (text ours)
} as const;
