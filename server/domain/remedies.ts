import type { AttentionReason } from "./mailboxStatus";

/** Who has to act for a mailbox in attention to sync again. */
export type Actor = "user" | "tenant_admin" | "operator" | "support";

export interface Remedy {
  /** A few words, shown as the heading in the sidebar and the console. */
  readonly title: string;
  /** For the sales rep, in plain words: what happened and what to do. */
  readonly forUser: string;
  /** For support staff: the likely cause and the fix. */
  readonly forSupport: string;
  readonly actor: Actor;
}

export const remedies: Readonly<Record<AttentionReason, Remedy>> = {
  reconnect_required: {
    title: "Reconnect your mailbox",
    forUser:
      "Sync lost access to your mailbox: your password was reset, access was revoked, or it went unused for 90 days. Choose Reconnect and sign in again; nothing is lost, sync resumes where it stopped.",
    forSupport:
      "The refresh token was rejected (AADSTS700082 inactive 90 days, 50173/70008 revoked or password reset, or MFA/sign-in frequency needs an interactive sign-in). Only the user can fix it: ask them to open the sidebar and choose Reconnect.",
    actor: "user",
  },
  moved_to_online: {
    title: "Your mailbox moved to Microsoft 365",
    forUser:
      "Your mailbox moved from your company's Exchange server to Exchange Online (Microsoft 365). Choose Reconnect and sign in with Microsoft; sync resumes where it stopped and logs nothing twice. Your Exchange password is no longer kept.",
    forSupport:
      "Hybrid migration: the on-premises EWS answered that the mailbox is gone or moving, and Autodiscover now points to Exchange Online. The stored on-premises login and password were deleted (audit: mailbox.relocated). Exchange Online needs the rep's own Microsoft sign-in: ask them to choose Reconnect in the sidebar.",
    actor: "user",
  },
  consent_required: {
    title: "Allow access again",
    forUser: "Sync needs your permission to read your mail and calendar again. Choose Reconnect and accept the permissions.",
    forSupport: "AADSTS65001: the user's consent for the requested scopes no longer exists (removed in My Apps, or new scopes). The user reconnects, or a tenant admin grants consent for everyone.",
    actor: "user",
  },
  admin_approval_required: {
    title: "Need admin approval",
    forUser:
      "Your organisation lets only administrators allow apps to read mailboxes. Copy the approval link below and send it to your IT administrator. When they have approved, choose Set up sync again.",
    forSupport:
      "AADSTS90094/90095: user consent is disabled in this tenant. A Global Administrator or Privileged Role Administrator opens the admin-consent link (also on the console's tenant page) and accepts.",
    actor: "tenant_admin",
  },
  ews_blocked: {
    title: "Your organisation blocks this connection",
    forUser:
      "Your organisation has switched off Exchange Web Services, which this mailbox uses. Your administrator can allow CRM Sync, or support can move your mailbox to Microsoft Graph.",
    forSupport:
      "Exchange Online answered 403: EWS is disabled for the tenant or user (EWSEnabled False) or the app is not in EwsAllowedAppIDs. EWS in Exchange Online ends on 1 April 2027: move the mailbox to the Graph provider (needs Graph consent), or the tenant admin allow-lists the app until then.",
    actor: "support",
  },
  move_to_graph: {
    title: "Reconnect for Microsoft Graph",
    forUser:
      "Your organisation has switched off Exchange Web Services, so sync moves your mailbox to Microsoft Graph. Choose Reconnect and accept the permissions to read your mail and calendar through Graph; sync resumes where it stopped and logs nothing twice.",
    forSupport:
      "EWS answered 'blocked' for this delegated mailbox (EWSEnabled False or the app not in EwsAllowedAppIDs). Its provider is now Microsoft Graph; only the rep can grant the delegated Graph scopes (Mail.Read, Calendars.Read, User.Read): ask them to choose Reconnect in the sidebar.",
    actor: "user",
  },
  access_policy_denied: {
    title: "Your organisation's access policy excludes this mailbox",
    forUser: "Your administrator limits which mailboxes this app may read, and yours is not among them. Nothing to do on your side: your administrator has been told.",
    forSupport:
      "Microsoft Graph answered 403 ErrorAccessDenied \"Access to OData is disabled.\": an Application Access Policy or RBAC for Applications scope excludes the mailbox. The tenant admin adds it in Exchange Online PowerShell, e.g. Add-DistributionGroupMember -Identity <the policy's group> -Member <mailbox> (check with Test-ApplicationAccessPolicy -Identity <mailbox> -AppId <our app id>), or for RBAC for Applications widens the management scope (New-ManagementScope / New-ManagementRoleAssignment -App <our app id> -Role \"Application Mail.Read\" -CustomResourceScope <scope>; check with Test-ServicePrincipalAuthorization). Changes can take over an hour to reach Graph.",
    actor: "tenant_admin",
  },
  mailbox_not_on_graph: {
    title: "This mailbox cannot be read through Microsoft Graph",
    forUser: "Microsoft Graph cannot open your mailbox: it is inactive or deleted, or it is kept on your organisation's own Exchange server. Your administrator has been told.",
    forSupport:
      "Graph answered 404 MailboxNotEnabledForRESTAPI (\"the mailbox is either inactive, soft-deleted, or is hosted on-premise\"). Inactive or soft-deleted: the user left or lost their Exchange Online licence; restore the licence or deactivate the mailbox. On-premises (hybrid): Graph cannot reach it; move the mailbox to the EWS transport with an on-premises service account.",
    actor: "tenant_admin",
  },
  mailbox_not_found: {
    title: "Mailbox not found",
    forUser: "Exchange has no mailbox at this address. If your address changed, disconnect and set up sync again.",
    forSupport: "ErrorNonExistentMailbox: the SMTP address has no mailbox (typo in a mass-activation row, user left, or the mailbox moved on-premises). Fix the address or deactivate.",
    actor: "support",
  },
  impersonation_denied: {
    title: "Service account may not open this mailbox",
    forUser: "Your administrator manages sync for your mailbox and its service account cannot open it yet. Nothing to do on your side: your administrator has been told.",
    forSupport:
      "ErrorImpersonateUserDenied: the service account lacks the ApplicationImpersonation role for this mailbox (on-premises: New-ManagementRoleAssignment -Role ApplicationImpersonation, check its management scope; Exchange Online: the app's Application Access Policy / RBAC for Applications scope excludes it).",
    actor: "tenant_admin",
  },
  service_account_rejected: {
    title: "The service account's sign-in was refused",
    forUser: "Your administrator manages sync for your mailbox and Exchange refused its service account's sign-in. Nothing to do on your side: your administrator has been told.",
    forSupport:
      "Exchange answered 401 to the on-premises impersonation service account: its password was changed or expired, or the account is locked or disabled in Active Directory. An admin enters the new password under Service accounts in the console; every mailbox it serves then syncs again.",
    actor: "tenant_admin",
  },
  license_blocked: {
    title: "Your licence does not include this access",
    forUser: "Your Microsoft 365 licence (for example a Frontline F1/F3 or Kiosk plan) does not allow this kind of mailbox access. Ask your administrator about your licence.",
    forSupport: "Exchange Online answered 403 for the licence: Kiosk/F1/F3-only mailboxes are blocked from EWS since 30 June 2026. Assign a licence with EWS/Graph access, or exclude the user.",
    actor: "tenant_admin",
  },
  crm_rejected: {
    title: "The CRM refused these activities",
    forUser: "Salesforce refused to save activities from your mailbox. Your administrator has been told; sync keeps your place and logs them once it is fixed.",
    forSupport: "Salesforce answered with a persistent error (the raw error is below): missing field permission, validation rule, or the integration user lost access. Fix it in Salesforce, then retry.",
    actor: "support",
  },
  server_misconfigured: {
    title: "Sync is being fixed",
    forUser: "Sync is paused by a configuration problem on our side. You do not need to do anything; it resumes when it is fixed.",
    forSupport:
      "The server's own credentials were refused (AADSTS7000215 invalid client secret, 7000222 expired secret, 700016 app not found). Operators: renew ENTRA_CLIENT_SECRET and restart; mailboxes resume without users doing anything.",
    actor: "operator",
  },
  unknown: {
    title: "Sync stopped",
    forUser: "Sync stopped with an unexpected error. Support has the details; you can try Sync now.",
    forSupport: "An error with no known remedy: the raw error is kept below. Retry; if it persists, escalate with the raw error.",
    actor: "support",
  },
};
