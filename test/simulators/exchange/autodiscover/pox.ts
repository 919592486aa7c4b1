/**
 * POX Autodiscover (POST /autodiscover/autodiscover.xml, the Outlook provider). Request in the outlook/requestschema/2006
 * namespace; answers with Action settings / redirectAddr / redirectUrl, or an Error element (600 Invalid Request, 601
 * unsupported response schema) — structure per the documented samples, with the real http:// namespaces.
 */
import type { IncomingMessage } from "node:http";
import type { EwsReply } from "../ews/pipeline";
import { rejectionReply, xmlReply } from "../ews/pipeline";
import { NS } from "../xml/namespaces";
import type { Element } from "../xml/read";
import { XmlSyntaxError, child, parseXml, text } from "../xml/read";
import { XmlWriter } from "../xml/write";
import type { AutodiscoverDeps } from "./soap";
import { poxServerVersion, userIdentity } from "./userSettings";

let errorCounter = 0;

function errorResponse(code: number, message: string): string {
  const now = new Date();
  const w = new XmlWriter().declaration();
  w.open("Autodiscover", { xmlns: NS.poxResponse });
  w.open("Response", { xmlns: NS.poxResponse });
  w.open("Error", { Time: `${now.toISOString().slice(11, 23)}0000`, Id: String(1_000_000_000 + (++errorCounter % 1_000_000_000)) });
  w.leaf("ErrorCode", code).leaf("Message", message).empty("DebugData");
  w.close("Error").close("Response").close("Autodiscover");
  return w.toString();
}

export async function handlePoxAutodiscover(req: IncomingMessage, body: string, deps: AutodiscoverDeps): Promise<EwsReply> {
  const auth = await deps.authenticate(req);
  if (!auth.ok) return rejectionReply(auth.rejection);
  let request: Element | undefined;
  try {
    const root = parseXml(body).documentElement as Element;
    request = root.namespaceURI === NS.poxRequest && root.localName === "Autodiscover" ? child(root, NS.poxRequest, "Request") : undefined;
  } catch (err) {
    if (!(err instanceof XmlSyntaxError)) throw err;
  }
  const emailEl = request ? child(request, NS.poxRequest, "EMailAddress") : undefined;
  const schemaEl = request ? child(request, NS.poxRequest, "AcceptableResponseSchema") : undefined;
  if (!emailEl || !schemaEl) return xmlReply(200, errorResponse(600, "Invalid Request"));
  if (text(schemaEl) !== NS.poxOutlookResponse) return xmlReply(200, errorResponse(601, "Provider is not available"));
  const address = text(emailEl);

  const w = new XmlWriter().declaration();
  w.open("Autodiscover", { xmlns: NS.poxResponse });
  w.open("Response", { xmlns: NS.poxOutlookResponse });
  const redirect = deps.redirects.get(address);
  const orgId = auth.caller.kind === "account" ? auth.caller.account.orgId : auth.caller.tenantId;
  const mailbox = deps.store.mailbox(address);
  if (redirect) {
    w.open("Account");
    if ("redirectAddress" in redirect) w.leaf("Action", "redirectAddr").leaf("RedirectAddr", redirect.redirectAddress);
    else w.leaf("Action", "redirectUrl").leaf("RedirectUrl", redirect.redirectUrl);
    w.close("Account");
  } else if (!mailbox || mailbox.orgId !== orgId) {
    return xmlReply(200, errorResponse(500, "The email address can't be found."));
  } else {
    const id = userIdentity(mailbox, deps.mode, deps.baseUrl());
    const host = new URL(deps.baseUrl()).hostname;
    w.open("User");
    w.leaf("DisplayName", id.displayName).leaf("LegacyDN", id.legacyDn).leaf("AutoDiscoverSMTPAddress", mailbox.smtp).leaf("DeploymentId", id.deploymentId);
    w.close("User");
    w.open("Account");
    w.leaf("AccountType", "email").leaf("Action", "settings").leaf("MicrosoftOnline", deps.mode === "online" ? "True" : "False");
    w.open("Protocol");
    w.leaf("Type", "EXCH").leaf("Server", id.mailboxServer).leaf("ServerDN", id.mailboxServerDn).leaf("ServerVersion", poxServerVersion(deps.server));
    w.leaf("MdbDN", id.mdbDn);
    if (deps.mode === "onprem") w.leaf("PublicFolderServer", host).leaf("AD", `dc01.${mailbox.domain}`);
    w.leaf("ASUrl", id.ewsUrl).leaf("EwsUrl", id.ewsUrl).leaf("EmwsUrl", id.ewsUrl).leaf("EcpUrl", `${deps.baseUrl()}/ecp/`);
    w.leaf("OOFUrl", id.ewsUrl).leaf("OABUrl", `${deps.baseUrl()}/OAB/${mailbox.guid.toString("hex").slice(0, 8)}/`);
    w.leaf("ServerExclusiveConnect", "off");
    w.close("Protocol");
    // Outlook Anywhere (RPC over HTTP) endpoint.
    w.open("Protocol");
    w.leaf("Type", "EXPR").leaf("Server", host).leaf("SSL", deps.baseUrl().startsWith("https:") ? "On" : "Off");
    w.leaf("AuthPackage", deps.mode === "online" ? "Anonymous" : "Ntlm").leaf("ServerExclusiveConnect", "on").leaf("CertPrincipalName", "None");
    w.close("Protocol");
    w.open("Protocol");
    w.leaf("Type", "WEB").open("Internal");
    w.leaf("OWAUrl", id.owaUrl, { AuthenticationMethod: deps.mode === "online" ? "OAuth" : "Basic, Fba" });
    w.open("Protocol").leaf("Type", "EXCH").leaf("ASUrl", id.ewsUrl).close("Protocol");
    w.close("Internal").close("Protocol");
    w.close("Account");
  }
  w.close("Response").close("Autodiscover");
  return xmlReply(200, w.toString());
}
