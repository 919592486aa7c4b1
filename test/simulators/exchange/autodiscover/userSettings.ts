/**
 * The per-user values Autodiscover reports (EWS URLs, display name, legacy DNs...). Online values follow Exchange
 * Online's patterns (/o=ExchangeLabs, mailbox-GUID@domain servers); on-premises values an Exchange 2019 organisation's.
 */
import type { Mailbox } from "../store/mailbox";
import { guidString } from "../store/ids";
import type { ServerVersionInfo, SimulatorMode } from "../versions";
import { supportedSchemas } from "../versions";

/** t:UserSettingName values (as the Autodiscover schema lists them); anything else is InvalidSetting. */
export const USER_SETTING_NAMES = new Set(
  (
    "UserDisplayName,UserDN,UserDeploymentId,InternalMailboxServer,InternalRpcClientServer,InternalMailboxServerDN,InternalEcpUrl,InternalEcpVoicemailUrl," +
    "InternalEcpEmailSubscriptionsUrl,InternalEcpTextMessagingUrl,InternalEcpDeliveryReportUrl,InternalEcpRetentionPolicyTagsUrl,InternalEcpPublishingUrl," +
    "InternalEcpPhotoUrl,InternalEcpConnectUrl,InternalEcpTeamMailboxUrl,InternalEcpTeamMailboxCreatingUrl,InternalEcpTeamMailboxEditingUrl," +
    "InternalEcpTeamMailboxHidingUrl,InternalEcpExtensionInstallationUrl,InternalEwsUrl,InternalEmwsUrl,InternalOABUrl,InternalPhotosUrl,InternalUMUrl," +
    "InternalWebClientUrls,MailboxDN,PublicFolderServer,ActiveDirectoryServer,ExternalMailboxServer,ExternalMailboxServerRequiresSSL," +
    "ExternalMailboxServerAuthenticationMethods,EcpVoicemailUrlFragment,EcpEmailSubscriptionsUrlFragment,EcpTextMessagingUrlFragment," +
    "EcpDeliveryReportUrlFragment,EcpRetentionPolicyTagsUrlFragment,EcpPublishingUrlFragment,EcpPhotoUrlFragment,EcpConnectUrlFragment," +
    "EcpTeamMailboxUrlFragment,EcpTeamMailboxCreatingUrlFragment,EcpTeamMailboxEditingUrlFragment,EcpExtensionInstallationUrlFragment,ExternalEcpUrl," +
    "ExternalEcpVoicemailUrl,ExternalEcpEmailSubscriptionsUrl,ExternalEcpTextMessagingUrl,ExternalEcpDeliveryReportUrl,ExternalEcpRetentionPolicyTagsUrl," +
    "ExternalEcpPublishingUrl,ExternalEcpPhotoUrl,ExternalEcpConnectUrl,ExternalEcpTeamMailboxUrl,ExternalEcpTeamMailboxCreatingUrl," +
    "ExternalEcpTeamMailboxEditingUrl,ExternalEcpTeamMailboxHidingUrl,ExternalEcpExtensionInstallationUrl,ExternalEwsUrl,ExternalEmwsUrl,ExternalOABUrl," +
    "ExternalPhotosUrl,ExternalUMUrl,ExternalWebClientUrls,CrossOrganizationSharingEnabled,AlternateMailboxes,CasVersion,EwsSupportedSchemas," +
    "InternalPop3Connections,ExternalPop3Connections,InternalImap4Connections,ExternalImap4Connections,InternalSmtpConnections,ExternalSmtpConnections," +
    "InternalServerExclusiveConnect,ExternalEwsVersion,MobileMailboxPolicy,DocumentSharingLocations,UserMSOnline,InternalMailboxServerAuthenticationMethods," +
    "MailboxVersion,SPMySiteHostURL,SiteMailboxCreationURL,InternalRpcHttpServer,InternalRpcHttpConnectivityRequiresSsl,InternalRpcHttpAuthenticationMethod," +
    "ExternalServerExclusiveConnect,ExchangeRpcUrl,ShowGalAsDefaultView,AutoDiscoverSMTPAddress,InteropExternalEwsUrl,InteropExternalEwsVersion," +
    "PublicFolderInformation,RedirectUrl,EwsPartnerUrl,CertPrincipalName,GroupingInformation,MapiHttpEnabled,InternalOutlookServiceUrl,ExternalOutlookServiceUrl"
  ).split(","),
);

export type AutodiscoverRedirect = { readonly redirectAddress: string } | { readonly redirectUrl: string };

export interface UserIdentity {
  readonly displayName: string;
  readonly legacyDn: string;
  readonly deploymentId: string;
  readonly mailboxServer: string;
  readonly mailboxServerDn: string;
  readonly mdbDn: string;
  readonly ewsUrl: string;
  readonly owaUrl: string;
}

