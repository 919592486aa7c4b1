import { decodeProtectedHeader } from "jose";
import { remoteAccessTokenVerifier } from "./index";
import { obtainCode, pkcePair, postToken, redeem, startScenario, type Scenario } from "./testSupport/scenario";

/** Discovery documents, the JWKS, and validating the simulator's tokens with it (as the Exchange simulator will). */
describe("discovery and keys", () => {
  let scenario: Scenario;
  beforeAll(async () => {
    scenario = await startScenario();
  });
  afterAll(() => scenario.close());

  async function getJson(path: string) {
    const res = await fetch(`${scenario.sim.url}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it("serves the tenant document for its GUID and its verified domain alike, with GUID-based endpoints", async () => {
    const { demo, sim } = scenario;
    const byId = await getJson(`/${demo.contoso.tenantId}/v2.0/.well-known/openid-configuration`);
    const byDomain = await getJson(`/contoso.com/v2.0/.well-known/openid-configuration`);
    expect(byDomain.body).toEqual(byId.body);
    expect(byDomain.body.authorization_endpoint).toBe(`${sim.url}/${demo.contoso.tenantId}/oauth2/v2.0/authorize`);
  });

  it.each(["common", "organizations"])("templates the issuer for /%s like the real document", async (alias) => {
    const { body } = await getJson(`/${alias}/v2.0/.well-known/openid-configuration`);
    expect(body.issuer).toBe(`${scenario.sim.url}/{tenantid}/v2.0`);
    expect(body.token_endpoint).toBe(`${scenario.sim.url}/${alias}/oauth2/v2.0/token`);
    expect(body.tenant_region_scope).toBeNull();
  });

  it("answers an unknown tenant with invalid_tenant AADSTS90002", async () => {
    const { status, body } = await getJson(`/unknown.example/v2.0/.well-known/openid-configuration`);
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_tenant");
    expect(body.error_codes).toEqual([90002]);
  });

  it("refuses instance discovery for another host (invalid_instance AADSTS50049)", async () => {
    const { status, body } = await getJson(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent("https://login.microsoftonline.com/common/oauth2/v2.0/authorize")}`);
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_instance");
  });

  it("publishes RS256 keys with kid and x5t, and tokens name their key", async () => {
    const { demo, sim } = scenario;
    const { body } = await getJson(`/${demo.contoso.tenantId}/discovery/v2.0/keys`);
    const keys = body.keys as Array<Record<string, string>>;
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key.kty).toBe("RSA");
      expect(key.use).toBe("sig");
      expect(key.kid).toBe(key.x5t);
      expect(key.n?.length).toBeGreaterThan(300);
      expect(key.e).toBe("AQAB");
    }
    const token = await postToken(sim, demo.contoso.tenantId, {
      grant_type: "client_credentials",
      client_id: demo.app.clientId,
      client_secret: demo.app.clientSecret,
      scope: "https://outlook.office365.com/.default",
    });
    const header = decodeProtectedHeader(String(token.body.access_token));
    expect(header.alg).toBe("RS256");
    expect(keys.map((k) => k.kid)).toContain(header.kid);
    expect(header.x5t).toBe(header.kid); // v1.0 tokens carry both
  });

  it("lets another process validate tokens through the JWKS URL, and catches a wrong audience", async () => {
    const { demo, sim } = scenario;
    const token = String(
      (
        await postToken(sim, demo.contoso.tenantId, {
          grant_type: "client_credentials",
          client_id: demo.app.clientId,
          client_secret: demo.app.clientSecret,
          scope: "https://outlook.office365.com/.default",
        })
      ).body.access_token,
    );
    const verify = remoteAccessTokenVerifier(sim.url);
    const ok = await verify(token, { audience: "https://outlook.office365.com", tenantIds: [demo.contoso.tenantId] });
    expect(ok.ok).toBe(true);
    const wrong = await verify(token, { audience: "https://graph.microsoft.com" });
    expect(wrong).toEqual(expect.objectContaining({ ok: false, reason: "wrong_audience" }));
  });

  it("keeps old keys published across a rotation; dropping them invalidates old tokens", async () => {
    const { demo, sim } = scenario;
    const issue = async () =>
      String(
        (
          await postToken(sim, demo.contoso.tenantId, {
            grant_type: "client_credentials",
            client_id: demo.app.clientId,
            client_secret: demo.app.clientSecret,
            scope: "https://graph.microsoft.com/.default",
          })
        ).body.access_token,
      );
    const before = await issue();
    const rotated = await sim.control.rotateSigningKey();
    const after = await issue();
    expect(decodeProtectedHeader(after).kid).toBe(rotated.kid);
    expect(rotated.published).toHaveLength(2);
    const audience = "https://graph.microsoft.com";
    expect((await sim.verifyAccessToken(before, { audience })).ok).toBe(true);
    await sim.control.rotateSigningKey({ dropOld: true });
    expect(await sim.verifyAccessToken(before, { audience })).toEqual(expect.objectContaining({ ok: false, reason: "bad_signature" }));
  });

  it("serves the userinfo endpoint the discovery document names, for Graph tokens only", async () => {
    const { demo, sim } = scenario;
    const pkce = pkcePair();
    const { code } = await obtainCode(scenario, { user: demo.users.adele, scope: "openid profile User.Read", pkce });
    const tokens = await redeem(scenario, code, { code_verifier: pkce.verifier });
    const { body: config } = await getJson(`/${demo.contoso.tenantId}/v2.0/.well-known/openid-configuration`);
    const info = await fetch(String(config.userinfo_endpoint), { headers: { authorization: `Bearer ${String(tokens.body.access_token)}` } });
    expect(info.status).toBe(200);
    expect(await info.json()).toEqual(expect.objectContaining({ name: "Adele Vance", email: demo.users.adele.upn }));
    const exchangeToken = await postToken(sim, demo.contoso.tenantId, {
      grant_type: "client_credentials",
      client_id: demo.app.clientId,
      client_secret: demo.app.clientSecret,
      scope: "https://outlook.office365.com/.default",
    });
    const refused = await fetch(String(config.userinfo_endpoint), { headers: { authorization: `Bearer ${String(exchangeToken.body.access_token)}` } });
    expect(refused.status).toBe(401);
  });

  it("checks token lifetime against the simulated clock", async () => {
    const { demo, sim } = scenario;
    const token = String(
      (
        await postToken(sim, demo.contoso.tenantId, {
          grant_type: "client_credentials",
          client_id: demo.app.clientId,
          client_secret: demo.app.clientSecret,
          scope: "https://graph.microsoft.com/.default",
        })
      ).body.access_token,
    );
    expect((await sim.verifyAccessToken(token, { audience: "https://graph.microsoft.com" })).ok).toBe(true);
    sim.control.advanceClock({ hours: 2 });
    expect(await sim.verifyAccessToken(token, { audience: "https://graph.microsoft.com" })).toEqual(expect.objectContaining({ ok: false, reason: "expired" }));
  });
});
