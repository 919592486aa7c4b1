/**
 * The fault catalogue as ews-javascript-api sees it: each failure Exchange can send, injected or provoked for real,
 * surfaces in the client with the documented ResponseCode, back-off value and HTTP status.
 */
import type { ExchangeSimulator } from "./index";
import { startExchangeSimulator } from "./index";
import { ews, impersonating, oauthService, useXhr } from "./testing/ewsClient";
import { bearer, envelope, post } from "./testing/rawSoap";
import type { TokenIssuer } from "./testing/tokenIssuer";
import { startTokenIssuer } from "./testing/tokenIssuer";

const TENANT = "8e0f6a1b-9c2d-4e3f-a4b5-c6d7e8f9a0b1";
const BLOCKED_TENANT = "11111111-2222-3333-4444-555555555555";
const ALICE = "alice@contoso.com";
const BOB = "bob@contoso.com";
const KIOSK = "kiosk@contoso.com";
const EVE = "eve@blocked.example";

let issuer: TokenIssuer;
let sim: ExchangeSimulator;
let aliceToken: string;
let appToken: string;

beforeAll(async () => {
  issuer = await startTokenIssuer();
  sim = await startExchangeSimulator({ mode: "online", trust: { jwksUri: issuer.jwksUri, issuerPrefix: issuer.issuerPrefix } });
  sim.control.createTenant({ tenantId: TENANT, domains: ["contoso.com"] });
  sim.control.createTenant({ tenantId: BLOCKED_TENANT, domains: ["blocked.example"], ewsEnabled: false });
  for (const smtp of [ALICE, BOB]) {
    sim.control.createMailbox({ smtp, tenantId: TENANT });
    sim.control.seedMailbox(smtp, { seed: 3, messages: 50, events: 5 });
  }
  sim.control.createMailbox({ smtp: KIOSK, tenantId: TENANT, ewsLicensed: false });
  sim.control.createMailbox({ smtp: EVE, tenantId: BLOCKED_TENANT });
  aliceToken = await issuer.delegated(ALICE, { tenantId: TENANT });
  appToken = await issuer.appOnly({ tenantId: TENANT });
  useXhr();
});

afterEach(() => {
  sim.control.clearFaults();
  sim.control.setLatency({ ms: 0 });
});

afterAll(async () => {
  await sim?.close();
  await issuer?.close();
});

const sync = (service: ews.ExchangeService, state = "") =>
  service.SyncFolderItems(new ews.FolderId(ews.WellKnownFolderName.Inbox), ews.PropertySet.IdOnly, [], 100, ews.SyncFolderItemsScope.NormalItems, state);

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to fail");
}

