import { SignJWT, generateKeyPair } from "jose";
import type { ConnectOutcome, MeMailboxResponse } from "../../server/api/contract";
import { CallerTokenVerifier, UnauthorizedError } from "../../server/identity/callerToken";
import type { Mailbox } from "../../server/store/mailboxRepository";
import { expectPage } from "../simulators/entra/testSupport/formBrowser";
import { api, connectMailbox, land, openThroughServer, serverCookieOf } from "../support/connectFlow";
import type { StoreKind } from "../support/databases";
import { emptyStore } from "../support/databases";
import type { EntraWorld } from "../simulators/world/entraWorld";
import type { EntraServer } from "../support/entraServer";
import { startEntraServer } from "../support/entraServer";
import type { TestServer } from "../support/serverHarness";
import { apiToken, completeSignIn } from "../support/signIn";
import { withClockAhead } from "../support/timeTravel";
import { FormBrowser } from "../simulators/entra/testSupport/formBrowser";
import { chromium } from "playwright-core";
import { chromiumLaunchOptions, screenshotPath } from "../support/browser";

jest.setTimeout(60_000);

const stores: StoreKind[] = ["embedded", "postgres"];

describe.each(stores)("connecting a mailbox (%s store)", (store) => {
  let es: EntraServer;
  let world: EntraWorld;
  let ts: TestServer;
  let url: string;
  const tokens: Record<string, string> = {};
  /** The server's client secret at Entra (a test replaces it). */
  let secretKeyId: string;
  // Fabrikam allows no user consent; its admin let everyone use the sidebar itself (the API scope), not yet mailbox access.
  const sidebarConsentForAlex = () =>
    world.entra.control.grantUserConsent({ user: world.users.alex.upn, clientId: world.app.clientId, scopes: [`api://${world.app.clientId}/access_as_user`, "openid", "profile", "offline_access"] });

  beforeAll(async () => {
    es = await startEntraServer({ store });
    ({ world, ts, url } = es);
    secretKeyId = world.app.secretKeyId;
    sidebarConsentForAlex();
    for (const name of ["adele", "diego", "alex"] as const) tokens[name] = await es.token(world.users[name]);
  });
  afterAll(() => es?.dispose());

  // One server and one Entra for the suite; each test starts with nobody set up: an empty store (no tenant, mailbox,
  // secret or set-up count), no rep's consent to mailbox access at Entra, and Fabrikam's admin not yet approving.
  beforeEach(async () => {
    await emptyStore(ts.server.services.db);
    for (const name of ["adele", "diego"] as const) world.entra.control.revokeUserConsent({ user: world.users[name].upn, clientId: world.app.clientId });
    world.entra.control.revokeAdminConsent({ tenant: world.fabrikam.tenantId, clientId: world.app.clientId });
    sidebarConsentForAlex();
  });

  const mine = async (who: string) => (await api(url, tokens[who] ?? "", "GET", "/api/me/mailbox")).body as MeMailboxResponse;
  const mailboxOf = async (who: "adele" | "diego" | "alex"): Promise<Mailbox> => {
    const u = world.users[who];
    const m = await ts.server.services.mailboxes.findByEmail(u.tenantId, u.upn);
    if (!m) throw new Error(`no mailbox for ${who}`);
    return m;
  };
  const storedCache = async (m: Mailbox) => (await ts.server.services.secrets.get({ ownerKind: "mailbox", ownerId: m.id, purpose: "msal_cache" })) ?? "";
  /** A test that needs the rep's mailbox in sync sets it up first, as the rep would. */
  const connected = async (who: "adele" | "diego"): Promise<Mailbox> => {
    expect(await connectMailbox(url, world, tokens[who] ?? "", world.users[who])).toMatchObject({ outcome: "connected" });
    return mailboxOf(who);
  };
  const refreshTokens = () => world.entra.control.listIssuedTokens({ kind: "refresh_token", clientId: world.app.clientId, user: world.users.adele.objectId }).map((t) => t.value);

  it("shows no mailbox before setup", async () => {
    expect((await mine("adele")).mailbox).toBeNull();
  });

  it("connects after one consent screen, keeps the tokens across a restart, and saves each rotated refresh token", async () => {
    const outcome = await connectMailbox(url, world, tokens.adele ?? "", world.users.adele);
    expect(outcome).toEqual({ outcome: "connected", email: "adele@contoso.com" });
    expect((await mine("adele")).mailbox).toMatchObject({ status: "active", email: "adele@contoso.com", managedByAdmin: false, reason: null, lastSync: null, loggedToday: 0 });

    await ts.restart();
    const m = await mailboxOf("adele");
    const rt0 = refreshTokens().at(-1) ?? "";
    expect(await storedCache(m)).toContain(rt0);

    const first = await ts.server.services.delegatedTokens.acquire(m, { forceRefresh: true });
    expect(first).toMatchObject({ ok: true });
    const rt1 = refreshTokens().at(-1) ?? "";
    expect(rt1).not.toBe(rt0);
    const afterFirst = await storedCache(m);
    expect(afterFirst).toContain(rt1);
    expect(afterFirst).not.toContain(rt0);

    await ts.restart();
    const second = await ts.server.services.delegatedTokens.acquire(await mailboxOf("adele"), { forceRefresh: true });
    expect(second).toMatchObject({ ok: true });
    const rt2 = refreshTokens().at(-1) ?? "";
    expect(new Set([rt0, rt1, rt2]).size).toBe(3);
    expect(await storedCache(m)).toContain(rt2);
  });

  it("keeps users apart: one rep sees only their own mailbox and cannot connect another's", async () => {
    await connected("adele");
    expect((await mine("diego")).mailbox).toBeNull();
    const attempt = await api(url, tokens.diego ?? "", "POST", "/api/me/connect", { mailboxEmail: "adele@contoso.com" });
    expect(attempt.status).toBe(403);
    // A colleague who has not connected yet is just as much refused: the address must be the signed-in rep's own.
    const colleague = await api(url, tokens.diego ?? "", "POST", "/api/me/connect", { mailboxEmail: world.users.megan.upn });
    expect(colleague.status).toBe(403);
    expect(colleague.body).toMatchObject({ error: "forbidden", message: expect.stringMatching(/signed in as diego@contoso.com.*only for that mailbox/) });
    expect(await ts.server.services.mailboxes.findByEmail(world.contoso.tenantId, world.users.megan.upn)).toBeNull();
    const gone = await api(url, tokens.diego ?? "", "DELETE", "/api/me/mailbox");
    expect(gone.status).toBe(404);
    expect((await mine("adele")).mailbox?.status).toBe("active");
  });

  it("refuses a sign-in as someone else than the rep who started it", async () => {
    const outcome = await connectMailbox(url, world, tokens.diego ?? "", world.users.adele, { mailboxEmail: "diego@contoso.com" });
    expect(outcome).toMatchObject({ outcome: "error", message: expect.stringMatching(/signed in as adele@contoso.com/) });
    expect((await mine("diego")).mailbox?.status).toBe("pending");
  });

  it("a state is single use: replaying the callback is refused", async () => {
    const start = await api(url, tokens.diego ?? "", "POST", "/api/me/connect", { mailboxEmail: "diego@contoso.com" });
    const browser = new FormBrowser(world.entra.url);
    const back = await completeSignIn(world, browser, await openThroughServer(browser, (start.body as { dialogUrl: string }).dialogUrl), world.users.diego);
    const first = await land(back);
    expect(first).toContain("Your mailbox is connected");
    const replay = await land(back);
    expect(replay).toContain("expired or was already used");
  });

  it("a declined consent leaves the mailbox pending, says so, and offers the admin link", async () => {
    const outcome = await connectMailbox(url, world, tokens.alex ?? "", world.users.alex, {
      decision: "cancel",
      // Fabrikam lets only admins consent: Entra shows "Need admin approval"; the rep returns to the app.
      onPage: async (o, b) => {
        const page = expectPage(o);
        expect(page.html).toContain("Need admin approval");
        return b.followLink(page, "Return to the application without granting consent");
      },
    });
    expect(outcome).toMatchObject({ outcome: "declined", adminConsentUrl: `${url}/api/connect/admin-consent?tenant=${world.fabrikam.tenantId}` });
    // Nothing was set up, so the sidebar offers "Set up sync" again.
    expect((await mine("alex")).mailbox).toBeNull();
  });

  it("after the tenant admin approves through the forwarded link, the rep connects", async () => {
    const browser = new FormBrowser(world.entra.url);
    const page = await openThroughServer(browser, `${url}/api/connect/admin-consent?tenant=${world.fabrikam.tenantId}`);
    const back = await completeSignIn(world, browser, page, world.users.fabrikamAdmin);
    expect(await land(back, serverCookieOf(browser))).toContain("Consent granted");
    const tenant = await ts.server.services.tenants.get(world.fabrikam.tenantId);
    expect(tenant?.adminConsentVerified).toBe(true);
    const outcome: ConnectOutcome = await connectMailbox(url, world, tokens.alex ?? "", world.users.alex);
    expect(outcome).toEqual({ outcome: "connected", email: "alex@fabrikam.com" });
  });

  it("a revoked grant ends in 'Reconnect your mailbox' with the remedy, and reconnecting makes it active again", async () => {
    const m = await connected("adele");
    world.entra.control.revokeSessions({ user: world.users.adele.upn, surfaceAs: 50173 });
    // The access token in hand stays valid for its hour; the next refresh after it is refused.
    const result = await withClockAhead(2 * 3600_000, () => ts.server.services.runner.run(m.id, "sync_now"));
    expect(result.verdict).toMatchObject({ kind: "attention", reason: "reconnect_required" });
    const view = (await mine("adele")).mailbox;
    expect(view).toMatchObject({ status: "attention", reason: "reconnect_required", remedy: { title: "Reconnect your mailbox", actor: "user" } });
    expect(view?.remedy?.text).toMatch(/Choose Reconnect/);
    tokens.adele = await apiToken(world, world.users.adele, url);
    expect(await connectMailbox(url, world, tokens.adele, world.users.adele)).toMatchObject({ outcome: "connected" });
    expect((await mine("adele")).mailbox?.status).toBe("active");
  });

  it("90 days without use end in reconnect_required (AADSTS700082)", async () => {
    const m = await connected("adele");
    // The whole clock moves (not only Entra's), and back afterwards, so later tests sign in at today's time.
    const result = await withClockAhead(91 * 86_400_000, () => ts.server.services.delegatedTokens.acquire(m, { forceRefresh: true }));
    expect(result).toMatchObject({ ok: false, failure: { kind: "attention", reason: "reconnect_required", code: 700082 } });
  });

  it("holds no plaintext token, code or client secret in the database or the logs", async () => {
    // Two reps' token caches in the store, one of them after a refresh that rotated its refresh token.
    expect((await ts.server.services.delegatedTokens.acquire(await connected("adele"), { forceRefresh: true })).ok).toBe(true);
    await connected("diego");
    const issued = world.entra.control.listIssuedTokens({}).map((t) => t.value);
    expect(issued.length).toBeGreaterThan(10);
    const tables = await ts.server.services.db.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
    );
    let dump = "";
    for (const t of tables) dump += JSON.stringify(await ts.server.services.db.query(`select * from ${t.table_name}`));
    const logs = ts.logs.join("");
    expect(dump.length).toBeGreaterThan(1000);
    for (const secret of issued) {
      expect(dump.includes(secret)).toBe(false);
      expect(logs.includes(secret)).toBe(false);
    }
  });

  it("a bad client secret is the operators' problem, not the rep's", async () => {
    const m = await connected("adele");
    world.entra.control.removeClientSecret({ clientId: world.app.clientId, keyId: secretKeyId });
    try {
      const result = await withClockAhead(2 * 3600_000, () => ts.server.services.runner.run(m.id, "schedule"));
      expect(result.verdict).toMatchObject({ kind: "attention", reason: "server_misconfigured" });
      expect((await mine("adele")).mailbox?.remedy).toMatchObject({ actor: "operator" });
    } finally {
      // The operators' fix, so the tests after this one can sign in: a new secret, and a restart with it.
      const fresh = world.entra.control.addClientSecret({ clientId: world.app.clientId, displayName: "server" });
      secretKeyId = fresh.keyId;
      await ts.restart({ ENTRA_CLIENT_SECRET: fresh.secretText });
    }
  });
});

