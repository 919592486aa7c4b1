import { obtainCode, pkcePair, postToken, redeem, startScenario, type Scenario } from "./testSupport/scenario";

/** The control API over HTTP (for demos and other processes), input validation, the issued-token log, and faults. */
describe("control API", () => {
  let scenario: Scenario;
  beforeAll(async () => {
    scenario = await startScenario();
  });
  afterAll(() => scenario.close());

  async function control(operation: string, body: unknown, method: "POST" | "GET" = "POST") {
    const res = await fetch(`${scenario.sim.url}/_control/${operation}`, {
      method,
      headers: method === "POST" ? { "content-type": "application/json" } : {},
      body: method === "POST" ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it("lists its operations and runs them over HTTP with the same results as in process", async () => {
    const list = await fetch(`${scenario.sim.url}/_control`).then((r) => r.json() as Promise<{ operations: string[] }>);
    expect(list.operations).toEqual(expect.arrayContaining(["addTenant", "addUser", "registerApp", "revokeSessions", "advanceClock", "listIssuedTokens", "injectOutage"]));
    const tenant = await control("addTenant", { displayName: "Litware", verifiedDomains: ["litware.example"], consentPolicy: "adminApprovalRequired" });
    expect(tenant.status).toBe(200);
    const user = await control("addUser", { tenant: "litware.example", userPrincipalName: "amy@litware.example", displayName: "Amy" });
    expect(user.body).toEqual(expect.objectContaining({ tenantId: tenant.body.id, isAdmin: false, accountEnabled: true, hasPassword: false }));
    const snapshot = scenario.sim.control.snapshot();
    expect(snapshot.users.map((u) => u.userPrincipalName)).toContain("amy@litware.example");
  });

  it("explains bad input: 400 naming the field, 404 for unknown things and operations, 409 for duplicates", async () => {
    const bad = await control("addTenant", { displayName: "", verifiedDomains: ["not a domain"] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("invalid_input");
    expect(String(bad.body.message)).toContain("displayName");
    expect(String(bad.body.message)).toContain("verifiedDomains");
    const missingUser = await control("revokeSessions", { user: "ghost@contoso.com" });
    expect(missingUser.status).toBe(404);
    expect(String(missingUser.body.message)).toContain("ghost@contoso.com");
    expect((await control("noSuchThing", {})).status).toBe(404);
    const duplicate = await control("addTenant", { displayName: "Again", verifiedDomains: ["contoso.com"] });
    expect(duplicate.status).toBe(409);
    const wrongDomain = await control("addUser", { tenant: "contoso.com", userPrincipalName: "x@fabrikam.com", displayName: "X" });
    expect(wrongDomain.status).toBe(400);
    expect(() => scenario.sim.control.advanceClock({})).toThrow(/advance/);
    const invalidJson = await fetch(`${scenario.sim.url}/_control/addTenant`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(invalidJson.status).toBe(400);
  });

  it("lists every code, token and secret issued, so a test can prove none leaked into a dump", async () => {
    const { sim, demo } = scenario;
    const pkce = pkcePair();
    const { code } = await obtainCode(scenario, { user: demo.users.adele, scope: "openid profile offline_access User.Read", pkce });
    const tokens = await redeem(scenario, code, { code_verifier: pkce.verifier });
    const issued = (await control("listIssuedTokens", undefined, "GET")).body as unknown as Array<{ kind: string; value: string }>;
    const values = new Set(issued.map((t) => t.value));
    for (const v of [code, tokens.body.access_token, tokens.body.refresh_token, tokens.body.id_token, demo.app.clientSecret]) expect(values.has(String(v))).toBe(true);
    expect(new Set(issued.map((t) => t.kind))).toEqual(new Set(["client_secret", "authorization_code", "access_token", "refresh_token", "id_token"]));

    const leaks = (dump: string) => issued.filter((t) => dump.includes(t.value)).map((t) => t.kind);
    expect(leaks(JSON.stringify({ mailbox: "adele@contoso.com", lastSync: "2026-01-01" }))).toEqual([]);
    expect(leaks(JSON.stringify({ mailbox: "adele@contoso.com", cache: tokens.body.refresh_token }))).toEqual(["refresh_token"]);
    expect(sim.control.listIssuedTokens({ kind: "refresh_token", user: demo.users.adele.upn })).toHaveLength(1);
  });

  it("injects an outage for the next requests: 503 temporarily_unavailable in Entra's body, with Retry-After", async () => {
    const { sim, demo } = scenario;
    sim.control.injectOutage({ endpoints: ["token"], count: 1, retryAfterSeconds: 7 });
    const form = { grant_type: "client_credentials", client_id: demo.app.clientId, client_secret: demo.app.clientSecret, scope: "https://graph.microsoft.com/.default" };
    const down = await postToken(sim, demo.contoso.tenantId, form);
    expect(down.status).toBe(503);
    expect(down.body.error).toBe("temporarily_unavailable");
    expect(String(down.body.error_description)).toMatch(/^AADSTS\d+: /);
    expect(down.headers.get("retry-after")).toBe("7");
    expect((await postToken(sim, demo.contoso.tenantId, form)).status).toBe(200);

    sim.control.injectOutage({ endpoints: ["authorize"], status: 500 });
    const page = await fetch(`${sim.url}/${demo.contoso.tenantId}/oauth2/v2.0/authorize?client_id=${demo.app.clientId}`);
    expect(page.status).toBe(500);
    expect(await page.text()).toContain("Sorry, but we’re having trouble signing you in.");
    sim.control.clearFaults();
  });

  it("injects latency", async () => {
    const { sim, demo } = scenario;
    sim.control.injectLatency({ endpoints: ["discovery"], ms: 300, count: 1 });
    const started = Date.now();
    await fetch(`${sim.url}/${demo.contoso.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it("changes token lifetimes", async () => {
    const { sim, demo } = scenario;
    sim.control.setTokenLifetimes({ appOnlyAccessTokenSeconds: 86399 });
    const res = await postToken(sim, demo.contoso.tenantId, {
      grant_type: "client_credentials",
      client_id: demo.app.clientId,
      client_secret: demo.app.clientSecret,
      scope: "https://graph.microsoft.com/.default",
    });
    expect(res.body.expires_in).toBe(86399);
  });

  it("assigns app roles that appear in our API's v2.0 token and in the ID token", async () => {
    const { sim, demo } = scenario;
    sim.control.assignAppRole({ user: demo.users.adele.upn, resource: demo.app.clientId, role: "Sync.Support" });
    const pkce = pkcePair();
    const { code } = await obtainCode(scenario, { user: demo.users.adele, scope: `${demo.app.apiScope} openid profile offline_access`, pkce });
    const res = await redeem(scenario, code, { code_verifier: pkce.verifier });
    const verified = await sim.verifyAccessToken(String(res.body.access_token), { audience: demo.app.clientId, anyScope: ["access_as_user"] });
    if (!verified.ok) throw new Error(verified.detail);
    expect(verified.version).toBe("2.0");
    expect(verified.claims.roles).toEqual(["Sync.Support"]);
    expect(verified.claims.iss).toBe(`${sim.url}/${demo.contoso.tenantId}/v2.0`);
    expect(verified.claims.preferred_username).toBe(demo.users.adele.upn);
    const idToken = JSON.parse(Buffer.from(String(res.body.id_token).split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;
    expect(idToken.roles).toEqual(["Sync.Support"]);
    expect(() => sim.control.assignAppRole({ user: demo.users.adele.upn, resource: demo.app.clientId, role: "Nope" })).toThrow(/no app role/);
  });
});