describe("throttling", () => {
  it("ErrorServerBusy arrives as an HTTP 500 SOAP fault with BackOffMilliseconds", async () => {
    sim.control.injectFault({ fault: { kind: "serverBusy", backOffMs: 178510 }, mailbox: ALICE, operation: "SyncFolderItems" });
    const err = (await failure(sync(oauthService(sim.ewsUrl, aliceToken)))) as ews.SoapFaultDetails;
    expect(err).toBeInstanceOf(ews.SoapFaultDetails);
    expect(err.ResponseCode).toBe(ews.ServiceError.ErrorServerBusy);
    expect(err.HttpStatusCode).toBe(500);
    expect(err.ErrorDetails.get("BackOffMilliseconds")).toBe("178510");
    // The rule was for one call only.
    await expect(sync(oauthService(sim.ewsUrl, aliceToken))).resolves.toBeDefined();
  });

  it("more than 27 concurrent calls from one account get ErrorExceededConnectionCount", async () => {
    // Each call is held long enough that all 30 are in flight together even on a loaded machine (30 TLS handshakes
    // took more than 400 ms under load, and the first calls had finished before the last arrived).
    sim.control.setLatency({ ms: 3000 });
    const service = oauthService(sim.ewsUrl, aliceToken);
    const calls = Array.from({ length: 30 }, () => ews.Folder.Bind(service, ews.WellKnownFolderName.Inbox));
    const results = await Promise.allSettled(calls);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as ews.ServiceResponseException);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(27);
    expect(rejected).toHaveLength(3);
    for (const err of rejected) {
      expect(err).toBeInstanceOf(ews.ServiceResponseException);
      expect(err.ErrorCode).toBe(ews.ServiceError.ErrorExceededConnectionCount);
      expect(err.Response.ErrorDetails.get("MaxConcurrencyLimit")).toBe("27");
      expect(err.Response.ErrorDetails.get("Policy")).toBe("MaxConcurrency");
    }
  });

  it("an app using impersonation has one budget across the mailboxes it impersonates", async () => {
    sim.control.setLatency({ ms: 3000 }); // all in flight together, as above
    const calls = Array.from({ length: 28 }, (_, i) => {
      const smtp = i % 2 === 0 ? ALICE : BOB;
      return ews.Folder.Bind(impersonating(oauthService(sim.ewsUrl, appToken), smtp), ews.WellKnownFolderName.Inbox);
    });
    // Alice's own delegated budget is separate from the app's.
    calls.push(ews.Folder.Bind(oauthService(sim.ewsUrl, aliceToken), ews.WellKnownFolderName.Inbox));
    const results = await Promise.allSettled(calls);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    expect(results[28]?.status).toBe("fulfilled");
  });

  it("more than 5 concurrent Sync calls on one mailbox get ErrorServerBusy (ConcurrentSyncCalls) with a 5000 ms back-off", async () => {
    sim.control.setLatency({ ms: 3000 }); // all in flight together, as above
    const results = await Promise.allSettled(Array.from({ length: 7 }, () => sync(oauthService(sim.ewsUrl, aliceToken))));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as ews.ServiceResponseException);
    expect(rejected).toHaveLength(2);
    for (const err of rejected) {
      expect(err.ErrorCode).toBe(ews.ServiceError.ErrorServerBusy);
      expect(err.Message).toContain("ConcurrentSyncCalls");
      expect(err.Response.ErrorDetails.get("BackOffMilliseconds")).toBe("5000");
    }
  });

  it("configured latency delays every call", async () => {
    sim.control.setLatency({ ms: 120, mailbox: ALICE });
    const started = Date.now();
    await ews.Folder.Bind(oauthService(sim.ewsUrl, aliceToken), ews.WellKnownFolderName.Inbox);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    sim.control.setLatency({ ms: 0, mailbox: ALICE });
  });
});

describe("sync state", () => {
  it("a corrupt, foreign or hierarchy sync state gets ErrorInvalidSyncStateData", async () => {
    const service = oauthService(sim.ewsUrl, aliceToken);
    const good = (await sync(service)).SyncState;
    const bobState = (await sync(impersonating(oauthService(sim.ewsUrl, appToken), BOB))).SyncState;
    const hierarchy = (await service.SyncFolderHierarchy(new ews.FolderId(ews.WellKnownFolderName.MsgFolderRoot), ews.PropertySet.IdOnly, "")).SyncState;
    const truncated = good.slice(0, good.length - 8);
    for (const state of [truncated, bobState, hierarchy, "H4sIAAAAAAAEAO29B2AcSZY=="]) {
      const err = (await failure(sync(service, state))) as ews.ServiceResponseException;
      expect(err).toBeInstanceOf(ews.ServiceResponseException);
      expect(err.ErrorCode).toBe(ews.ServiceError.ErrorInvalidSyncStateData);
    }
  });

  it("an injected ErrorInvalidSyncStateData is answered like the documented error", async () => {
    sim.control.injectFault({ fault: { kind: "invalidSyncState" }, mailbox: ALICE });
    const err = (await failure(sync(oauthService(sim.ewsUrl, aliceToken)))) as ews.ServiceResponseException;
    expect(err.ErrorCode).toBe(ews.ServiceError.ErrorInvalidSyncStateData);
    expect(err.Message).toBe("Synchronization state data is corrupt or otherwise invalid.");
  });

  it("MaxChangesReturned outside 1..512 is a schema-validation fault (the client refuses to send it, so raw SOAP)", async () => {
    for (const [max, constraint] of [[0, "MinInclusive"], [513, "MaxInclusive"], [-1, "MinInclusive"]] as const) {
      const reply = await post(
        sim.ewsUrl,
        envelope(`<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="inbox"/></m:SyncFolderId><m:MaxChangesReturned>${max}</m:MaxChangesReturned></m:SyncFolderItems>`),
        bearer(aliceToken),
      );
      expect(reply.status).toBe(500);
      expect(reply.text).toContain("<faultcode xmlns:a=\"http://schemas.microsoft.com/exchange/services/2006/types\">a:ErrorSchemaValidation</faultcode>");
      expect(reply.text).toContain(`MaxSyncChangesReturnedType' - The ${constraint} constraint failed.`);
      expect(reply.text).toMatch(/<t:LineNumber>\d+<\/t:LineNumber><t:LinePosition>\d+<\/t:LinePosition><t:Violation>/);
    }
  });
});

