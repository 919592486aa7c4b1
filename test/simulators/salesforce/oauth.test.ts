import { createHash, createHmac, createPrivateKey, generateKeyPairSync, randomBytes } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { SignJWT } from "jose";
import { Connection, OAuth2 } from "jsforce";
import { ensureDevCertificates } from "../../../server/tls/devCertificates";
import type { SalesforceSimulator } from "./index";
import { startSalesforceSimulator } from "./index";
import { API_VERSION, connect, rejection } from "./testkit";

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const TWO_HOURS = 2 * 3600 * 1000;

let sim: SalesforceSimulator;

beforeEach(async () => {
  sim = await startSalesforceSimulator();
});

afterEach(async () => {
  await sim.close();
});

async function tokenRequest(params: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${sim.url}/services/oauth2/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe("refresh token flow", () => {
  it("answers with Salesforce's token response, signed with the consumer secret", async () => {
    const issued = sim.control.issueRefreshToken(sim.defaultApp.clientId, sim.defaultOrg.admin.username);
    const { status, body } = await tokenRequest({
      grant_type: "refresh_token",
      refresh_token: issued.refreshToken,
      client_id: sim.defaultApp.clientId,
      client_secret: sim.defaultApp.clientSecret,
    });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["access_token", "id", "instance_url", "issued_at", "scope", "signature", "token_type"]);
    expect(body.token_type).toBe("Bearer");
    expect(body.instance_url).toBe(sim.url);
    expect(body.id).toBe(`${sim.url}/id/${sim.defaultOrg.orgId}/${sim.defaultOrg.admin.id}`);
    expect(body.issued_at).toMatch(/^\d{13}$/);
    const expected = createHmac("sha256", sim.defaultApp.clientSecret).update(body.id! + body.issued_at!).digest("base64");
    expect(body.signature).toBe(expected);
    expect(body.access_token).not.toBe(issued.accessToken);
  });

  it("lets jsforce refresh an expired session by itself and retry the call", async () => {
    const conn = connect(sim);
    await conn.query("SELECT Id FROM User");
    const firstToken = conn.accessToken;
    const refreshed = jest.fn();
    conn.on("refresh", refreshed);

    sim.control.advanceClock(TWO_HOURS + 1);
    const result = await conn.query<{ Id: string }>("SELECT Id FROM User");

    expect(result.totalSize).toBeGreaterThan(0);
    expect(refreshed).toHaveBeenCalledTimes(1);
    expect(conn.accessToken).not.toBe(firstToken);
    expect(sim.control.callCounts(sim.defaultOrg.orgId)["oauth.token"]).toBe(1);
  });

  it("keeps a session alive while it is used within the timeout", async () => {
    const conn = connect(sim);
    for (let i = 0; i < 3; i++) {
      sim.control.advanceClock(TWO_HOURS - 60_000);
      await conn.query("SELECT Id FROM User");
    }
    expect(sim.control.callCounts()["oauth.token"]).toBe(0);
  });

  it("refreshes after an administrator expires every session", async () => {
    const conn = connect(sim);
    expect(sim.control.expireSessions(sim.defaultOrg.orgId)).toBe(1);
    await conn.query("SELECT Id FROM User");
    expect(sim.control.callCounts()["oauth.token"]).toBe(1);
  });

  it("reports a revoked refresh token as invalid_grant: expired access/refresh token", async () => {
    const conn = connect(sim);
    sim.control.revokeRefreshTokens();
    const err = await rejection(conn.query("SELECT Id FROM User"));
    expect(err.message).toContain("expired access/refresh token");
  });

  it("expires refresh tokens by the app's policy", async () => {
    const app = sim.control.registerConnectedApp({ refreshTokenPolicy: { kind: "expire-if-unused", ms: 24 * 3600 * 1000 } });
    const issued = sim.control.issueRefreshToken(app.clientId, sim.defaultOrg.admin.username);
    const oauth2 = new OAuth2({ loginUrl: sim.url, clientId: app.clientId, clientSecret: app.clientSecret });
    await expect(oauth2.refreshToken(issued.refreshToken)).resolves.toHaveProperty("access_token");
    sim.control.advanceClock(24 * 3600 * 1000);
    const err = await rejection(oauth2.refreshToken(issued.refreshToken));
    expect(err.name).toBe("invalid_grant");
    expect(err.message).toBe("expired access/refresh token");
  });

  it("rejects a wrong consumer secret and an unknown consumer key", async () => {
    const issued = sim.control.issueRefreshToken(sim.defaultApp.clientId, sim.defaultOrg.admin.username);
    const wrongSecret = new OAuth2({ loginUrl: sim.url, clientId: sim.defaultApp.clientId, clientSecret: "not-the-secret" });
    const e1 = await rejection(wrongSecret.refreshToken(issued.refreshToken));
    expect([e1.name, e1.message]).toEqual(["invalid_client", "invalid client credentials"]);
    const unknown = new OAuth2({ loginUrl: sim.url, clientId: "3MVG9unknown", clientSecret: "x" });
    const e2 = await rejection(unknown.refreshToken(issued.refreshToken));
    expect([e2.name, e2.message]).toEqual(["invalid_client_id", "client identifier invalid"]);
  });

  it("refuses to refresh for a deactivated user", async () => {
    const conn = connect(sim);
    sim.control.setUserActive(sim.defaultOrg.orgId, sim.defaultOrg.admin.id, false);
    const err = await rejection(conn.query("SELECT Id FROM User"));
    expect(err.message).toContain("inactive user");
  });

  it("answers an unsupported grant type as Salesforce does", async () => {
    const { status, body } = await tokenRequest({ grant_type: "password", username: "x", password: "y" });
    expect(status).toBe(400);
    expect(body).toEqual({ error: "unsupported_grant_type", error_description: "grant type not supported" });
  });
});

