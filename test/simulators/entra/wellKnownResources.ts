import type { AppRole, Application, DelegatedPermission } from "./directoryTypes";
import { newGuid } from "./ids";

/**
 * Microsoft's first-party APIs that every tenant has a service principal for. App ids are the real, documented ones
 * (Graph 00000003-0000-0000-c000-000000000000, Exchange Online 00000002-0000-0ff1-ce00-000000000000); both accept v1.0
 * access tokens, which is why their tokens carry `appid`/`upn`/`unique_name` and an sts.windows.net-style issuer.
 */

/** Microsoft Services tenant, the home of first-party applications. */
export const microsoftServicesTenantId = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
export const graphAppId = "00000003-0000-0000-c000-000000000000";
export const exchangeAppId = "00000002-0000-0ff1-ce00-000000000000";

/** The four OpenID Connect scopes are Graph delegated permissions on the v2.0 endpoint. */
export const oidcScopes = ["openid", "profile", "email", "offline_access"] as const;
export type OidcScope = (typeof oidcScopes)[number];

function scope(value: string, adminConsentRequired: boolean, userText: string, adminText: string = userText): DelegatedPermission {
  return { id: newGuid(), value, adminConsentRequired, userConsentDisplayName: userText, adminConsentDisplayName: adminText };
}

function appRole(value: string, displayName: string, description: string): AppRole {
  return { id: newGuid(), value, displayName, description, allowedMemberTypes: ["Application"] };
}

export function microsoftGraph(): Application {
  return {
    appId: graphAppId,
    objectId: newGuid(),
    displayName: "Microsoft Graph",
    homeTenantId: microsoftServicesTenantId,
    signInAudience: "AzureADMultipleOrgs",
    redirectUris: { web: [], spa: [], publicClient: [] },
    secrets: [],
    certificates: [],
    identifierUris: ["https://graph.microsoft.com"],
    delegatedPermissions: [
      scope("openid", false, "Sign you in", "Sign users in"),
      scope("profile", false, "View your basic profile", "View users' basic profile"),
      scope("email", false, "View your email address", "View users' email address"),
      scope("offline_access", false, "Maintain access to data you have given it access to"),
      scope("User.Read", false, "Sign you in and read your profile", "Sign in and read user profile"),
      scope("User.ReadBasic.All", false, "Read all users' basic profiles"),
      scope("User.Read.All", true, "Read all users' full profiles"),
      scope("Mail.Read", false, "Read your mail", "Read user mail"),
      scope("Mail.ReadBasic", false, "Read your basic mail", "Read user basic mail"),
      scope("Mail.ReadWrite", false, "Read and write access to your mail", "Read and write access to user mail"),
      scope("Mail.Send", false, "Send mail as you", "Send mail as a user"),
      scope("MailboxSettings.Read", false, "Read your mailbox settings", "Read user mailbox settings"),
      scope("Calendars.Read", false, "Read your calendars", "Read user calendars"),
      scope("Calendars.ReadWrite", false, "Have full access to your calendars", "Have full access to user calendars"),
      scope("Contacts.Read", false, "Read your contacts", "Read user contacts"),
      scope("Directory.Read.All", true, "Read directory data"),
    ],
    appRoles: [
      appRole("Mail.Read", "Read mail in all mailboxes", "Allows the app to read mail in all mailboxes without a signed-in user."),
      appRole("Mail.ReadBasic.All", "Read basic mail in all mailboxes", "Allows the app to read basic mail properties in all mailboxes without a signed-in user."),
      appRole("Mail.ReadWrite", "Read and write mail in all mailboxes", "Allows the app to create, read, update, and delete mail in all mailboxes without a signed-in user."),
      appRole("Calendars.Read", "Read calendars in all mailboxes", "Allows the app to read events of all calendars without a signed-in user."),
      appRole("User.Read.All", "Read all users' full profiles", "Allows the app to read user profiles without a signed in user."),
    ],
    accessTokenAcceptedVersion: 1,
    requiredResourceAccess: [],
    firstParty: true,
  };
}

export function exchangeOnline(): Application {
  return {
    appId: exchangeAppId,
    objectId: newGuid(),
    displayName: "Office 365 Exchange Online",
    homeTenantId: microsoftServicesTenantId,
    signInAudience: "AzureADMultipleOrgs",
    redirectUris: { web: [], spa: [], publicClient: [] },
    secrets: [],
    certificates: [],
    identifierUris: ["https://outlook.office365.com", "https://outlook.office.com"],
    delegatedPermissions: [
      scope(
        "EWS.AccessAsUser.All",
        false,
        "Access your mailboxes",
        "Access mailboxes as the signed-in user via Exchange Web Services",
      ),
    ],
    appRoles: [
      appRole(
        "full_access_as_app",
        "Use Exchange Web Services with full access to all mailboxes",
        "Allows the app to have full access via Exchange Web Services to all mailboxes without a signed-in user.",
      ),
    ],
    accessTokenAcceptedVersion: 1,
    requiredResourceAccess: [],
    firstParty: true,
  };
}
