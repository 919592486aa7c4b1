import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeJwtPayload, obtainCode, pkcePair, postToken, redeem, startScenario, type Scenario } from "./testSupport/scenario";

/**
 * Replays every recorded or documented Microsoft sample in test/fixtures/ms-samples/entra against the simulator and
 * compares the answers structurally: same status, same keys with the same JSON types, the same `error`,
 * `error_codes` and `suberror`, and an error_description that starts with the AADSTS code and ends with the
 * Trace ID / Correlation ID / Timestamp lines. Values that identify one response (ids, tokens, times) are not compared.
 */

const fixtureDir = join(__dirname, "../../fixtures/ms-samples/entra");
function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(fixtureDir, name), "utf8")) as Record<string, unknown>;
}

/** The JSON "type tree" of a value: objects by key, arrays by their first element. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (value === null) return "null";
  if (typeof value === "object") return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, shape(v)]));
  return typeof value;
}

/** Optional fields Entra adds to some error bodies (suberror since ~2021 on refresh failures, claims for CA). */
const optionalErrorFields = new Set(["suberror", "claims", "error_uri", "error_codes", "timestamp", "trace_id", "correlation_id"]);

function expectSameErrorShape(actual: { status: number; body: Record<string, unknown> }, sample: Record<string, unknown>, status: number): void {
  expect(actual.status).toBe(status);
  const body = actual.body;
  for (const [key, value] of Object.entries(sample)) {
    expect({ key, type: shape(body[key]) }).toEqual({ key, type: shape(value) });
  }
  for (const key of Object.keys(body)) if (!(key in sample)) expect({ extra: key, allowed: optionalErrorFields.has(key) }).toEqual({ extra: key, allowed: true });
  expect(body.error).toBe(sample.error);
  if (sample.error_codes) expect(body.error_codes).toEqual(sample.error_codes);
  if (sample.suberror) expect(body.suberror).toBe(sample.suberror);
  const code = /^AADSTS(\d+):/.exec(String(sample.error_description))?.[1];
  expect(String(body.error_description)).toMatch(new RegExp(`^AADSTS${code}: `));
  expect(String(body.error_description)).toMatch(/\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(String(body.timestamp)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(body.error_uri).toBe(`https://login.microsoftonline.com/error?code=${code}`);
  expect(String(body.error_description)).toContain(`Trace ID: ${String(body.trace_id)}`);
  expect(String(body.error_description)).toContain(`Correlation ID: ${String(body.correlation_id)}`);
}

describe("Entra simulator replays Microsoft's samples", () => {
  let scenario: Scenario;
  beforeAll(async () => {
    scenario = await startScenario();
  });
  afterAll(() => scenario.close());

  /** A refresh token for a user, obtained through the real pages. */
  async function refreshTokenFor(user: { upn: string; password: string }, scope = "openid profile offline_access User.Read"): Promise<string> {
    const pkce = pkcePair();
    const { code } = await obtainCode(scenario, { user, scope, pkce });
    const tokens = await redeem(scenario, code, { code_verifier: pkce.verifier });
    expect(tokens.status).toBe(200);
    return String(tokens.body.refresh_token);
  }

  function refresh(refreshToken: string, scope: string) {
    const { sim, demo } = scenario;
    return postToken(sim, demo.contoso.tenantId, {
      grant_type: "refresh_token",
      client_id: demo.app.clientId,
      client_secret: demo.app.clientSecret,
      refresh_token: refreshToken,
      scope,
    });
  }

  it("openid-configuration-v2.json: same document shape, endpoints on the simulator, tenant issuer", async () => {
    const { sim, demo } = scenario;
    const res = await fetch(`${sim.url}/${demo.contoso.tenantId}/v2.0/.well-known/openid-configuration`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(shape(body)).toEqual(shape(fixture("openid-configuration-v2.json")));
    expect(body.issuer).toBe(`${sim.url}/${demo.contoso.tenantId}/v2.0`);
    for (const key of ["token_endpoint", "authorization_endpoint", "jwks_uri", "end_session_endpoint", "device_authorization_endpoint"]) {
      expect(String(body[key]).startsWith(`${sim.url}/${demo.contoso.tenantId}/`)).toBe(true);
    }
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("instance-discovery.json: same shape, one cloud whose alias is the simulator", async () => {
    const { sim, demo } = scenario;
    const authorize = `${sim.url}/${demo.contoso.tenantId}/oauth2/v2.0/authorize`;
    const res = await fetch(`${sim.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(authorize)}`);
    const body = (await res.json()) as { tenant_discovery_endpoint: string; metadata: Array<{ aliases: string[] }> };
    expect(res.status).toBe(200);
    expect(shape(body)).toEqual(shape(fixture("instance-discovery.json")));
    expect(body.tenant_discovery_endpoint).toBe(`${sim.url}/${demo.contoso.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(body.metadata[0]?.aliases).toEqual([new URL(sim.url).host]);
  });

  it("token-client-credentials-200.json: exactly the keys and types of the real answer", async () => {
    const { sim, demo } = scenario;
    const res = await postToken(sim, demo.contoso.tenantId, {
      grant_type: "client_credentials",
      client_id: demo.app.clientId,
      client_secret: demo.app.clientSecret,
      scope: "https://graph.microsoft.com/.default",
    });
    expect(res.status).toBe(200);
    expect(shape(res.body)).toEqual(shape(fixture("token-client-credentials-200.json")));
    expect(res.body.token_type).toBe("Bearer");
    expect(res.body.ext_expires_in).toBe(res.body.expires_in);
  });

  it("token-error-7000215-invalid-secret-401.json", async () => {
    const { sim, demo } = scenario;
    const res = await postToken(sim, demo.contoso.tenantId, {
      grant_type: "client_credentials",
      client_id: demo.app.clientId,
      client_secret: "not-the-secret",
      scope: "https://graph.microsoft.com/.default",
    });
    expectSameErrorShape(res, fixture("token-error-7000215-invalid-secret-401.json"), 401);
    expect(String(res.body.error_description)).toContain(demo.app.clientId);
  });

  it("token-error-65001-consent_required-400.json: refreshing for a scope never consented", async () => {
    const rt = await refreshTokenFor(scenario.demo.users.adele);
    const res = await refresh(rt, "Mail.Send openid profile offline_access");
    expectSameErrorShape(res, fixture("token-error-65001-consent_required-400.json"), 400);
  });

  it("token-error-700082-expired-refresh-token-400.json: 90 days without use", async () => {
    const rt = await refreshTokenFor(scenario.demo.users.adele);
    scenario.sim.control.advanceClock({ days: 90, minutes: 1 });
    const res = await refresh(rt, "User.Read openid profile offline_access");
    expectSameErrorShape(res, fixture("token-error-700082-expired-refresh-token-400.json"), 400);
    expect(String(res.body.error_description)).toMatch(/was issued on \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z and was inactive for 90\.00:00:00\./);
  });

  it("token-error-70011-invalid_scope-400.json", async () => {
    const rt = await refreshTokenFor(scenario.demo.users.adele);
    const res = await refresh(rt, "https://graph.microsoft.com/.default https://graph.microsoft.com/User.Read");
    expectSameErrorShape(res, fixture("token-error-70011-invalid_scope-400.json"), 400);
  });

  it("token-error-50076-mfa-400.json: MFA became required after the grant", async () => {
    const rt = await refreshTokenFor(scenario.demo.users.adele);
    scenario.sim.control.requireMfa({ user: scenario.demo.users.adele.upn });
    try {
      const res = await refresh(rt, "User.Read openid profile offline_access");
      expectSameErrorShape(res, fixture("token-error-50076-mfa-400.json"), 400);
      expect(String(res.body.error_description)).toContain("00000003-0000-0000-c000-000000000000");
    } finally {
      scenario.sim.control.requireMfa({ user: scenario.demo.users.adele.upn, required: false });
    }
  });

  it("token-error-50079-mfa-enroll-400.json: MFA required, no method registered, with a claims challenge", async () => {
    const rt = await refreshTokenFor(scenario.demo.users.adele);
    scenario.sim.control.requireMfa({ user: scenario.demo.users.adele.upn, registered: false });
    try {
      const res = await refresh(rt, "User.Read openid profile offline_access");
      expectSameErrorShape(res, fixture("token-error-50079-mfa-enroll-400.json"), 400);
      const claims = JSON.parse(String(res.body.claims)) as { access_token: { capolids: { essential: boolean; values: string[] } } };
      expect(claims.access_token.capolids.essential).toBe(true);
    } finally {
      scenario.sim.control.updateUser({ user: scenario.demo.users.adele.upn, mfaRequired: false, mfaRegistered: true });
    }
  });

  it("token responses carry what MSAL needs (client_info is uid.utid)", async () => {
    const pkce = pkcePair();
    const { code } = await obtainCode(scenario, { user: scenario.demo.users.adele, scope: "openid profile offline_access User.Read", pkce });
    const res = await redeem(scenario, code, { code_verifier: pkce.verifier });
    const info = JSON.parse(Buffer.from(String(res.body.client_info), "base64url").toString("utf8")) as { uid: string; utid: string };
    expect(info).toEqual({ uid: scenario.demo.users.adele.objectId, utid: scenario.demo.contoso.tenantId });
    expect(decodeJwtPayload(String(res.body.id_token)).oid).toBe(info.uid);
  });

  it("spells Graph scopes and the audience the way the client asked (bare name or URI)", async () => {
    const bare = pkcePair();
    const { code } = await obtainCode(scenario, { user: scenario.demo.users.adele, scope: "openid profile offline_access User.Read", pkce: bare });
    const short = await redeem(scenario, code, { code_verifier: bare.verifier });
    expect(String(short.body.scope).split(" ")).toContain("User.Read");
    expect(decodeJwtPayload(String(short.body.access_token)).aud).toBe("00000003-0000-0000-c000-000000000000");

    const uri = pkcePair();
    const second = await obtainCode(scenario, { user: scenario.demo.users.adele, scope: "openid profile offline_access https://graph.microsoft.com/User.Read", pkce: uri });
    const qualified = await redeem(scenario, second.code, { code_verifier: uri.verifier });
    expect(String(qualified.body.scope).split(" ")).toEqual(expect.arrayContaining(["https://graph.microsoft.com/User.Read", "openid", "profile"]));
    expect(decodeJwtPayload(String(qualified.body.access_token)).aud).toBe("https://graph.microsoft.com");
  });
});
