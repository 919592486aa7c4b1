import { ConfidentialClientApplication, ServerError } from "@azure/msal-node";
import { FormBrowser, expectPage } from "./testSupport/formBrowser";
import { authorizeUrl, obtainCode, pkcePair, postToken, redeem, startScenario, type Scenario } from "./testSupport/scenario";

/**
 * One test per documented token-endpoint error: the client must see Entra's `error`, the AADSTS code first in
 * error_description, error_codes, the suberror where Entra sends one, and the HTTP status (401 for invalid_client).
 */
describe("token endpoint errors", () => {
  let scenario: Scenario;
  beforeAll(async () => {
    scenario = await startScenario();
  });
  afterAll(() => scenario.close());

  const basicScope = "openid profile offline_access User.Read";

  function expectEntraError(
    res: { status: number; body: Record<string, unknown> },
    expected: { status: number; error: string; code: number; suberror?: string },
  ): void {
    expect({ status: res.status, error: res.body.error, codes: res.body.error_codes, suberror: res.body.suberror }).toEqual({
      status: expected.status,
      error: expected.error,
      codes: [expected.code],
      suberror: expected.suberror,
    });
    expect(String(res.body.error_description)).toMatch(new RegExp(`^AADSTS${expected.code}: .+\\r\\nTrace ID: `));
  }

  async function codeAndVerifier(user = scenario.demo.users.adele, scope = basicScope) {
    const pkce = pkcePair();
    const { code } = await obtainCode(scenario, { user, scope, pkce });
    return { code, verifier: pkce.verifier };
  }

  async function refreshTokenFor(user = scenario.demo.users.adele): Promise<string> {
    const { code, verifier } = await codeAndVerifier(user);
    const res = await redeem(scenario, code, { code_verifier: verifier });
    expect(res.status).toBe(200);
    return String(res.body.refresh_token);
  }

  function refresh(token: string, scope = basicScope, extra: Record<string, string> = {}) {
    const { sim, demo } = scenario;
    return postToken(sim, demo.contoso.tenantId, {
      grant_type: "refresh_token",
      client_id: demo.app.clientId,
      client_secret: demo.app.clientSecret,
      refresh_token: token,
      scope,
      ...extra,
    });
  }

  function clientCredentials(tenant: string, extra: Record<string, string> = {}) {
    const { sim, demo } = scenario;
    return postToken(sim, tenant, {
      grant_type: "client_credentials",
      client_id: demo.app.clientId,
      client_secret: demo.app.clientSecret,
      scope: "https://outlook.office365.com/.default",
      ...extra,
    });
  }

  it.each(["password", "constructor", "__proto__"])("70003: grant_type=%s, which the endpoint does not know", async (grantType) => {
    const { sim, demo } = scenario;
    const res = await postToken(sim, demo.contoso.tenantId, { grant_type: grantType, client_id: demo.app.clientId, client_secret: demo.app.clientSecret });
    expectEntraError(res, { status: 400, error: "unsupported_grant_type", code: 70003 });
  });

  it("54005: an authorization code redeemed twice", async () => {
    const { code, verifier } = await codeAndVerifier();
    expect((await redeem(scenario, code, { code_verifier: verifier })).status).toBe(200);
    expectEntraError(await redeem(scenario, code, { code_verifier: verifier }), { status: 400, error: "invalid_grant", code: 54005 });
  });

  it("501481: a PKCE verifier that does not match, or is missing", async () => {
    const { code } = await codeAndVerifier();
    expectEntraError(await redeem(scenario, code, { code_verifier: pkcePair().verifier }), { status: 400, error: "invalid_grant", code: 501481 });
    const second = await codeAndVerifier();
    expectEntraError(await redeem(scenario, second.code), { status: 400, error: "invalid_grant", code: 501481 });
  });

  it("70008: an authorization code older than ten minutes", async () => {
    const { code, verifier } = await codeAndVerifier();
    scenario.sim.control.advanceClock({ minutes: 10, seconds: 1 });
    expectEntraError(await redeem(scenario, code, { code_verifier: verifier }), { status: 400, error: "invalid_grant", code: 70008 });
  });

  it("500112 / 50011: redirect_uri different from the code's, or not registered at all", async () => {
    const { sim, demo } = scenario;
    const { code, verifier } = await codeAndVerifier();
    expectEntraError(await redeem(scenario, code, { code_verifier: verifier, redirect_uri: "https://evil.example/cb" }), { status: 400, error: "invalid_request", code: 50011 });
    const app = demo.app.clientId;
    const spa = demo.app.spaRedirectUri;
    expect(sim.control.snapshot().applications.find((a) => a.clientId === app)?.redirectUris.spa).toContain(spa);
    expectEntraError(await redeem(scenario, code, { code_verifier: verifier, redirect_uri: spa }), { status: 401, error: "invalid_client", code: 500112 });
  });

  it("7000215: a wrong client secret (401)", async () => {
    const { code, verifier } = await codeAndVerifier();
    expectEntraError(await redeem(scenario, code, { code_verifier: verifier, client_secret: "wrong" }), { status: 401, error: "invalid_client", code: 7000215 });
  });

  it("7000215 also over HTTP Basic, and Basic with the right secret works", async () => {
    const { sim, demo } = scenario;
    const basic = (secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(demo.app.clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`;
    const form = { grant_type: "client_credentials", scope: "https://graph.microsoft.com/.default" };
    expectEntraError(await postToken(sim, demo.contoso.tenantId, form, { authorization: basic("wrong") }), { status: 401, error: "invalid_client", code: 7000215 });
    expect((await postToken(sim, demo.contoso.tenantId, form, { authorization: basic(demo.app.clientSecret) })).status).toBe(200);
  });

  it("7000222: an expired client secret, as msal-node reports it", async () => {
    const { sim, demo } = scenario;
    const secret = sim.control.addClientSecret({ clientId: demo.app.clientId, expiresInDays: 1 });
    sim.control.expireClientSecret({ clientId: demo.app.clientId, keyId: secret.keyId });
    const app = new ConfidentialClientApplication({
      auth: { clientId: demo.app.clientId, clientSecret: secret.secretText, ...sim.msalAuthorityOptions(demo.contoso.tenantId) },
    });
    const error = await app.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).errorCode).toBe("invalid_client");
    expect((error as ServerError).errorMessage).toMatch(/AADSTS7000222: /);
    expectEntraError(await clientCredentials(demo.contoso.tenantId, { client_secret: secret.secretText }), { status: 401, error: "invalid_client", code: 7000222 });
  });

  it("7000218: a confidential client without any credential", async () => {
    const { code, verifier } = await codeAndVerifier();
    const { sim, demo } = scenario;
    const res = await postToken(sim, demo.contoso.tenantId, {
      grant_type: "authorization_code",
      client_id: demo.app.clientId,
      code,
      code_verifier: verifier,
      redirect_uri: demo.app.webRedirectUri,
    });
    expectEntraError(res, { status: 401, error: "invalid_client", code: 7000218 });
  });

  it("700016: an unknown client id", async () => {
    expectEntraError(await clientCredentials(scenario.demo.contoso.tenantId, { client_id: "0e0e0e0e-1111-2222-3333-444444444444" }), {
      status: 400,
      error: "unauthorized_client",
      code: 700016,
    });
  });

  it("50173 (default) or 70008, as the test chooses, after the user's sessions were revoked", async () => {
    const { sim, demo } = scenario;
    const first = await refreshTokenFor(demo.users.megan);
    sim.control.revokeSessions({ user: demo.users.megan.upn });
    expectEntraError(await refresh(first), { status: 400, error: "invalid_grant", code: 50173, suberror: "bad_token" });
    const second = await refreshTokenFor(demo.users.megan);
    sim.control.revokeSessions({ user: demo.users.megan.upn, surfaceAs: 70008 });
    expectEntraError(await refresh(second), { status: 400, error: "invalid_grant", code: 70008, suberror: "bad_token" });
  });

  it("50173 after an admin resets the password; a user's own change spares confidential clients", async () => {
    const { sim, demo } = scenario;
    const token = await refreshTokenFor(demo.users.adele);
    sim.control.resetPassword({ user: demo.users.adele.upn, newPassword: "Passw0rd!", by: "user" });
    expect((await refresh(token)).status).toBe(200);
    sim.control.resetPassword({ user: demo.users.adele.upn, newPassword: "Passw0rd!", by: "admin" });
    const res = await refresh(token);
    expectEntraError(res, { status: 400, error: "invalid_grant", code: 50173, suberror: "bad_token" });
    expect(String(res.body.error_description)).toContain("TokensValidFrom");
  });

  it("65001: refreshing for a scope never consented, and after the user withdrew consent", async () => {
    const { sim, demo } = scenario;
    const token = await refreshTokenFor(demo.users.adele);
    expectEntraError(await refresh(token, "Contacts.Read offline_access"), { status: 400, error: "invalid_grant", code: 65001, suberror: "consent_required" });
    sim.control.revokeUserConsent({ user: demo.users.adele.upn, clientId: demo.app.clientId });
    expectEntraError(await refresh(token), { status: 400, error: "invalid_grant", code: 65001, suberror: "consent_required" });
  });

  it("700082: 90 days without using the refresh token; using it within 90 days resets the window", async () => {
    const { sim, demo } = scenario;
    const token = await refreshTokenFor(demo.users.adele);
    sim.control.advanceClock({ days: 89 });
    const renewed = await refresh(token);
    expect(renewed.status).toBe(200);
    sim.control.advanceClock({ days: 89 });
    expect((await refresh(String(renewed.body.refresh_token))).status).toBe(200);
    expectEntraError(await refresh(token), { status: 400, error: "invalid_grant", code: 700082, suberror: "bad_token" });
  });

  it("50076: MFA required after the grant was issued without it", async () => {
    const { sim, demo } = scenario;
    const token = await refreshTokenFor(demo.users.adele);
    sim.control.requireMfa({ user: demo.users.adele.upn });
    try {
      expectEntraError(await refresh(token), { status: 400, error: "invalid_grant", code: 50076, suberror: "basic_action" });
    } finally {
      sim.control.requireMfa({ user: demo.users.adele.upn, required: false });
    }
  });

  it("50057: the user was disabled", async () => {
    const { sim, demo } = scenario;
    const token = await refreshTokenFor(demo.users.adele);
    sim.control.updateUser({ user: demo.users.adele.upn, accountEnabled: false });
    try {
      expectEntraError(await refresh(token), { status: 400, error: "invalid_grant", code: 50057, suberror: "bad_token" });
    } finally {
      sim.control.updateUser({ user: demo.users.adele.upn, accountEnabled: true });
    }
  });

  it("70011: an invalid scope", async () => {
    const token = await refreshTokenFor();
    expectEntraError(await refresh(token, "https://graph.microsoft.com/.default Mail.Read"), { status: 400, error: "invalid_scope", code: 70011 });
  });

  it("9001023: client credentials on /common; 1002012 without /.default; 500011 for an unknown resource", async () => {
    const { demo } = scenario;
    expectEntraError(await clientCredentials("common"), { status: 400, error: "invalid_request", code: 9001023 });
    expectEntraError(await clientCredentials(demo.contoso.tenantId, { scope: "https://graph.microsoft.com/Mail.Read" }), { status: 400, error: "invalid_scope", code: 1002012 });
    expectEntraError(await clientCredentials(demo.contoso.tenantId, { scope: "https://nothing.example/.default" }), { status: 400, error: "invalid_resource", code: 500011 });
  });

  it("client credentials without admin consent: a token without roles; in a tenant that never consented: 7000229", async () => {
    const { sim, demo } = scenario;
    sim.control.revokeAdminConsent({ tenant: demo.contoso.tenantId, clientId: demo.app.clientId });
    const res = await clientCredentials(demo.contoso.tenantId);
    expect(res.status).toBe(200);
    const claims = JSON.parse(Buffer.from(String(res.body.access_token).split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;
    expect(claims.roles).toBeUndefined();
    const other = sim.control.addTenant({ displayName: "Tailspin", verifiedDomains: ["tailspin.example"] });
    expectEntraError(await clientCredentials(other.id), { status: 401, error: "invalid_client", code: 7000229 });
  });

  describe("single-page app redemption", () => {
    async function spaCode(challenge?: string): Promise<string> {
      const { sim, demo } = scenario;
      const browser = new FormBrowser(sim.url);
      const url = authorizeUrl(sim, demo.contoso.tenantId, {
        client_id: demo.app.clientId,
        response_type: "code",
        redirect_uri: demo.app.spaRedirectUri,
        scope: `${demo.app.apiScope} openid profile offline_access`,
        code_challenge: challenge,
        code_challenge_method: challenge ? "S256" : undefined,
      });
      let outcome = await browser.submit(expectPage(await browser.open(url)), "signin", { login: demo.users.adele.upn, passwd: demo.users.adele.password });
      if (outcome.kind === "page") outcome = await browser.submit(outcome, "consent", { action: "accept" });
      if (outcome.kind !== "redirect") throw new Error("no redirect");
      return outcome.params.get("code") ?? "";
    }

    function redeemSpa(code: string, verifier: string | undefined, headers: Record<string, string>) {
      const { sim, demo } = scenario;
      return postToken(
        sim,
        demo.contoso.tenantId,
        { grant_type: "authorization_code", client_id: demo.app.clientId, code, redirect_uri: demo.app.spaRedirectUri, ...(verifier ? { code_verifier: verifier } : {}) },
        headers,
      );
    }

    it("needs the Origin header (9002327) and PKCE (9002325); then returns a v2.0 token for our API with CORS", async () => {
      const pkce = pkcePair();
      expectEntraError(await redeemSpa(await spaCode(pkce.challenge), pkce.verifier, {}), { status: 400, error: "invalid_request", code: 9002327 });
      expectEntraError(await redeemSpa(await spaCode(), undefined, { origin: new URL(scenario.demo.app.spaRedirectUri).origin }), { status: 400, error: "invalid_request", code: 9002325 });
      const ok = await redeemSpa(await spaCode(pkce.challenge), pkce.verifier, { origin: new URL(scenario.demo.app.spaRedirectUri).origin });
      expect(ok.status).toBe(200);
      expect(ok.headers.get("access-control-allow-origin")).toBe("*");
      const claims = JSON.parse(Buffer.from(String(ok.body.access_token).split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;
      expect({ ver: claims.ver, aud: claims.aud, scp: claims.scp, azp: claims.azp }).toEqual({
        ver: "2.0",
        aud: scenario.demo.app.clientId,
        scp: "access_as_user",
        azp: scenario.demo.app.clientId,
      });
      expect(ok.body.scope).toBe(scenario.demo.app.apiScope);
    });

    it("700084: a SPA refresh token dies 24 hours after the first sign-in, however often it is renewed", async () => {
      const pkce = pkcePair();
      const origin = { origin: new URL(scenario.demo.app.spaRedirectUri).origin };
      const first = await redeemSpa(await spaCode(pkce.challenge), pkce.verifier, origin);
      const { sim, demo } = scenario;
      const refreshSpa = (token: string) =>
        postToken(sim, demo.contoso.tenantId, { grant_type: "refresh_token", client_id: demo.app.clientId, refresh_token: token, scope: `${demo.app.apiScope} offline_access` }, origin);
      sim.control.advanceClock({ hours: 20 });
      const renewed = await refreshSpa(String(first.body.refresh_token));
      expect(renewed.status).toBe(200);
      sim.control.advanceClock({ hours: 5 });
      expectEntraError(await refreshSpa(String(renewed.body.refresh_token)), { status: 400, error: "invalid_grant", code: 700084, suberror: "bad_token" });
    });
  });
});
