import { readFileSync } from "node:fs";
import {
  ConfidentialClientApplication,
  CryptoProvider,
  InteractionRequiredAuthError,
  type AccountInfo,
  type Configuration,
  type ICachePlugin,
  type TokenCacheContext,
} from "@azure/msal-node";
import { ensureDevCertificates } from "../../../server/tls/devCertificates";
import { FormBrowser, expectPage, expectRedirect } from "./testSupport/formBrowser";
import { decodeJwtPayload, postToken, startScenario, type Scenario } from "./testSupport/scenario";

/**
 * msal-node 7 end to end against the simulator, no mocks: the configuration a confidential web app (our sync server)
 * uses, a cache plugin persisting one blob, a second app instance reloading it, silent refresh after expiry, revoked
 * grants, and client credentials. MSAL compares token expiry with the wall clock, so the test moves Date itself; the
 * simulator's SimulatedClock reads the same Date.now and moves with it.
 */

const exchangeScope = "https://outlook.office365.com/EWS.AccessAsUser.All";
const realFetch = globalThis.fetch;
const requestedUrls: string[] = [];

/** A cache plugin over one in-memory blob, as the server would keep per user in its database. */
function blobCachePlugin(store: { blob?: string }): ICachePlugin {
  return {
    beforeCacheAccess: async (context: TokenCacheContext) => {
      if (store.blob) context.tokenCache.deserialize(store.blob);
    },
    afterCacheAccess: async (context: TokenCacheContext) => {
      if (context.cacheHasChanged) store.blob = context.tokenCache.serialize();
    },
  };
}

function refreshTokensIn(blob: string | undefined): string[] {
  const parsed = JSON.parse(blob ?? "{}") as { RefreshToken?: Record<string, { secret: string }> };
  return Object.values(parsed.RefreshToken ?? {}).map((rt) => rt.secret);
}

function advanceWallClock(ms: number): void {
  jest.setSystemTime(Date.now() + ms);
}

