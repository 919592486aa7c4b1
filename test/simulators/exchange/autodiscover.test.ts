/**
 * Autodiscover as ews-javascript-api uses it: GetUserSettings against a known URL, and the discovery path that first
 * probes GET /autodiscover/autodiscover.xml unauthenticated for the X-SOAP-Enabled family of headers. Plus the
 * documented error levels (InvalidUser, RedirectAddress / RedirectUrl, setting errors) and authentication.
 */
import type { ExchangeSimulator } from "./index";
import { startExchangeSimulator } from "./index";
import { ews, useXhr } from "./testing/ewsClient";
import { basic, bearer, post } from "./testing/rawSoap";
import type { TokenIssuer } from "./testing/tokenIssuer";
import { startTokenIssuer } from "./testing/tokenIssuer";

const TENANT = "5d4c3b2a-1f0e-4d9c-8b7a-6e5f4d3c2b1a";
const ALICE = "alice@contoso.com";

let issuer: TokenIssuer;
let online: ExchangeSimulator;
let onprem: ExchangeSimulator;
let token: string;

beforeAll(async () => {
  issuer = await startTokenIssuer();
  online = await startExchangeSimulator({ mode: "online", trust: { jwksUri: issuer.jwksUri } });
  online.control.createTenant({ tenantId: TENANT, domains: ["contoso.com"] });
  online.control.createMailbox({ smtp: ALICE, displayName: "Alice Archer", tenantId: TENANT });
  token = await issuer.delegated(ALICE, { tenantId: TENANT });
  onprem = await startExchangeSimulator({ mode: "onprem" });
  onprem.control.createMailbox({ smtp: ALICE, displayName: "Alice Archer", account: { domain: "CONTOSO", username: "alice", password: "pw1" } });
  useXhr();
});

afterAll(async () => {
  await online?.close();
  await onprem?.close();
  await issuer?.close();
});

const SETTINGS = [ews.UserSettingName.ExternalEwsUrl, ews.UserSettingName.InternalEwsUrl, ews.UserSettingName.UserDisplayName, ews.UserSettingName.UserDN, ews.UserSettingName.CasVersion];

