import type * as Ews from "ews-javascript-api";
import type { ServerFence } from "../../net/userServers";
import { MailboxError } from "../mailboxError";
import { toMailboxError } from "./ewsErrors";
import { cappedAxiosOptions } from "./ewsTransport";

export interface AutodiscoverRequest {
  /** The mailbox whose EWS endpoint we want. */
  readonly email: string;
  /**
   * Where to ask: an Autodiscover URL (https://mail.contoso.com/autodiscover/autodiscover.svc) or a host name that the
   * library probes (https://<host>/autodiscover/...). Default: the address's domain, as Outlook does.
   */
  readonly at?: string;
  readonly username: string;
  readonly password: string;
  readonly authMethod: "ntlm" | "basic";
  readonly timeoutMs: number;
  /** The network rule for servers an admin names: every request the lookup makes (and its redirects) obeys it. */
  readonly fence: ServerFence;
}

/**
 * SOAP Autodiscover (GetUserSettings) for the EWS URL of an on-premises mailbox. The external URL wins over the
 * internal one because the sync server usually sits outside the customer's network.
 */
export async function discoverEwsUrl(r: AutodiscoverRequest): Promise<string> {
  try {
    return await discover(r, r.authMethod);
  } catch (err) {
    // @ewsjs/xhr's NTLM handshake works for EWS calls but not for the AutodiscoverService's endpoint probing, which
    // then reports "no appropriate endpoint". IIS offers Basic next to NTLM on most Exchange servers, so the lookup is
    // retried with Basic over TLS only (never in clear text); the EWS calls themselves keep the chosen method.
    const at = r.at?.trim() ?? "";
    if (r.authMethod !== "ntlm" || !(err instanceof MailboxError) || err.code !== "protocol" || /^http:\/\//i.test(at)) throw err;
    return discover(r, "basic");
  }
}

async function discover(r: AutodiscoverRequest, authMethod: "ntlm" | "basic"): Promise<string> {
  // Loaded on first use: only an admin adding a service account needs them, and they cost about 80 MB of memory.
  const { AutodiscoverErrorCode, AutodiscoverService, ExchangeVersion, ServiceError, Uri, UserSettingName, WebCredentials }: typeof Ews = await import("ews-javascript-api");
  const { XhrApi } = await import("@ewsjs/xhr");
  const at = r.at?.trim() || r.email.split("@")[1] || "";
  if (!at) throw new MailboxError("protocol", `cannot tell where to run Autodiscover for "${r.email}"; give the EWS URL`);
  const service = /^https?:\/\//i.test(at) ? new AutodiscoverService(new Uri(at), ExchangeVersion.Exchange2013_SP1) : new AutodiscoverService(at, ExchangeVersion.Exchange2013_SP1);
  const xhr = new XhrApi({ timeout: r.timeoutMs, ...cappedAxiosOptions(r.fence) });
  if (authMethod === "ntlm") xhr.useNtlmAuthentication(r.username, r.password);
  service.XHRApi = httpsOnly(xhr);
  service.Credentials = new WebCredentials(r.username, r.password);
  // Only follow redirects within the same answer chain the library validates; we never trust an HTTP redirect blindly.
  service.RedirectionUrlValidationCallback = (url: string) => url.toLowerCase().startsWith("https://");
  let response;
  try {
    response = await service.GetUserSettings(r.email, [UserSettingName.ExternalEwsUrl, UserSettingName.InternalEwsUrl]);
  } catch (err) {
    const e = toMailboxError(err, ServiceError as unknown as Record<number, string>);
    throw e.code === "protocol" ? new MailboxError("protocol", `Autodiscover at ${at} did not answer: ${e.message}; give the EWS URL instead`, { raw: e.options.raw }) : e;
  }
  if (response.ErrorCode === AutodiscoverErrorCode.InvalidUser) throw new MailboxError("mailbox_not_found", `Autodiscover knows no mailbox ${r.email}`);
  if (response.ErrorCode !== AutodiscoverErrorCode.NoError) {
    throw new MailboxError("protocol", `Autodiscover answered ${AutodiscoverErrorCode[response.ErrorCode]}: ${response.ErrorMessage}`);
  }
  const url = response.Settings.get(UserSettingName.ExternalEwsUrl) ?? response.Settings.get(UserSettingName.InternalEwsUrl);
  if (typeof url !== "string" || !url) throw new MailboxError("protocol", `Autodiscover returned no EWS URL for ${r.email}; give the EWS URL`);
  return url;
}

/**
 * The library also probes plain-http URLs (the Autodiscover redirect GET) and follows the redirects servers give: every
 * request it makes goes through here, and only https ones leave.
 */
function httpsOnly(xhr: Ews.IXHRApi): Ews.IXHRApi {
  const refuse = (url: string) => Promise.reject(Object.assign(new Error(`refused a non-https Autodiscover request to ${url}`), { code: "EADDRFENCED" }));
  return {
    apiName: xhr.apiName,
    xhr: (o, progress) => (/^https:\/\//i.test(o.url ?? "") ? xhr.xhr(o, progress) : refuse(String(o.url))),
    xhrStream: (o, progress) => (/^https:\/\//i.test(o.url ?? "") ? xhr.xhrStream(o, progress) : refuse(String(o.url))),
    disconnect: () => xhr.disconnect(),
  };
}