describe("msal-node 7 against the Entra simulator", () => {
  let scenario: Scenario;
  let msalConfig: (store: { blob?: string }) => Configuration;

  beforeAll(async () => {
    // Fake only Date (timers stay real, and fake time keeps flowing) so MSAL and the simulator share a movable now.
    jest.useFakeTimers({
      advanceTimers: true,
      doNotFake: ["nextTick", "setImmediate", "clearImmediate", "setInterval", "clearInterval", "setTimeout", "clearTimeout", "queueMicrotask", "hrtime", "performance"],
    });
    globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      requestedUrls.push(typeof input === "string" ? input : input instanceof URL ? input.toString() : input.url);
      return realFetch(input, init);
    }) as typeof fetch;
    scenario = await startScenario();
    const { sim, demo } = scenario;
    msalConfig = (store) => ({
      auth: {
        clientId: demo.app.clientId,
        clientSecret: demo.app.clientSecret,
        ...sim.msalAuthorityOptions(demo.contoso.tenantId),
      },
      cache: { cachePlugin: blobCachePlugin(store) },
    });
  });

  afterAll(async () => {
    globalThis.fetch = realFetch;
    jest.useRealTimers();
    await scenario.close();
  });

  /** getAuthCodeUrl with PKCE → sign-in and consent pages → acquireTokenByCode. */
  async function signInInteractively(app: ConfidentialClientApplication, user: { upn: string; password: string }) {
    const { sim, demo } = scenario;
    const pkce = await new CryptoProvider().generatePkceCodes();
    const url = await app.getAuthCodeUrl({
      scopes: [exchangeScope],
      redirectUri: demo.app.webRedirectUri,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: "S256",
      state: "msal-state",
      loginHint: user.upn,
    });
    expect(url.startsWith(`${sim.url}/`)).toBe(true);
    const browser = new FormBrowser(sim.url);
    const signInPage = expectPage(await browser.open(url));
    expect(signInPage.html).toContain(`value="${user.upn}"`); // login_hint prefilled
    let outcome = await browser.submit(signInPage, "signin", { login: user.upn, passwd: user.password });
    if (outcome.kind === "page") outcome = await browser.submit(outcome, "consent", { action: "accept" });
    const redirect = expectRedirect(outcome);
    expect(redirect.params.get("state")).toBe("msal-state");
    const code = redirect.params.get("code") ?? "";
    return app.acquireTokenByCode({ code, scopes: [exchangeScope], redirectUri: demo.app.webRedirectUri, codeVerifier: pkce.verifier });
  }

  it("signs in with the auth code flow, refreshes silently after expiry with a rotated refresh token, and reloads the cache in a new instance", async () => {
    const { sim, demo } = scenario;
    const store: { blob?: string } = {};
    const first = new ConfidentialClientApplication(msalConfig(store));
    const result = await signInInteractively(first, demo.users.adele);

    const account = result.account as AccountInfo;
    expect(account.homeAccountId).toBe(`${demo.users.adele.objectId}.${demo.contoso.tenantId}`);
    expect(account.username).toBe(demo.users.adele.upn);
    expect(result.scopes.map((s) => s.toLowerCase())).toContain(exchangeScope.toLowerCase());
    const verified = await sim.verifyAccessToken(result.accessToken, { audience: "https://outlook.office365.com", anyScope: ["EWS.AccessAsUser.All"] });
    expect(verified.ok).toBe(true);
    const firstRefreshTokens = refreshTokensIn(store.blob);
    expect(firstRefreshTokens).toHaveLength(1);

    // Within the token's lifetime, silent answers from the cache.
    const cached = await first.acquireTokenSilent({ account, scopes: [exchangeScope] });
    expect(cached.accessToken).toBe(result.accessToken);

    // Two hours later, in a fresh instance that only has the persisted blob.
    advanceWallClock(2 * 3600 * 1000);
    const second = new ConfidentialClientApplication(msalConfig(store));
    const reloaded = await second.getTokenCache().getAccountByHomeId(account.homeAccountId);
    expect(reloaded?.username).toBe(demo.users.adele.upn);
    const refreshed = await second.acquireTokenSilent({ account: reloaded as AccountInfo, scopes: [exchangeScope] });
    expect(refreshed.accessToken).not.toBe(result.accessToken);
    expect(refreshed.fromCache).toBe(false);
    const rotated = refreshTokensIn(store.blob);
    expect(rotated).toHaveLength(1);
    expect(rotated[0]).not.toBe(firstRefreshTokens[0]);

    // Entra does not revoke a refresh token when it is used: the old one still redeems.
    const old = await postToken(sim, demo.contoso.tenantId, {
      grant_type: "refresh_token",
      client_id: demo.app.clientId,
      client_secret: demo.app.clientSecret,
      refresh_token: firstRefreshTokens[0] ?? "",
      scope: `${exchangeScope} offline_access openid profile`,
    });
    expect(old.status).toBe(200);
  });

  it("turns a revoked grant into InteractionRequiredAuthError on silent refresh", async () => {
    const { sim, demo } = scenario;
    const store: { blob?: string } = {};
    const app = new ConfidentialClientApplication(msalConfig(store));
    const result = await signInInteractively(app, demo.users.megan);
    sim.control.revokeSessions({ user: demo.users.megan.upn });
    advanceWallClock(2 * 3600 * 1000);
    const error = await app.acquireTokenSilent({ account: result.account as AccountInfo, scopes: [exchangeScope] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect((error as InteractionRequiredAuthError).errorCode).toBe("invalid_grant");
    expect((error as InteractionRequiredAuthError).errorMessage).toMatch(/^AADSTS50173:/);
  });

  it("gets an app-only Exchange token with full_access_as_app after admin consent (client secret)", async () => {
    const { sim, demo } = scenario;
    sim.control.grantAdminConsent({ tenant: demo.contoso.tenantId, clientId: demo.app.clientId });
    const app = new ConfidentialClientApplication(msalConfig({}));
    const result = await app.acquireTokenByClientCredential({ scopes: ["https://outlook.office365.com/.default"] });
    const claims = decodeJwtPayload(result?.accessToken ?? "");
    expect(claims.aud).toBe("https://outlook.office365.com");
    expect(claims.roles).toEqual(["full_access_as_app"]);
    expect(claims.tid).toBe(demo.contoso.tenantId);
    expect(claims.appid).toBe(demo.app.clientId);
    expect(claims.ver).toBe("1.0");
  });

  it("authenticates with a certificate (client assertion) for client credentials", async () => {
    const { sim, demo } = scenario;
    const tls = await ensureDevCertificates();
    const registered = sim.control.addClientCertificate({ clientId: demo.app.clientId, certificatePem: readFileSync(tls.certFile, "utf8") });
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: demo.app.clientId,
        clientCertificate: { thumbprintSha256: registered.thumbprintSha256, privateKey: tls.key },
        ...sim.msalAuthorityOptions(demo.contoso.tenantId),
      },
    });
    const result = await app.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
    const claims = decodeJwtPayload(result?.accessToken ?? "");
    expect(claims.appidacr).toBe("2");
    expect(claims.roles).toEqual(expect.arrayContaining(["Mail.Read", "Calendars.Read"]));
  });

  it("never left loopback: every request MSAL made went to the simulator", () => {
    expect(requestedUrls.length).toBeGreaterThan(0);
    for (const url of requestedUrls) expect(url.startsWith(scenario.sim.url)).toBe(true);
  });
});