describe("JWT bearer flow", () => {
  let privateKey: KeyObject;
  let certificatePem: string;

  beforeAll(async () => {
    const tls = await ensureDevCertificates();
    privateKey = createPrivateKey(tls.key);
    certificatePem = tls.cert;
  });

  function assertion(claims: { iss: string; sub: string; aud?: string; expInSeconds?: number }, key: KeyObject = privateKey): Promise<string> {
    const nowSeconds = Math.floor(sim.control.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: "RS256" })
      .setIssuer(claims.iss)
      .setSubject(claims.sub)
      .setAudience(claims.aud ?? sim.url)
      .setExpirationTime(nowSeconds + (claims.expInSeconds ?? 180))
      .sign(key);
  }

  function jwtConnection(): Connection {
    return new Connection({ loginUrl: sim.url, version: API_VERSION });
  }

  it("issues a session for a pre-authorized user of an app whose certificate signed the assertion", async () => {
    const app = sim.control.registerConnectedApp({
      certificatePem,
      permittedUsers: "admin-approved",
      preAuthorizedUsernames: [sim.defaultOrg.admin.username],
    });
    const conn = jwtConnection();
    const userInfo = await conn.authorize({ grant_type: JWT_BEARER, assertion: await assertion({ iss: app.clientId, sub: sim.defaultOrg.admin.username }) });
    expect(userInfo.organizationId).toBe(sim.defaultOrg.orgId);
    expect(userInfo.id).toBe(sim.defaultOrg.admin.id);
    expect(conn.refreshToken).toBeFalsy();
    const users = await conn.query<{ Username: string }>("SELECT Username FROM User");
    expect(users.records.map((u) => u.Username)).toContain(sim.defaultOrg.admin.username);
  });

  it.each([
    ["an audience other than this login host", { aud: "https://test.salesforce.com" }, "invalid_grant", "audience is invalid"],
    ["an expired assertion", { expInSeconds: -10 }, "invalid_grant", "expired authorization code"],
  ])("rejects %s", async (_what, overrides, error, description) => {
    const app = sim.control.registerConnectedApp({ certificatePem, permittedUsers: "admin-approved", preAuthorizedUsernames: [sim.defaultOrg.admin.username] });
    const err = await rejection(
      jwtConnection().authorize({ grant_type: JWT_BEARER, assertion: await assertion({ iss: app.clientId, sub: sim.defaultOrg.admin.username, ...overrides }) }),
    );
    expect([err.name, err.message]).toEqual([error, description]);
  });

  it("rejects an assertion signed with a key other than the registered certificate's", async () => {
    const app = sim.control.registerConnectedApp({ certificatePem, permittedUsers: "admin-approved", preAuthorizedUsernames: [sim.defaultOrg.admin.username] });
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const err = await rejection(
      jwtConnection().authorize({ grant_type: JWT_BEARER, assertion: await assertion({ iss: app.clientId, sub: sim.defaultOrg.admin.username }, other) }),
    );
    expect([err.name, err.message]).toEqual(["invalid_grant", "invalid assertion"]);
  });

  it("rejects an unknown issuer, and users the app is not approved for", async () => {
    const app = sim.control.registerConnectedApp({ certificatePem, permittedUsers: "admin-approved", preAuthorizedUsernames: [] });
    const e1 = await rejection(jwtConnection().authorize({ grant_type: JWT_BEARER, assertion: await assertion({ iss: "3MVG9nobody", sub: sim.defaultOrg.admin.username }) }));
    expect([e1.name, e1.message]).toEqual(["invalid_client_id", "client identifier invalid"]);
    const e2 = await rejection(jwtConnection().authorize({ grant_type: JWT_BEARER, assertion: await assertion({ iss: app.clientId, sub: sim.defaultOrg.admin.username }) }));
    expect([e2.name, e2.message]).toEqual(["invalid_app_access", "user is not admin approved to access this app"]);
  });

  it("needs a prior approval on a self-authorizing app", async () => {
    const app = sim.control.registerConnectedApp({ certificatePem, permittedUsers: "all" });
    const jwt = async () => assertion({ iss: app.clientId, sub: sim.defaultOrg.admin.username });
    const err = await rejection(jwtConnection().authorize({ grant_type: JWT_BEARER, assertion: await jwt() }));
    expect([err.name, err.message]).toEqual(["invalid_grant", "user hasn't approved this consumer"]);
    sim.control.issueRefreshToken(app.clientId, sim.defaultOrg.admin.username);
    await expect(jwtConnection().authorize({ grant_type: JWT_BEARER, assertion: await jwt() })).resolves.toHaveProperty("organizationId");
  });
});

