import type { Request } from "express";
import { aadsts } from "./aadsts";
import { authenticateConfidentialClient, type PresentedCredential } from "./clientAuth";
import type { EntraContext } from "./context";
import type { Application, RedirectPlatform, User } from "./directoryTypes";
import { derivedGuid } from "./ids";
import type { ClientAuthMethod } from "./tokens";

/**
 * Checks shared by the authorization-code and refresh-token grants.
 */

/**
 * Who may redeem what, by the redirect platform the grant came from (v2-oauth2-auth-code-flow.md "Redirect URIs for
 * single-page apps"): SPA grants only cross-origin (Origin header) and without a secret; web grants only with client
 * credentials and never with an Origin header; native (public client) grants without credentials.
 */
export async function authenticateForPlatform(
  ctx: EntraContext,
  req: Request,
  client: Application,
  platform: RedirectPlatform,
  credential: PresentedCredential,
  tokenEndpointAudiences: readonly string[],
): Promise<ClientAuthMethod> {
  const crossOrigin = req.get("origin") !== undefined;
  if (platform === "spa") {
    if (!crossOrigin) throw aadsts.spaRequiresCrossOrigin();
    if (credential.kind !== "none") throw aadsts.publicClientWithCredential();
    return 0;
  }
  if (crossOrigin) throw aadsts.crossOriginOnlyForSpa();
  if (platform === "publicClient" && credential.kind === "none") return 0;
  return authenticateConfidentialClient(ctx, client, credential, tokenEndpointAudiences);
}

/**
 * Is the user's grant still good? Disabled accounts, revocation (revoke sessions, admin password reset; a user's own
 * password change only for public clients), and an MFA requirement the sign-in did not satisfy.
 */
export function assertGrantStillValid(
  user: User | undefined,
  grant: { readonly seq: number; readonly issuedMs: number; readonly mfa: boolean; readonly platform: RedirectPlatform },
  resourceAppId: string,
): asserts user is User {
  if (!user) throw aadsts.grantExpiredOrRevoked();
  if (!user.accountEnabled) throw aadsts.userDisabled();
  const revoked = user.allTokensValidFrom;
  if (revoked && grant.seq < revoked.seq) {
    throw revoked.surfaceAs === 50173 ? aadsts.grantRevoked(grant.issuedMs, revoked.atMs) : aadsts.grantExpiredOrRevoked();
  }
  const passwordChanged = user.publicClientTokensValidFrom;
  if (grant.platform !== "web" && passwordChanged && grant.seq < passwordChanged.seq) {
    throw aadsts.grantRevoked(grant.issuedMs, passwordChanged.atMs);
  }
  if (user.mfaRequired && !grant.mfa) {
    throw user.mfaRegistered ? aadsts.mfaRequired(resourceAppId) : aadsts.mfaRegistrationRequired(derivedGuid("capolicy", user.tenantId, "require-mfa"));
  }
}