describe("impersonation faults", () => {
  it("an unknown impersonated address gets ErrorNonExistentMailbox (HTTP 500 fault)", async () => {
    const err = (await failure(sync(impersonating(oauthService(sim.ewsUrl, appToken), "nobody@contoso.com")))) as ews.SoapFaultDetails;
    expect(err.ResponseCode).toBe(ews.ServiceError.ErrorNonExistentMailbox);
    expect(err.message).toBe("The SMTP address has no mailbox associated with it.");
  });

  it("a mailbox of another tenant is non-existent for the app", async () => {
    const err = (await failure(sync(impersonating(oauthService(sim.ewsUrl, appToken), EVE)))) as ews.SoapFaultDetails;
    expect(err.ResponseCode).toBe(ews.ServiceError.ErrorNonExistentMailbox);
  });

  it("app-only without ExchangeImpersonation gets EXO's exact fault", async () => {
    const err = (await failure(sync(oauthService(sim.ewsUrl, appToken)))) as ews.SoapFaultDetails;
    expect(err.ResponseCode).toBe(ews.ServiceError.ErrorInvalidExchangeImpersonationHeaderData);
    expect(err.message).toBe("ExchangeImpersonation SOAP header must be present for this type of OAuth token.");
    expect(err.HttpStatusCode).toBe(500);
  });

  it("a delegated token with ExchangeImpersonation gets the converse fault", async () => {
    const service = oauthService(sim.ewsUrl, aliceToken);
    service.ImpersonatedUserId = new ews.ImpersonatedUserId(ews.ConnectingIdType.SmtpAddress, BOB);
    const err = (await failure(sync(service))) as ews.SoapFaultDetails;
    expect(err.message).toBe("ExchangeImpersonation SOAP header must not exist for this type of OAuth token.");
  });

  it("app-only impersonation without X-AnchorMailbox gets HTTP 503", async () => {
    const service = oauthService(sim.ewsUrl, appToken);
    service.ImpersonatedUserId = new ews.ImpersonatedUserId(ews.ConnectingIdType.SmtpAddress, BOB);
    const err = (await failure(sync(service))) as ews.SoapFaultDetails;
    expect(err.HttpStatusCode).toBe(503);
    sim.control.setAnchorMailboxPolicy({ policy: "ignore" });
    try {
      await expect(sync(service)).resolves.toBeDefined();
    } finally {
      sim.control.setAnchorMailboxPolicy({ policy: "require" });
    }
  });

  it("injected ErrorNonExistentMailbox / ErrorImpersonateUserDenied faults reach the client", async () => {
    sim.control.injectFault({ fault: { kind: "nonExistentMailbox" }, mailbox: BOB });
    sim.control.injectFault({ fault: { kind: "impersonateUserDenied" }, mailbox: BOB });
    const service = impersonating(oauthService(sim.ewsUrl, appToken), BOB);
    expect(((await failure(sync(service))) as ews.SoapFaultDetails).ResponseCode).toBe(ews.ServiceError.ErrorNonExistentMailbox);
    expect(((await failure(sync(service))) as ews.SoapFaultDetails).ResponseCode).toBe(ews.ServiceError.ErrorImpersonateUserDenied);
  });
});

