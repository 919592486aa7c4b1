/**
 * Exchange Online's two faces check an Entra token the same way (one gate) and each says why in its own words: EWS in
 * the 401's x-ms-diagnostics, Graph in a 401 InvalidAuthenticationToken message. A token accepted once is remembered,
 * and still refused once its lifetime (plus five minutes of skew) has passed.
 */
import type { ExchangeSimulator } from "../exchange";
import { startExchangeSimulator } from "../exchange";
import { EXO_RESOURCE, startTokenIssuer } from "../exchange/testing/tokenIssuer";
import type { TokenIssuer } from "../exchange/testing/tokenIssuer";
import { bearer, envelope, post } from "../exchange/testing/rawSoap";
import { GRAPH_AUDIENCE, graphCall } from "../graph/testing/graphClient";
import { SimulatedClock } from "./clock";

const TENANT = "2f4c6e8a-1b3d-4f5a-8c7e-9d0b1a2c3e4f";
const UNKNOWN_TENANT = "99999999-9999-4999-8999-999999999999";
const ALICE = "alice@contoso.com";
const getFolder = envelope('<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>');

let issuer: TokenIssuer;
let sim: ExchangeSimulator;
const clock = new SimulatedClock();

beforeAll(async () => {
  issuer = await startTokenIssuer();
  sim = await startExchangeSimulator({ mode: "online", clock, trust: { jwksUri: issuer.jwksUri, issuerPrefix: issuer.issuerPrefix } });
  sim.control.createTenant({ tenantId: TENANT, domains: ["contoso.com"] });
  sim.control.createMailbox({ smtp: ALICE, tenantId: TENANT });
});
afterAll(async () => {
  await sim?.close();
  await issuer?.close();
});

/** EWS's reason for refusing `token`: the error_category of x-ms-diagnostics, or the status when it was not refused. */
async function ewsVerdict(token: string): Promise<string> {
  const r = await post(sim.ewsUrl, getFolder, { ...bearer(token), "x-anchormailbox": ALICE });
  if (r.status !== 401) return `status ${r.status}`;
  return /error_category="([^"]+)"/.exec(r.headers.get("x-ms-diagnostics") ?? "")?.[1] ?? "bare challenge";
}

/** Graph's message for refusing `token`, or the status when it was not refused. */
async function graphVerdict(token: string): Promise<string> {
  const r = await graphCall(`${sim.graphUrl as string}/users/${ALICE}/mailFolders/inbox/messages/delta`, token);
  if (r.status !== 401) return `status ${r.status}`;
  const error = r.json?.error as { code: string; message: string };
  expect(error.code).toBe("InvalidAuthenticationToken");
  return error.message;
}

test("each face says why it refuses a token, in its own words", async () => {
  const now = Math.floor(Date.now() / 1000);
  const both = (audience: string) => ({
    expired: issuer.delegated(ALICE, { tenantId: TENANT, audience, scp: "EWS.AccessAsUser.All Mail.Read", issuedAt: now - 7200, expiresAt: now - 3600 }),
    notYetValid: issuer.delegated(ALICE, { tenantId: TENANT, audience, scp: "EWS.AccessAsUser.All Mail.Read", issuedAt: now + 3600, expiresAt: now + 7200 }),
    forged: issuer.forged(ALICE, { tenantId: TENANT, audience }),
    otherTenantsIssuer: issuer.appOnly({ tenantId: TENANT, audience, roles: ["full_access_as_app", "Mail.Read"], issuer: `https://sts.windows.net/${UNKNOWN_TENANT}/` }),
    unknownTenant: issuer.appOnly({ tenantId: UNKNOWN_TENANT, audience, roles: ["full_access_as_app", "Mail.Read"] }),
  });
  const ews = both(EXO_RESOURCE);
  expect({
    missing: await ewsVerdict(""),
    expired: await ewsVerdict(await ews.expired),
    notYetValid: await ewsVerdict(await ews.notYetValid),
    forged: await ewsVerdict(await ews.forged),
    graphAudience: await ewsVerdict(await issuer.delegated(ALICE, { tenantId: TENANT, audience: GRAPH_AUDIENCE, scp: "EWS.AccessAsUser.All" })),
    otherTenantsIssuer: await ewsVerdict(await ews.otherTenantsIssuer),
    unknownTenant: await ewsVerdict(await ews.unknownTenant),
    noEwsGrant: await ewsVerdict(await issuer.delegated(ALICE, { tenantId: TENANT, scp: "Mail.Read" })),
  }).toEqual({
    missing: "bare challenge",
    expired: "expired_token",
    notYetValid: "invalid_lifetime",
    forged: "invalid_signature",
    graphAudience: "invalid_resource",
    otherTenantsIssuer: "invalid_issuer",
    unknownTenant: "invalid_tenant",
    noEwsGrant: "insufficient_claims",
  });

  const graph = both(GRAPH_AUDIENCE);
  expect({
    missing: await graphVerdict(""),
    expired: await graphVerdict(await graph.expired),
    notYetValid: await graphVerdict(await graph.notYetValid),
    forged: await graphVerdict(await graph.forged),
    exchangeAudience: await graphVerdict(await issuer.delegated(ALICE, { tenantId: TENANT, audience: EXO_RESOURCE, scp: "Mail.Read" })),
    otherTenantsIssuer: await graphVerdict(await graph.otherTenantsIssuer),
    unknownTenant: await graphVerdict(await graph.unknownTenant),
  }).toEqual({
    missing: "Access token is empty.",
    expired: "Lifetime validation failed, the token is expired.",
    notYetValid: "Lifetime validation failed, the token is not yet valid.",
    forged: "Access token validation failure. Invalid signature.",
    exchangeAudience: "Access token validation failure. Invalid audience.",
    otherTenantsIssuer: "Access token validation failure. Invalid issuer.",
    unknownTenant: "Access token validation failure. Invalid tenant.",
  });
});

test("a token accepted before is refused as expired once its hour and the five minutes of skew have passed", async () => {
  const ews = await issuer.delegated(ALICE, { tenantId: TENANT, scp: "EWS.AccessAsUser.All" });
  const graph = await issuer.delegated(ALICE, { tenantId: TENANT, audience: GRAPH_AUDIENCE, scp: "Mail.Read" });
  expect([await ewsVerdict(ews), await graphVerdict(graph)]).toEqual(["status 200", "status 200"]);
  clock.advance(60 * 60_000 + 4 * 60_000);
  expect([await ewsVerdict(ews), await graphVerdict(graph)]).toEqual(["status 200", "status 200"]);
  clock.advance(2 * 60_000);
  expect([await ewsVerdict(ews), await graphVerdict(graph)]).toEqual(["expired_token", "Lifetime validation failed, the token is expired."]);
});