describe("client credentials flow", () => {
  it("runs as the app's run-as user", async () => {
    const conn = new Connection({
      oauth2: { loginUrl: sim.url, clientId: sim.defaultApp.clientId, clientSecret: sim.defaultApp.clientSecret },
      version: API_VERSION,
    });
    const userInfo = await conn.authorize({ grant_type: "client_credentials" });
    expect(userInfo.id).toBe(sim.defaultOrg.admin.id);
    await expect(conn.query("SELECT Id FROM Contact")).resolves.toHaveProperty("done", true);
  });

  it("accepts the credentials as HTTP Basic and refuses apps without a run-as user", async () => {
    const basic = Buffer.from(`${sim.defaultApp.clientId}:${sim.defaultApp.clientSecret}`).toString("base64");
    const ok = await tokenRequest({ grant_type: "client_credentials" }, { Authorization: `Basic ${basic}` });
    expect(ok.status).toBe(200);
    const app = sim.control.registerConnectedApp({});
    const refused = await tokenRequest({ grant_type: "client_credentials", client_id: app.clientId, client_secret: app.clientSecret });
    expect(refused).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "no client credentials user enabled" } });
    const wrong = await tokenRequest({ grant_type: "client_credentials", client_id: app.clientId, client_secret: "wrong-secret" });
    expect(wrong.body.error).toBe("invalid_client");
  });
});

describe("authorization code flow", () => {
  it("redirects with a code that jsforce exchanges (with PKCE) for a refresh token", async () => {
    const redirectUri = `${sim.url}/_callback`;
    const conn = new Connection({
      oauth2: { loginUrl: sim.url, clientId: sim.defaultApp.clientId, clientSecret: sim.defaultApp.clientSecret, redirectUri, useVerifier: true },
      version: API_VERSION,
    });
    const authorizeUrl = conn.oauth2.getAuthorizationUrl({ state: "xyz", login_hint: sim.defaultOrg.admin.username });
    const res = await fetch(authorizeUrl, { redirect: "manual" });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(location.searchParams.get("state")).toBe("xyz");
    const code = location.searchParams.get("code")!;

    const userInfo = await conn.authorize(code);
    expect(userInfo.organizationId).toBe(sim.defaultOrg.orgId);
    expect(conn.refreshToken).toBeTruthy();
    const again = await rejection(conn.authorize(code));
    expect([again.name, again.message]).toEqual(["invalid_grant", "expired authorization code"]);
  });

  it("rejects a code verifier that does not match the challenge", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    sim.control.setInteractiveUser(sim.defaultOrg.admin.username);
    const url = new URL(`${sim.url}/services/oauth2/authorize`);
    for (const [k, v] of Object.entries({ response_type: "code", client_id: sim.defaultApp.clientId, redirect_uri: `${sim.url}/_callback`, code_challenge: challenge }))
      url.searchParams.set(k, v);
    const res = await fetch(url, { redirect: "manual" });
    const code = new URL(res.headers.get("location")!).searchParams.get("code")!;
    const { status, body } = await tokenRequest({
      grant_type: "authorization_code",
      code,
      client_id: sim.defaultApp.clientId,
      redirect_uri: `${sim.url}/_callback`,
      code_verifier: "not-the-verifier",
    });
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_request");
  });
});

describe("revocation and identity", () => {
  it("revokes a refresh token together with its sessions", async () => {
    const conn = connect(sim);
    const accessToken = conn.accessToken!;
    await conn.logout(true);
    const res = await fetch(`${sim.url}/services/data/v${API_VERSION}/query?q=SELECT+Id+FROM+User`, { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual([{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]);
  });

  it("serves the identity URL and userinfo for the session's user", async () => {
    const conn = connect(sim);
    const identity = await conn.identity();
    expect(identity).toMatchObject({
      user_id: sim.defaultOrg.admin.id,
      organization_id: sim.defaultOrg.orgId,
      username: sim.defaultOrg.admin.username,
    });
    const res = await fetch(`${sim.url}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${conn.accessToken}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user_id: sim.defaultOrg.admin.id, preferred_username: sim.defaultOrg.admin.username });
  });
});
