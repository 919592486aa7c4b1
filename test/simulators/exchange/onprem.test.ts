/**
 * Exchange Server 2019 on-premises mode: Basic and NTLM logons against simulated AD accounts, ApplicationImpersonation
 * (all mailboxes or a scoped list), plain-HTTP deployments, and the faults impersonation produces.
 */
import type { ExchangeSimulator } from "./index";
import { startExchangeSimulator } from "./index";
import { basicService, ews, syncAll, useXhr } from "./testing/ewsClient";
import { NS_M, basic, envelope, post, textOf } from "./testing/rawSoap";

const SVC = "CONTOSO\\svc-sync";
const SCOPED = "CONTOSO\\svc-scoped";
const NOIMP = "svc-plain@contoso.com";
const ALICE = "alice@contoso.com";
const BOB = "bob@contoso.com";

async function setup(sim: ExchangeSimulator): Promise<void> {
  const c = sim.control;
  c.createMailbox({ smtp: ALICE, displayName: "Alice Archer", account: { domain: "CONTOSO", username: "alice", password: "Alice#1" } });
  c.createMailbox({ smtp: BOB, displayName: "Bob Baker", account: { domain: "CONTOSO", username: "bob", password: "Bob#1" } });
  c.seedMailbox(ALICE, { seed: 11, messages: 300, events: 20 });
  c.seedMailbox(BOB, { seed: 12, messages: 40, events: 4 });
  c.addAccount({ domain: "CONTOSO", username: "svc-sync", password: "Svc#1", org: "contoso.com", impersonation: "all" });
  c.addAccount({ domain: "CONTOSO", username: "svc-scoped", password: "Svc#2", org: "contoso.com", impersonation: { mailboxes: [ALICE] } });
  c.addAccount({ domain: "CONTOSO", username: "svc-plain", upn: NOIMP, password: "Svc#3", org: "contoso.com" });
}

const sync = (service: ews.ExchangeService) =>
  service.SyncFolderItems(new ews.FolderId(ews.WellKnownFolderName.Inbox), ews.PropertySet.IdOnly, [], 512, ews.SyncFolderItemsScope.NormalItems, "");

function impersonate(service: ews.ExchangeService, smtp: string): ews.ExchangeService {
  service.ImpersonatedUserId = new ews.ImpersonatedUserId(ews.ConnectingIdType.SmtpAddress, smtp);
  return service;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to fail");
}

