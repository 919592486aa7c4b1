/**
 * Who may call: tokens are checked like Exchange Online checks them (signature, Graph audience, exact v1 issuer, known
 * tenant, lifetime) with 401 InvalidAuthenticationToken, and grants decide per route with 403 ErrorAccessDenied.
 */
import { graphCall } from "./testing/graphClient";
import type { GraphTestWorld } from "./testing/world";
import { ALICE, BOB, OTHER_TENANT, TENANT, startGraphTestWorld } from "./testing/world";

let w: GraphTestWorld;

beforeAll(async () => {
  w = await startGraphTestWorld();
});
afterAll(async () => {
  await w?.close();
});

const inbox = (who: string) => `${w.graphUrl}/users/${who}/mailFolders/inbox/messages/delta`;
const code = (a: { json?: Record<string, unknown> }) => (a.json?.error as { code: string } | undefined)?.code;

test("unusable tokens get 401 InvalidAuthenticationToken", async () => {
  const now = Math.floor(Date.now() / 1000);
  const tokens = {
    missing: "",
    exchangeAudience: await w.issuer.appOnly({ tenantId: TENANT, roles: ["Mail.Read"] }),
    v2Issuer: await w.issuer.appOnly({ tenantId: TENANT, roles: ["Mail.Read"], audience: "https://graph.microsoft.com", issuer: `https://login.microsoftonline.com/${TENANT}/v2.0` }),
    otherTenantsIssuer: await w.issuer.appOnly({ tenantId: TENANT, roles: ["Mail.Read"], audience: "https://graph.microsoft.com", issuer: `https://sts.windows.net/${OTHER_TENANT}/` }),
    expired: await w.issuer.appOnly({ tenantId: TENANT, roles: ["Mail.Read"], audience: "https://graph.microsoft.com", issuedAt: now - 7200, expiresAt: now - 3600 }),
    forged: await w.issuer.forged(ALICE, { tenantId: TENANT, audience: "https://graph.microsoft.com" }),
    unknownTenant: await w.issuer.appOnly({ tenantId: "99999999-9999-4999-8999-999999999999", roles: ["Mail.Read"], audience: "https://graph.microsoft.com" }),
  };
  for (const [name, token] of Object.entries(tokens)) {
    const answer = await graphCall(inbox(ALICE), token);
    expect([name, answer.status, code(answer)]).toEqual([name, 401, "InvalidAuthenticationToken"]);
  }
  // The Graph app id is an accepted audience spelling.
  const byAppId = await w.issuer.appOnly({ tenantId: TENANT, roles: ["Mail.Read"], audience: "00000003-0000-0000-c000-000000000000" });
  expect((await graphCall(inbox(ALICE), byAppId)).status).toBe(200);
});

test("a token without the needed permission gets 403 ErrorAccessDenied", async () => {
  const noRoles = await w.appOnly([]);
  expect(code(await graphCall(inbox(ALICE), noRoles))).toBe("ErrorAccessDenied");
  expect((await graphCall(`${w.graphUrl}/users/${ALICE}`, noRoles)).status).toBe(403);
  const calendarOnly = await w.appOnly(["Calendars.Read"]);
  expect((await graphCall(inbox(ALICE), calendarOnly)).status).toBe(403);
  const basicAll = await w.appOnly(["Mail.ReadBasic.All"]);
  expect((await graphCall(inbox(ALICE), basicAll)).status).toBe(200);
  const profileOnly = await w.delegated(ALICE, "User.Read");
  expect((await graphCall(`${w.graphUrl}/me`, profileOnly)).status).toBe(200);
  expect((await graphCall(`${w.graphUrl}/me/mailFolders/inbox/messages/delta`, profileOnly)).status).toBe(403);
});

test("delegated callers reach their own mailbox only; /me needs a delegated token", async () => {
  expect((await graphCall(inbox(ALICE), w.alice)).status).toBe(200);
  const other = await graphCall(inbox(BOB), w.alice);
  expect([other.status, code(other)]).toEqual([403, "ErrorAccessDenied"]);
  const meAsApp = await graphCall(`${w.graphUrl}/me`, w.app);
  expect(meAsApp.status).toBe(400);
  expect((meAsApp.json?.error as { message: string }).message).toMatch(/delegated/);
});

test("users are found by UPN or id within the token's tenant", async () => {
  const byUpn = await graphCall(`${w.graphUrl}/users/${ALICE}`, w.app);
  expect(byUpn.json).toMatchObject({ mail: ALICE, userPrincipalName: ALICE });
  const byId = await graphCall(`${w.graphUrl}/users/${byUpn.json?.id as string}`, w.app);
  expect(byId.json?.mail).toBe(ALICE);
  const quoted = await graphCall(`${w.graphUrl}/users('${ALICE}')`, w.app);
  expect(quoted.json?.id).toBe(byUpn.json?.id);
  const unknown = await graphCall(`${w.graphUrl}/users/nobody@contoso.com`, w.app);
  expect([unknown.status, code(unknown)]).toEqual([404, "Request_ResourceNotFound"]);
  const fabrikamApp = await w.appOnly(["Mail.Read", "User.Read.All"], { tenantId: OTHER_TENANT });
  expect((await graphCall(`${w.graphUrl}/users/${ALICE}`, fabrikamApp)).status).toBe(404);
  expect((await graphCall(inbox(ALICE), fabrikamApp)).status).toBe(404);
});