describe("GetUserSettings through ews-javascript-api", () => {
  it("returns the EWS URL and user data with a bearer token (Exchange Online)", async () => {
    const service = new ews.AutodiscoverService(new ews.Uri(online.autodiscoverUrl), ews.ExchangeVersion.Exchange2013_SP1);
    service.Credentials = new ews.OAuthCredentials(token);
    const response = await service.GetUserSettings(ALICE, SETTINGS);
    expect(response.ErrorCode).toBe(ews.AutodiscoverErrorCode.NoError);
    expect(response.Settings.get(ews.UserSettingName.ExternalEwsUrl)).toBe(online.ewsUrl);
    expect(response.Settings.get(ews.UserSettingName.InternalEwsUrl)).toBe(online.ewsUrl);
    expect(response.Settings.get(ews.UserSettingName.UserDisplayName)).toBe("Alice Archer");
    expect(response.Settings.get(ews.UserSettingName.UserDN)).toMatch(/^\/o=ExchangeLabs\/ou=Exchange Administrative Group \(FYDIBOHF23SPDLT\)\/cn=Recipients\/cn=/);
    expect(response.Settings.get(ews.UserSettingName.CasVersion)).toMatch(/^15\.20\./);
  });

  it("discovers the endpoint by probing the host, then asks with Basic (on-premises)", async () => {
    const host = new URL(onprem.url).host;
    const service = new ews.AutodiscoverService(host, ews.ExchangeVersion.Exchange2013_SP1);
    service.Credentials = new ews.WebCredentials("CONTOSO\\alice", "pw1");
    const response = await service.GetUserSettings(ALICE, SETTINGS);
    expect(response.ErrorCode).toBe(ews.AutodiscoverErrorCode.NoError);
    expect(response.Settings.get(ews.UserSettingName.ExternalEwsUrl)).toBe(onprem.ewsUrl);
    expect(service.Url?.ToString()).toBe(onprem.autodiscoverUrl);
  });

  it("reports an unknown user as InvalidUser and a redirected one as RedirectAddress / RedirectUrl", async () => {
    const service = new ews.AutodiscoverService(new ews.Uri(online.autodiscoverUrl), ews.ExchangeVersion.Exchange2013_SP1);
    service.Credentials = new ews.OAuthCredentials(token);
    service.RedirectionUrlValidationCallback = () => false;
    const unknown = await service.GetUserSettings("nobody@contoso.com", SETTINGS);
    expect(unknown.ErrorCode).toBe(ews.AutodiscoverErrorCode.InvalidUser);

    online.control.setAutodiscoverRedirect({ address: "moved@contoso.com", redirectAddress: "moved@cloud.contoso.com" });
    online.control.setAutodiscoverRedirect({ address: "elsewhere@contoso.com", redirectUrl: "https://autodiscover.example.net/autodiscover/autodiscover.svc" });
    const raw = await post(
      online.autodiscoverUrl,
      `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:a="http://schemas.microsoft.com/exchange/2010/Autodiscover"><soap:Body><a:GetUserSettingsRequestMessage><a:Request><a:Users><a:User><a:Mailbox>moved@contoso.com</a:Mailbox></a:User><a:User><a:Mailbox>elsewhere@contoso.com</a:Mailbox></a:User></a:Users><a:RequestedSettings><a:Setting>ExternalEwsUrl</a:Setting></a:RequestedSettings></a:Request></a:GetUserSettingsRequestMessage></soap:Body></soap:Envelope>`,
      bearer(token),
    );
    expect(raw.text).toContain("<ErrorCode>RedirectAddress</ErrorCode><ErrorMessage>Redirection address.</ErrorMessage><RedirectTarget>moved@cloud.contoso.com</RedirectTarget>");
    expect(raw.text).toContain("<ErrorCode>RedirectUrl</ErrorCode><ErrorMessage>Redirection URL.</ErrorMessage><RedirectTarget>https://autodiscover.example.net/autodiscover/autodiscover.svc</RedirectTarget>");
  });

  it("puts settings without a value into UserSettingErrors", async () => {
    const service = new ews.AutodiscoverService(new ews.Uri(online.autodiscoverUrl), ews.ExchangeVersion.Exchange2013_SP1);
    service.Credentials = new ews.OAuthCredentials(token);
    const response = await service.GetUserSettings(ALICE, [ews.UserSettingName.ExternalEwsUrl, ews.UserSettingName.ActiveDirectoryServer]);
    expect(response.Settings.get(ews.UserSettingName.ExternalEwsUrl)).toBe(online.ewsUrl);
    expect(response.UserSettingErrors.map((e) => [e.SettingName, e.ErrorCode])).toEqual([["ActiveDirectoryServer", ews.AutodiscoverErrorCode.SettingIsNotAvailable]]);
  });
});

describe("the unauthenticated probe and authentication", () => {
  it("GET /autodiscover/autodiscover.xml answers 401 advertising the SOAP, WS-Security and OAuth endpoints", async () => {
    for (const sim of [online, onprem]) {
      const res = await fetch(`${sim.url}/autodiscover/autodiscover.xml`);
      expect(res.status).toBe(401);
      expect(res.headers.get("x-soap-enabled")).toBe("True");
      expect(res.headers.get("x-wssecurity-enabled")).toBe("True");
      expect(res.headers.get("x-oauth-enabled")).toBe("True");
      expect(res.headers.get("www-authenticate")).toBeTruthy();
    }
  });

  it("requires authentication like EWS does", async () => {
    const body = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body/></soap:Envelope>`;
    expect((await post(online.autodiscoverUrl, body, {})).status).toBe(401);
    expect((await post(online.autodiscoverUrl, body, bearer(await issuer.forged(ALICE, { tenantId: TENANT })))).status).toBe(401);
    expect((await post(onprem.autodiscoverUrl, body, basic("CONTOSO\\alice", "wrong"))).status).toBe(401);
  });

  it("POX answers settings with the EWS URL for the user", async () => {
    const reply = await post(
      `${online.url}/autodiscover/autodiscover.xml`,
      `<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"><Request><EMailAddress>${ALICE}</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>`,
      bearer(token),
    );
    expect(reply.text).toContain("<Action>settings</Action>");
    expect(reply.text).toContain(`<EwsUrl>${online.ewsUrl}</EwsUrl>`);
    expect(reply.text).toContain("<MicrosoftOnline>True</MicrosoftOnline>");
  });
});
