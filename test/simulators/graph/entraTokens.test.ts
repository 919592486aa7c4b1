/**
 * The Graph face trusts the Entra simulator's tokens as Graph trusts Entra's: the server's confidential client gets a
 * delegated token for Mail.Read Calendars.Read User.Read (auth code + PKCE) and an app-only token (.default → the roles
 * an admin granted), and each opens exactly the Graph routes its grant covers.
 */
import type { Scenario } from "../entra/testSupport/scenario";
import { decodeJwtPayload, obtainCode, pkcePair, postToken, redeem, startScenario } from "../entra/testSupport/scenario";
import type { ExchangeSimulator } from "../exchange";
import { startExchangeSimulator } from "../exchange";
import { startEntraWorld } from "../world/entraWorld";
import { graphCall } from "./testing/graphClient";

let scenario: Scenario;
let sim: ExchangeSimulator;

beforeAll(async () => {
  scenario = await startScenario();
  sim = await startExchangeSimulator({ mode: "online", trust: { jwksUri: scenario.sim.jwksUri("common") } });
  const { demo } = scenario;
  sim.control.createTenant({ tenantId: demo.contoso.tenantId, domains: ["contoso.com"] });
  sim.control.createMailbox({ smtp: demo.users.adele.upn, tenantId: demo.contoso.tenantId, userId: demo.users.adele.objectId });
  sim.control.seedMailbox(demo.users.adele.upn, { seed: 1, messages: 12, events: 2 });
});
afterAll(async () => {
  await sim?.close();
  await scenario?.close();
});

test("a delegated token from the connect flow reads the signed-in user's mail and calendar", async () => {
  const { demo } = scenario;
  const pkce = pkcePair();
  const scope = "openid profile email offline_access User.Read Mail.Read Calendars.Read";
  const { code } = await obtainCode(scenario, { user: { upn: demo.users.adele.upn, password: demo.users.adele.password }, scope, pkce });
  const tokens = await redeem(scenario, code, { code_verifier: pkce.verifier, scope });
  expect(tokens.status).toBe(200);
  const token = tokens.body.access_token as string;
  const claims = decodeJwtPayload(token);
  // Bare Graph scopes on the v2.0 endpoint give aud = Graph's app id; "https://graph.microsoft.com/…" would give the URI.
  expect(["https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000"]).toContain(claims.aud);
  expect(String(claims.scp).split(" ")).toEqual(expect.arrayContaining(["Mail.Read", "Calendars.Read", "User.Read"]));

  const me = await graphCall(`${sim.graphUrl as string}/me`, token);
  expect(me.json).toMatchObject({ id: demo.users.adele.objectId, mail: demo.users.adele.upn });
  expect((await graphCall(`${sim.graphUrl as string}/me/mailFolders/inbox/messages/delta`, token)).status).toBe(200);
  const window = `startDateTime=${new Date(Date.now() - 30 * 86_400_000).toISOString()}&endDateTime=${new Date(Date.now() + 30 * 86_400_000).toISOString()}`;
  expect((await graphCall(`${sim.graphUrl as string}/me/calendarView/delta?${window}`, token)).status).toBe(200);
});

test("an app-only token carries the roles an admin granted, and only then opens mailboxes", async () => {
  const { demo } = scenario;
  const appToken = async () =>
    (
      await postToken(scenario.sim, demo.contoso.tenantId, {
        grant_type: "client_credentials",
        client_id: demo.app.clientId,
        client_secret: demo.app.clientSecret,
        scope: "https://graph.microsoft.com/.default",
      })
    ).body.access_token as string;
  const inbox = `${sim.graphUrl as string}/users/${demo.users.adele.objectId}/mailFolders/inbox/messages/delta`;
  scenario.sim.control.revokeAdminConsent({ tenant: demo.contoso.tenantId, clientId: demo.app.clientId });
  const before = await appToken();
  expect(decodeJwtPayload(before).roles).toBeUndefined();
  const denied = await graphCall(inbox, before);
  expect([denied.status, (denied.json?.error as { code: string }).code]).toEqual([403, "ErrorAccessDenied"]);

  scenario.sim.control.grantAdminConsent({
    tenant: demo.contoso.tenantId,
    clientId: demo.app.clientId,
    roles: ["https://graph.microsoft.com/Mail.Read", "https://graph.microsoft.com/Calendars.Read", "https://graph.microsoft.com/User.Read.All"],
  });
  const after = await appToken();
  expect(decodeJwtPayload(after).roles).toEqual(expect.arrayContaining(["Mail.Read", "Calendars.Read", "User.Read.All"]));
  expect((await graphCall(inbox, after)).status).toBe(200);
  expect((await graphCall(`${sim.graphUrl as string}/users/${demo.users.adele.upn}`, after)).json?.id).toBe(demo.users.adele.objectId);
});

test("the product's own registration (the world's) gets the Graph roles it needs from a default admin consent", async () => {
  const world = await startEntraWorld("https://localhost:1");
  try {
    world.entra.control.grantAdminConsent({ tenant: world.contoso.tenantId, clientId: world.app.clientId });
    const answer = await postToken(world.entra, world.contoso.tenantId, {
      grant_type: "client_credentials",
      client_id: world.app.clientId,
      client_secret: world.app.clientSecret,
      scope: "https://graph.microsoft.com/.default",
    });
    const claims = decodeJwtPayload(answer.body.access_token as string);
    expect(claims.aud).toBe("https://graph.microsoft.com");
    expect([...(claims.roles as string[])].sort()).toEqual(["Calendars.Read", "Mail.Read", "User.Read.All"]);
    expect(claims.iss).toBe(`${world.entra.url}/${world.contoso.tenantId}/`);
  } finally {
    await world.entra.close();
  }
});
