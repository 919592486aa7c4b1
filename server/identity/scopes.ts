import type { MicrosoftConfig } from "../config";
import type { Provider } from "../domain/mailboxStatus";

/**
 * The delegated permissions a rep consents to when connecting, per provider. offline_access yields the refresh token
 * that background sync lives on; openid email profile tell us who signed in.
 */
export const signInScopes = ["offline_access", "openid", "email", "profile"] as const;

export function mailboxScopes(ms: MicrosoftConfig, provider: Provider): string[] {
  return provider === "ews"
    ? [`${ms.ewsResource}/EWS.AccessAsUser.All`]
    : [`${ms.graphResource}/Mail.Read`, `${ms.graphResource}/Calendars.Read`, `${ms.graphResource}/User.Read`];
}

/** App-only (client credentials) scope of a resource: "{resource}/.default", granted by the tenant admin's consent. */
export function appOnlyScope(ms: MicrosoftConfig, provider: Provider): string {
  return `${provider === "ews" ? ms.ewsResource : ms.graphResource}/.default`;
}

/** The scope the sidebar and console request for calling this server's API. */
export const apiScopeName = "access_as_user";