export function userIdentity(mailbox: Mailbox, mode: SimulatorMode, baseUrl: string): UserIdentity {
  const alias = mailbox.smtp.split("@")[0] ?? mailbox.smtp;
  const guid = guidString(mailbox.guid);
  if (mode === "online") {
    const server = `${guid}@${mailbox.domain}`;
    const org = "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)";
    return {
      displayName: mailbox.displayName,
      legacyDn: `${org}/cn=Recipients/cn=${mailbox.guid.toString("hex")}-${alias}`,
      deploymentId: mailbox.orgId,
      mailboxServer: server,
      mailboxServerDn: `${org}/cn=Configuration/cn=Servers/cn=${server}`,
      mdbDn: `${org}/cn=Configuration/cn=Servers/cn=${server}/cn=Microsoft Private MDB`,
      ewsUrl: `${baseUrl}/EWS/Exchange.asmx`,
      owaUrl: `${baseUrl}/owa/`,
    };
  }
  const org = "/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)";
  const server = `EXCH01.${mailbox.domain}`;
  return {
    displayName: mailbox.displayName,
    legacyDn: `${org}/cn=Recipients/cn=${mailbox.guid.toString("hex").slice(0, 32)}-${alias}`,
    deploymentId: guidString(Buffer.from(mailbox.guid).reverse()),
    mailboxServer: server,
    mailboxServerDn: `${org}/cn=Configuration/cn=Servers/cn=EXCH01`,
    mdbDn: `${org}/cn=Configuration/cn=Servers/cn=EXCH01/cn=Microsoft Private MDB`,
    ewsUrl: `${baseUrl}/EWS/Exchange.asmx`,
    owaUrl: `${baseUrl}/owa/`,
  };
}

/** Value of one string-valued setting, or undefined when this deployment has no value (SettingIsNotAvailable). */
export function settingValue(name: string, mailbox: Mailbox, mode: SimulatorMode, server: ServerVersionInfo, baseUrl: string): string | undefined {
  const id = userIdentity(mailbox, mode, baseUrl);
  const host = new URL(baseUrl).host;
  switch (name) {
    case "UserDisplayName": return id.displayName;
    case "UserDN": return id.legacyDn;
    case "UserDeploymentId": return id.deploymentId;
    case "AutoDiscoverSMTPAddress": return mailbox.smtp;
    case "InternalMailboxServer": return id.mailboxServer;
    case "InternalMailboxServerDN": return id.mailboxServerDn;
    case "MailboxDN": return id.mdbDn;
    case "InternalEwsUrl":
    case "ExternalEwsUrl": return id.ewsUrl;
    case "ExternalMailboxServer": return host;
    case "ExternalMailboxServerRequiresSSL": return baseUrl.startsWith("https:") ? "True" : "False";
    case "CasVersion": return server.casVersion;
    case "EwsSupportedSchemas": return supportedSchemas(server);
    case "ExternalEwsVersion": return server.casVersion;
    case "GroupingInformation": return mode === "online" ? "NAMPR11" : "Default-First-Site-Name";
    case "UserMSOnline": return mode === "online" ? "True" : "False";
    case "ActiveDirectoryServer": return mode === "onprem" ? `dc01.${mailbox.domain}` : undefined;
    case "InternalRpcClientServer": return mode === "onprem" ? id.mailboxServer : undefined;
    case "MapiHttpEnabled": return "True";
    case "PublicFolderServer": return mode === "onprem" ? host.split(":")[0] : undefined;
    // ECP deep-link fragments, as the GetUserSettings sample shows them.
    case "EcpDeliveryReportUrlFragment": return "PersonalSettings/DeliveryReport.aspx?exsvurl=1&IsOWA=<IsOWA>&MsgID=<MsgID>&Mbx=<Mbx>";
    case "EcpTextMessagingUrlFragment": return "?p=sms/textmessaging.slab&exsvurl=1";
    case "EcpPublishingUrlFragment": return "customize/calendarpublishing.slab?exsvurl=1&FldID=<FldID>";
    case "InternalEcpUrl":
    case "ExternalEcpUrl": return `${baseUrl}/ecp/`;
    case "InternalOABUrl":
    case "ExternalOABUrl": return `${baseUrl}/OAB/${guidString(Buffer.from(mailbox.guid).reverse())}/`;
    default: return undefined;
  }
}

/** POX ServerVersion: 0x7 nibble, major (6 bits), minor (6 bits), a set bit, 15-bit build — e.g. 73C08204 for 15.0.516. */
export function poxServerVersion(server: ServerVersionInfo): string {
  const value = (0x70000000 | (server.majorVersion << 22) | (server.minorVersion << 16) | 0x8000 | (server.majorBuildNumber & 0x7fff)) >>> 0;
  return value.toString(16).toUpperCase().padStart(8, "0");
}
