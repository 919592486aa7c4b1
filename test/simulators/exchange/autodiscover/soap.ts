/**
 * SOAP Autodiscover (POST /autodiscover/autodiscover.svc), GetUserSettings. Errors come at three levels, as documented
 * ("Handling Autodiscover error messages"): Response/ErrorCode (bad request), UserResponse/ErrorCode (InvalidUser,
 * RedirectAddress, RedirectUrl) and UserSettingError (a setting without value). Envelope and ServerVersionInfo as in
 * the GetUserSettings sample, with the real http:// namespaces.
 */
import type { IncomingMessage } from "node:http";
import type { Authenticator } from "../auth/authenticate";
import type { EwsReply } from "../ews/pipeline";
import { rejectionReply, xmlReply } from "../ews/pipeline";
import type { Mailbox } from "../store/mailbox";
import type { MailboxStore } from "../store/mailboxStore";
import type { ServerVersionInfo, SimulatorMode } from "../versions";
import { NS } from "../xml/namespaces";
import type { Element } from "../xml/read";
import { XmlSyntaxError, child, children, parseXml, text } from "../xml/read";
import { XmlWriter } from "../xml/write";
import type { AutodiscoverRedirects } from "./redirects";
import { USER_SETTING_NAMES, settingValue } from "./userSettings";

export interface AutodiscoverDeps {
  readonly store: MailboxStore;
  readonly server: ServerVersionInfo;
  readonly mode: SimulatorMode;
  readonly authenticate: Authenticator;
  readonly redirects: AutodiscoverRedirects;
  readonly baseUrl: () => string;
}

const A = NS.autodiscoverSoap;
const ACTION = "http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettingsResponse";

export async function handleSoapAutodiscover(req: IncomingMessage, body: string, deps: AutodiscoverDeps): Promise<EwsReply> {
  const auth = await deps.authenticate(req);
  if (!auth.ok) return rejectionReply(auth.rejection);
  let request: Element | undefined;
  try {
    const doc = parseXml(body);
    const envelope = doc.documentElement as Element;
    const soapBody = envelope.namespaceURI === NS.soap ? child(envelope, NS.soap, "Body") : undefined;
    request = soapBody ? child(soapBody, A, "GetUserSettingsRequestMessage") : undefined;
  } catch (err) {
    if (!(err instanceof XmlSyntaxError)) throw err;
  }
  if (!request) return xmlReply(500, clientFault("The message could not be processed: it is not a GetUserSettings request."));
  const inner = child(request, A, "Request");
  const usersEl = inner ? child(inner, A, "Users") : undefined;
  const users = usersEl ? children(usersEl, A, "User").map((u) => text(child(u, A, "Mailbox") ?? u)) : [];
  const settingsEl = inner ? child(inner, A, "RequestedSettings") : undefined;
  const settings = settingsEl ? children(settingsEl, A, "Setting").map(text) : [];

  const orgId = auth.caller.kind === "account" ? auth.caller.account.orgId : auth.caller.tenantId;
  const w = envelopeStart(deps.server);
  w.open("GetUserSettingsResponseMessage", { xmlns: A });
  w.open("Response", { "xmlns:i": NS.xsi });
  if (users.length === 0 || settings.length === 0) {
    w.leaf("ErrorCode", "InvalidRequest").leaf("ErrorMessage", "Invalid request.");
    w.empty("UserResponses");
  } else {
    w.leaf("ErrorCode", "NoError").empty("ErrorMessage");
    w.open("UserResponses");
    for (const user of users) writeUserResponse(w, user, settings, orgId, deps);
    w.close("UserResponses");
  }
  w.close("Response").close("GetUserSettingsResponseMessage");
  w.close("s:Body").close("s:Envelope");
  return xmlReply(200, w.toString());
}

function envelopeStart(server: ServerVersionInfo): XmlWriter {
  const w = new XmlWriter().declaration();
  w.open("s:Envelope", { "xmlns:s": NS.soap, "xmlns:a": NS.wsa });
  w.open("s:Header");
  w.leaf("a:Action", ACTION, { "s:mustUnderstand": "1" });
  w.open("h:ServerVersionInfo", { "xmlns:h": A, "xmlns:i": NS.xsi });
  w.leaf("h:MajorVersion", server.majorVersion).leaf("h:MinorVersion", server.minorVersion);
  w.leaf("h:MajorBuildNumber", server.majorBuildNumber).leaf("h:MinorBuildNumber", server.minorBuildNumber);
  w.leaf("h:Version", server.autodiscoverVersion);
  w.close("h:ServerVersionInfo");
  w.close("s:Header");
  w.open("s:Body");
  return w;
}

function writeUserResponse(w: XmlWriter, address: string, settings: readonly string[], orgId: string, deps: AutodiscoverDeps): void {
  w.open("UserResponse");
  const redirect = deps.redirects.get(address);
  const mailbox: Mailbox | undefined = deps.store.mailbox(address);
  if (redirect) {
    const isAddress = "redirectAddress" in redirect;
    w.leaf("ErrorCode", isAddress ? "RedirectAddress" : "RedirectUrl");
    w.leaf("ErrorMessage", isAddress ? "Redirection address." : "Redirection URL.");
    w.leaf("RedirectTarget", isAddress ? redirect.redirectAddress : redirect.redirectUrl);
    w.empty("UserSettingErrors").empty("UserSettings");
  } else if (!mailbox || mailbox.orgId !== orgId) {
    w.leaf("ErrorCode", "InvalidUser");
    w.leaf("ErrorMessage", `Invalid user: '${address}'`);
    w.empty("RedirectTarget", { "i:nil": "true" });
    w.empty("UserSettingErrors").empty("UserSettings");
  } else {
    w.leaf("ErrorCode", "NoError").leaf("ErrorMessage", "No error.");
    w.empty("RedirectTarget", { "i:nil": "true" });
    const values: [string, string][] = [];
    const errors: [string, string, string][] = [];
    for (const name of settings) {
      if (!USER_SETTING_NAMES.has(name)) {
        errors.push([name, "InvalidSetting", `The requested setting '${name}' is invalid.`]);
        continue;
      }
      const value = settingValue(name, mailbox, deps.mode, deps.server, deps.baseUrl());
      if (value === undefined) errors.push([name, "SettingIsNotAvailable", `User setting '${name}' is not available. `]);
      else values.push([name, value]);
    }
    if (errors.length === 0) w.empty("UserSettingErrors");
    else {
      w.open("UserSettingErrors");
      for (const [name, code, message] of errors) {
        w.open("UserSettingError").leaf("ErrorCode", code).leaf("ErrorMessage", message).leaf("SettingName", name).close("UserSettingError");
      }
      w.close("UserSettingErrors");
    }
    if (values.length === 0) w.empty("UserSettings");
    else {
      w.open("UserSettings");
      for (const [name, value] of values) {
        w.open("UserSetting", { "i:type": "StringSetting" }).leaf("Name", name).leaf("Value", value).close("UserSetting");
      }
      w.close("UserSettings");
    }
  }
  w.close("UserResponse");
}

/** WCF's answer to a message it cannot dispatch. */
function clientFault(reason: string): string {
  const w = new XmlWriter().declaration();
  w.open("s:Envelope", { "xmlns:s": NS.soap }).open("s:Body").open("s:Fault");
  w.leaf("faultcode", "s:Client").leaf("faultstring", reason, { "xml:lang": "en-US" });
  w.close("s:Fault").close("s:Body").close("s:Envelope");
  return w.toString();
}