describe("HTTP-level refusals", () => {
  it("a forged, expired or wrong-audience token gets 401 with EXO's Bearer challenge", async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, RegExp][] = [
      [await issuer.forged(ALICE, { tenantId: TENANT }), /invalid signature/],
      [await issuer.delegated(ALICE, { tenantId: TENANT, issuedAt: now - 7200, expiresAt: now - 3600 }), /expired/],
      [await issuer.delegated(ALICE, { tenantId: TENANT, audience: "https://graph.microsoft.com" }), /audience claim value is invalid/],
      [await issuer.delegated(ALICE, { tenantId: "99999999-9999-9999-9999-999999999999" }), /tenant for tenant guid/],
      [await issuer.delegated(ALICE, { tenantId: TENANT, scp: "Mail.Read" }), /does not grant EWS access/],
      ["not-a-jwt", /cannot be parsed/],
    ];
    for (const [token, diagnostics] of cases) {
      const reply = await post(sim.ewsUrl, envelope('<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>'), bearer(token));
      expect(reply.status).toBe(401);
      expect(reply.headers.get("www-authenticate")).toMatch(/^Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers=.*error="invalid_token"/);
      expect(reply.headers.get("x-ms-diagnostics")).toMatch(diagnostics);
      expect(reply.text).toBe("");
    }
    const anonymous = await post(sim.ewsUrl, envelope("<m:GetFolder/>"), {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).not.toContain("error=");
  });

  it("the client sees a 401 as an error with status 401", async () => {
    const err = (await failure(sync(oauthService(sim.ewsUrl, await issuer.forged(ALICE, { tenantId: TENANT }))))) as ews.SoapFaultDetails;
    expect(err).toBeInstanceOf(ews.SoapFaultDetails);
    expect(err.HttpStatusCode).toBe(401);
  });

  it("a tenant with EWS disabled, an app outside EwsAllowedAppIDs and a licence without EWS get HTTP 403", async () => {
    const blocked = (await failure(sync(oauthService(sim.ewsUrl, await issuer.delegated(EVE, { tenantId: BLOCKED_TENANT }))))) as ews.SoapFaultDetails;
    expect(blocked.HttpStatusCode).toBe(403);
    const kiosk = (await failure(sync(impersonating(oauthService(sim.ewsUrl, appToken), KIOSK)))) as ews.SoapFaultDetails;
    expect(kiosk.HttpStatusCode).toBe(403);
    sim.control.updateTenant(TENANT, { ewsEnabled: true, ewsAllowedAppIds: ["00000000-aaaa-bbbb-cccc-000000000000"] });
    try {
      const notAllowed = (await failure(sync(oauthService(sim.ewsUrl, aliceToken)))) as ews.SoapFaultDetails;
      expect(notAllowed.HttpStatusCode).toBe(403);
      const allowedToken = await issuer.delegated(ALICE, { tenantId: TENANT, appId: "00000000-aaaa-bbbb-cccc-000000000000" });
      await expect(sync(oauthService(sim.ewsUrl, allowedToken))).resolves.toBeDefined();
    } finally {
      sim.control.updateTenant(TENANT, { ewsEnabled: null, ewsAllowedAppIds: null });
    }
  });

  it("injected 401, 403 and 503 reach the client with their status", async () => {
    for (const status of [401, 403, 503] as const) {
      sim.control.injectFault({ fault: { kind: "http", status }, mailbox: ALICE });
      const err = (await failure(sync(oauthService(sim.ewsUrl, aliceToken)))) as ews.SoapFaultDetails;
      expect(err.HttpStatusCode).toBe(status);
    }
  });

  it("injected faults can target an operation and a number of calls", async () => {
    sim.control.injectFault({ fault: { kind: "http", status: 503 }, mailbox: ALICE, operation: "GetFolder", count: 2 });
    const service = oauthService(sim.ewsUrl, aliceToken);
    await expect(sync(service)).resolves.toBeDefined();
    await expect(ews.Folder.Bind(service, ews.WellKnownFolderName.Inbox)).rejects.toBeDefined();
    await expect(ews.Folder.Bind(service, ews.WellKnownFolderName.Inbox)).rejects.toBeDefined();
    await expect(ews.Folder.Bind(service, ews.WellKnownFolderName.Inbox)).resolves.toBeDefined();
  });
});