describe("on-premises over plain HTTP with Basic", () => {
  let sim: ExchangeSimulator;
  beforeAll(async () => {
    sim = await startExchangeSimulator({ mode: "onprem", protocol: "http" });
    await setup(sim);
    useXhr();
  });
  afterAll(() => sim?.close());

  it("announces Exchange 2019 and refuses a schema version newer than the server", async () => {
    const ok = await post(sim.ewsUrl, envelope('<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>'), basic("CONTOSO\\alice", "Alice#1"));
    expect(sim.url.startsWith("http://")).toBe(true);
    expect(ok.text).toMatch(/<h:ServerVersionInfo MajorVersion="15" MinorVersion="2" MajorBuildNumber="\d+" MinorBuildNumber="\d+" Version="V2017_07_11"/);
    const tooNew = await post(sim.ewsUrl, envelope("<m:GetFolder/>", { version: "V2018_01_08" }), basic("CONTOSO\\alice", "Alice#1"));
    expect(tooNew.status).toBe(500);
    expect(tooNew.text).toContain("a:ErrorInvalidServerVersion");
  });

  it("a user syncs their own mailbox with WebCredentials (DOMAIN\\user or UPN)", async () => {
    for (const login of ["CONTOSO\\alice", "alice@contoso.com"]) {
      const { changes } = await syncAll(basicService(sim.ewsUrl, login, "Alice#1"), ews.WellKnownFolderName.Inbox);
      expect(changes.map((c) => c.ItemId.UniqueId)).toEqual(sim.control.listItems(ALICE, "inbox").map((t) => t.id));
    }
  });

  it("a wrong password gets 401 offering Negotiate, NTLM and Basic", async () => {
    const reply = await post(sim.ewsUrl, envelope("<m:GetFolder/>"), basic("CONTOSO\\alice", "wrong"));
    expect(reply.status).toBe(401);
    expect(reply.headers.get("www-authenticate")).toMatch(/Negotiate.*NTLM.*Basic realm="localhost"/);
    const err = (await failure(sync(basicService(sim.ewsUrl, "CONTOSO\\alice", "wrong")))) as ews.SoapFaultDetails;
    expect(err.HttpStatusCode).toBe(401);
  });

  it("a service account with ApplicationImpersonation syncs any mailbox (X-AnchorMailbox optional on-premises)", async () => {
    for (const smtp of [ALICE, BOB]) {
      const { changes } = await syncAll(impersonate(basicService(sim.ewsUrl, SVC, "Svc#1"), smtp), ews.WellKnownFolderName.Inbox);
      expect(changes).toHaveLength(sim.control.listItems(smtp, "inbox").length);
    }
  });

  it("a scoped impersonation right covers only its mailboxes: others get ErrorImpersonateUserDenied", async () => {
    await expect(sync(impersonate(basicService(sim.ewsUrl, SCOPED, "Svc#2"), ALICE))).resolves.toBeDefined();
    const err = (await failure(sync(impersonate(basicService(sim.ewsUrl, SCOPED, "Svc#2"), BOB)))) as ews.SoapFaultDetails;
    expect(err.ResponseCode).toBe(ews.ServiceError.ErrorImpersonateUserDenied);
    expect(err.message).toBe("The account does not have permission to impersonate the requested user.");
    expect(err.HttpStatusCode).toBe(500);
  });

  it("without the impersonation role every target is denied; an unknown target is non-existent", async () => {
    const denied = (await failure(sync(impersonate(basicService(sim.ewsUrl, NOIMP, "Svc#3"), ALICE)))) as ews.SoapFaultDetails;
    expect(denied.ResponseCode).toBe(ews.ServiceError.ErrorImpersonateUserDenied);
    const unknown = (await failure(sync(impersonate(basicService(sim.ewsUrl, SVC, "Svc#1"), "ghost@contoso.com")))) as ews.SoapFaultDetails;
    expect(unknown.ResponseCode).toBe(ews.ServiceError.ErrorNonExistentMailbox);
    expect(unknown.message).toBe("The SMTP address has no mailbox associated with it.");
  });

  it("a mailbox-less service account not impersonating gets ErrorMissingEmailAddress", async () => {
    const err = (await failure(sync(basicService(sim.ewsUrl, SVC, "Svc#1")))) as ews.ServiceResponseException;
    expect(err.ErrorCode).toBe(ews.ServiceError.ErrorMissingEmailAddress);
  });

  it("another user's mailbox via DistinguishedFolderId/Mailbox needs delegate rights the simulator does not grant", async () => {
    const reply = await post(
      sim.ewsUrl,
      envelope(`<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"><t:Mailbox><t:EmailAddress>${BOB}</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId></m:FolderIds></m:GetFolder>`),
      basic("CONTOSO\\alice", "Alice#1"),
    );
    expect(textOf(reply.doc, NS_M, "ResponseCode")).toBe("ErrorAccessDenied");
  });

  it("a mailbox with EWS disabled (Set-CASMailbox -EwsEnabled $false) gets HTTP 403", async () => {
    sim.control.updateMailbox(BOB, { ewsEnabled: false });
    try {
      const err = (await failure(sync(basicService(sim.ewsUrl, "CONTOSO\\bob", "Bob#1")))) as ews.SoapFaultDetails;
      expect(err.HttpStatusCode).toBe(403);
    } finally {
      sim.control.updateMailbox(BOB, { ewsEnabled: null });
    }
  });
});

describe("on-premises over HTTPS with NTLM", () => {
  let sim: ExchangeSimulator;
  beforeAll(async () => {
    sim = await startExchangeSimulator({ mode: "onprem", netbiosDomain: "CONTOSO" });
    await setup(sim);
  });
  afterAll(() => sim?.close());

  it("ews-javascript-api's NTLM (v2) handshake logs the service account on and impersonates", async () => {
    useXhr(15000, { username: SVC, password: "Svc#1" });
    try {
      const service = new ews.ExchangeService(ews.ExchangeVersion.Exchange2013_SP1);
      service.Url = new ews.Uri(sim.ewsUrl);
      // A wrong Basic password proves the NTLM Type 3 message, not Basic, authenticated the call.
      service.Credentials = new ews.WebCredentials(SVC, "not-the-password");
      const { changes } = await syncAll(impersonate(service, BOB), ews.WellKnownFolderName.Inbox);
      expect(changes).toHaveLength(sim.control.listItems(BOB, "inbox").length);
    } finally {
      useXhr();
    }
  });

  it("a wrong NTLM password is refused with a fresh challenge offer", async () => {
    useXhr(15000, { username: SVC, password: "nope" });
    try {
      const service = new ews.ExchangeService(ews.ExchangeVersion.Exchange2013_SP1);
      service.Url = new ews.Uri(sim.ewsUrl);
      service.Credentials = new ews.WebCredentials(SVC, "nope");
      const err = (await failure(sync(impersonate(service, BOB)))) as ews.SoapFaultDetails;
      expect(err.HttpStatusCode).toBe(401);
    } finally {
      useXhr();
    }
  });
});