describe("API caller tokens", () => {
  let es: EntraServer;
  let world: EntraWorld;
  let ts: TestServer;
  let url: string;

  beforeAll(async () => {
    es = await startEntraServer();
    ({ world, ts, url } = es);
  });
  afterAll(() => es?.dispose());

  it("refuses no token, a forged token, an ID token and a token for another API with 401", async () => {
    expect((await api(url, null, "GET", "/api/me/mailbox")).status).toBe(401);

    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ tid: world.contoso.tenantId, oid: world.users.adele.objectId, scp: "access_as_user" })
      .setProtectedHeader({ alg: "RS256", kid: "forged" })
      .setIssuer(`${world.entra.url}/${world.contoso.tenantId}/v2.0`)
      .setAudience(world.app.clientId)
      .setExpirationTime("1h")
      .sign(privateKey);
    const res = await api(url, forged, "GET", "/api/me/mailbox");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/invalid_token/);

    const idToken = world.entra.control.listIssuedTokens({ kind: "id_token" }).at(-1)?.value;
    await apiToken(world, world.users.adele, url);
    const id = world.entra.control.listIssuedTokens({ kind: "id_token" }).at(-1)?.value ?? idToken ?? "";
    expect((await api(url, id, "GET", "/api/me/mailbox")).body).toMatchObject({ error: "unauthorized", message: expect.stringMatching(/ID tokens/) });

    // A genuine token from the same Entra tenant, signed with the same keys, but for Microsoft Graph: not ours to accept.
    const graphAnswer = await fetch(`${world.entra.url}/${world.contoso.tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: world.app.clientId, client_secret: world.app.clientSecret, scope: "https://graph.microsoft.com/.default" }),
    });
    const graph = ((await graphAnswer.json()) as { access_token?: string }).access_token ?? "";
    expect(world.entra.control.listIssuedTokens({ kind: "access_token" }).find((t) => t.value === graph)?.audience).toBe("https://graph.microsoft.com");
    const foreign = await api(url, graph, "GET", "/api/me/mailbox");
    expect(foreign.status).toBe(401);
    expect(foreign.headers.get("www-authenticate")).toMatch(/invalid_token/);
  });

  it("refuses a token from a tenant a single-tenant server does not serve, and an expired token", async () => {
    world.entra.control.grantUserConsent({ user: world.users.alex.upn, clientId: world.app.clientId, scopes: [`api://${world.app.clientId}/access_as_user`, "openid", "profile", "offline_access"] });
    const token = await apiToken(world, world.users.alex, url);
    const verifier = new CallerTokenVerifier({ authorityHost: world.entra.url, clientId: world.app.clientId, tenant: world.contoso.tenantId });
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toThrow(UnauthorizedError);
    const multi = new CallerTokenVerifier({ authorityHost: world.entra.url, clientId: world.app.clientId, tenant: "organizations" });
    await expect(multi.verify(`Bearer ${token}`)).resolves.toMatchObject({ tid: world.fabrikam.tenantId });

    await withClockAhead(3 * 3600_000, () => expect(multi.verify(`Bearer ${token}`)).rejects.toThrow(/expired/));
  });

  it("the admin-consent callback writes nothing unless its own browser started it, for its tenant, and the grant is verified", async () => {
    const madeUp = "3c1d7e55-9a0b-4c2d-8e6f-7a8b9c0d1e2f";
    const auditOf = async (tenantId: string) => (await ts.server.services.db.query("select 1 from audit_log where tenant_id = $1", [tenantId])).length;
    const startFor = async (tenant: string) => {
      const res = await fetch(`${url}/api/connect/admin-consent?tenant=${tenant}`, { redirect: "manual" });
      const state = new URL(res.headers.get("location") ?? "").searchParams.get("state") ?? "";
      return { state, cookie: res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") };
    };
    const callback = (q: Record<string, string>, cookie = "") =>
      fetch(`${url}/api/connect/admin-consent/callback?${new URLSearchParams({ admin_consent: "True", ...q })}`, cookie ? { headers: { cookie } } : {});

    // Anyone, unauthenticated, with a real state but not the browser that started it.
    const fabrikamLink = await startFor(world.fabrikam.tenantId);
    const stranger = await callback({ state: fabrikamLink.state, tenant: madeUp });
    expect(stranger.status).toBe(400);
    expect(await stranger.text()).toContain("Consent failed");
    // The right browser, but the answer names another tenant than the link was for.
    const otherTenant = await callback({ state: fabrikamLink.state, tenant: madeUp }, fabrikamLink.cookie);
    expect(await otherTenant.text()).toMatch(/Consent failed[\s\S]*another organisation/);
    // A link for any organisation, answered for a made-up tenant: the grant cannot be verified there.
    const anyLink = await startFor("organizations");
    const unverified = await callback({ state: anyLink.state, tenant: madeUp }, anyLink.cookie);
    expect(unverified.status).toBe(400);
    expect(await unverified.text()).toMatch(/Consent failed[\s\S]*could not confirm/);
    expect(await ts.server.services.tenants.get(madeUp)).toBeNull();
    expect(await auditOf(madeUp)).toBe(0);

    // What the admin sees in a browser.
    const browser = await chromium.launch(chromiumLaunchOptions());
    try {
      const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 800, height: 400 } });
      const page = await context.newPage();
      await page.goto(`${url}/api/connect/admin-consent/callback?${new URLSearchParams({ admin_consent: "True", state: "forged", tenant: madeUp })}`);
      await page.getByRole("heading", { name: "Consent failed" }).waitFor();
      expect(await page.getByText("Consent granted").count()).toBe(0);
      await page.screenshot({ path: screenshotPath("hardening", "admin-consent-failed") });
    } finally {
      await browser.close();
    }
  });
});
