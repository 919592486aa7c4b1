/**
 * An admin connects the organisation's Salesforce from the console: the web server flow with PKCE and a state bound
 * to the admin, tenant and browser; Deny; the org's own app at a My Domain; client credentials; refresh-token rotation
 * across two refreshers; the org-wide "CRM disconnected" state and the backlog after a reconnect; disconnect. On both
 * stores, against the simulated Entra ID, Exchange and Salesforce.
 */
import type { ConsoleOverview } from "../../server/api/consoleContract";
import type { MeMailboxResponse } from "../../server/api/contract";
import type { CrmStatus, PreflightReport } from "../../server/api/crmContract";
import { OrgTokens } from "../../server/crm/salesforce/orgTokens";
import { createLogger } from "../../server/logger";
import { CrmConnectionRepository } from "../../server/store/crmConnectionRepository";
import { openDatabase } from "../../server/store/openDatabase";
import { SecretStore } from "../../server/store/secretStore";
import { loadKeyRing } from "../../server/security/loadKeyRing";
import type { StoreKind } from "../support/databases";
import { storeKinds } from "../support/databases";
import { apiToken } from "../support/signIn";
import type { SyncWorld } from "../support/syncWorld";
import { startSyncWorld } from "../support/syncWorld";

jest.setTimeout(180_000);

type Who = "admin" | "otherAdmin" | "fabrikamAdmin" | "support" | "rep";

describe.each(storeKinds)("connecting Salesforce (%s store)", (store: StoreKind) => {
  let w: SyncWorld;
  const tokens: Record<Who, string> = { admin: "", otherAdmin: "", fabrikamAdmin: "", support: "", rep: "" };
  let adele: string;

  const call = async <T>(who: Who, path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T; headers: Headers }> => {
    const res = await fetch(`${w.url}/api${path}`, {
      method: init.method ?? (init.body ? "POST" : "GET"),
      headers: { authorization: `Bearer ${tokens[who]}`, ...(init.body ? { "content-type": "application/json" } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text) as T, headers: res.headers };
  };

  /** "Connect Salesforce" in a browser: the console's POST, with the cookie the browser would keep. */
  const startConnect = async (who: Who, body: unknown): Promise<{ authorizeUrl: URL; cookie: string }> => {
    const started = await call<{ authorizeUrl: string }>(who, "/console/crm/connect", { body });
    expect(started.status).toBe(200);
    const cookie = started.headers.getSetCookie().find((c) => c.startsWith("crm_connect="))!.split(";")[0]!;
    return { authorizeUrl: new URL(started.body.authorizeUrl), cookie };
  };

  /** Salesforce approves at once as `username` and sends the browser back to our callback. */
  const approve = async (authorizeUrl: URL, username: string): Promise<URL> => {
    const url = new URL(authorizeUrl);
    url.searchParams.set("login_hint", username);
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(302);
    return new URL(res.headers.get("location")!);
  };

  /** The browser lands on the callback; returns the console page it is sent to. */
  const land = async (callback: URL, cookie: string | null): Promise<{ result: string | null; message: string | null }> => {
    const res = await fetch(callback, { redirect: "manual", headers: cookie ? { cookie } : {} });
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location.startsWith("/console.html#/crm?")).toBe(true);
    const q = new URLSearchParams(location.split("?")[1]);
    return { result: q.get("result"), message: q.get("message") };
  };

  const status = async () => (await call<CrmStatus>("admin", "/console/crm")).body;
  const adminName = () => w.world.salesforce.defaultOrg.admin.username;

  beforeAll(async () => {
    w = await startSyncWorld(store, { messagesPerMailbox: 12, eventsPerMailbox: 2 });
    const { entra, app, users } = w.world;
    // A second Contoso admin, to show a state started by one admin is useless in another's browser.
    entra.control.assignAppRole({ user: users.diego.objectId, resource: app.clientId, role: "Sync.Admin" });
    entra.control.assignAppRole({ user: users.fabrikamAdmin.objectId, resource: app.clientId, role: "Sync.Admin" });
    tokens.admin = await apiToken(w.world, users.megan, w.url);
    tokens.otherAdmin = await apiToken(w.world, users.diego, w.url);
    tokens.fabrikamAdmin = await apiToken(w.world, users.fabrikamAdmin, w.url);
    tokens.support = await apiToken(w.world, users.grady, w.url);
    tokens.rep = await apiToken(w.world, users.adele, w.url);
    adele = await w.connect("adele");
  });
  // One server for the suite; each test starts from the connection start-up made (packaged app, web server flow, by
  // admin@contoso.com), whatever the test before it connected instead, revoked or disconnected.
  beforeEach(() => w.connectSalesforce());
  afterAll(() => w?.dispose());

  it("people search and lead creation are for reps with a mailbox in sync, or a role: anyone else gets 403", async () => {
    const { entra, app, users } = w.world;
    entra.control.grantUserConsent({ user: users.alex.upn, clientId: app.clientId, scopes: [`api://${app.clientId}/access_as_user`, "openid", "profile", "offline_access"] });
    const stranger = await apiToken(w.world, users.alex, w.url);
    const as = (token: string, path: string, body: unknown) =>
      fetch(`${w.url}/api${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    const people = await as(stranger, "/me/people", { emails: [w.world.customers.contacts[0]] });
    expect(people.status).toBe(403);
    expect(await people.json()).toMatchObject({ error: "forbidden", message: expect.stringMatching(/Set up sync for your mailbox first/) });
    const lead = await as(stranger, "/me/leads", { email: "new.buyer@northwind.example", lastName: "Buyer", company: "Northwind" });
    expect(lead.status).toBe(403);
    // The rep with a connected mailbox and the support role both may search.
    expect((await call<unknown>("rep", "/me/people", { body: { emails: [w.world.customers.contacts[0]] } })).status).toBe(200);
    expect((await call<unknown>("support", "/me/people", { body: { emails: [w.world.customers.contacts[0]] } })).status).toBe(200);
  });

  it("a Support or rep token gets 403 on every CRM route", async () => {
    for (const who of ["support", "rep"] as const) {
      for (const [method, path, body] of [
        ["GET", "/console/crm", undefined],
        ["POST", "/console/crm/connect", { loginHost: "production" }],
        ["POST", "/console/crm/client-credentials", { myDomain: "https://contoso.my.salesforce.com", clientId: "x", clientSecret: "y" }],
        ["POST", "/console/crm/check", {}],
        ["DELETE", "/console/crm", undefined],
      ] as const) {
        const r = await call<{ error: string }>(who, path, { method, body });
        expect([who, method, path, r.status, r.body.error]).toEqual([who, method, path, 403, "forbidden"]);
      }
    }
    expect((await status()).state).toBe("connected");
  });

  it("shows the connected org, the user it runs as and who connected it; the sidebar and overview say connected", async () => {
    const s = await status();
    expect(s).toMatchObject({
      state: "connected",
      orgId: w.world.salesforceOrgId,
      instanceUrl: w.world.salesforce.url,
      loginHost: w.world.salesforce.url,
      flow: "web_server",
      app: "packaged",
      user: { username: adminName() },
      connectedBy: "admin@contoso.com",
      problem: null,
    });
    expect((await call<MeMailboxResponse>("rep", "/me/mailbox")).body.crm).toEqual({ state: "connected" });
    expect((await call<ConsoleOverview>("admin", "/console/overview")).body.crm).toEqual({ state: "connected", problem: null });
  });

  it("the authorize URL carries PKCE S256, our callback and a state; the browser round trip reconnects, audited", async () => {
    const { authorizeUrl, cookie } = await startConnect("admin", { loginHost: "production" });
    expect(authorizeUrl.origin).toBe(w.world.salesforce.url);
    expect(authorizeUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizeUrl.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorizeUrl.searchParams.get("redirect_uri")).toBe(`${w.url}/api/crm/salesforce/callback`);
    expect(authorizeUrl.searchParams.get("state")).toBeTruthy();
    const callback = await approve(authorizeUrl, adminName());
    expect(await land(callback, cookie)).toEqual({ result: "connected", message: "Salesforce is connected." });
    const audit = await call<{ items: { action: string; actor: string }[] }>("admin", "/console/audit");
    expect(audit.body.items.find((e) => e.action === "crm.connect")).toMatchObject({ actor: "megan@contoso.com" });
  });

  it("refuses a missing, replayed, foreign or other tenant's state, and lets the right browser finish", async () => {
    const { authorizeUrl, cookie } = await startConnect("admin", { loginHost: "production" });
    const callback = await approve(authorizeUrl, adminName());

    const missing = new URL(callback);
    missing.searchParams.delete("state");
    expect(await land(missing, cookie)).toMatchObject({ result: "failed", message: expect.stringContaining("no state") });

    // Another Contoso admin's browser, and Fabrikam's admin's browser, hold their own cookies, not this one.
    const other = await startConnect("otherAdmin", { loginHost: "production" });
    expect(await land(callback, other.cookie)).toMatchObject({ result: "failed", message: expect.stringContaining("someone else or in another browser") });
    const fabrikam = await startConnect("fabrikamAdmin", { loginHost: "production" });
    expect(await land(callback, fabrikam.cookie)).toMatchObject({ result: "failed", message: expect.stringContaining("someone else or in another browser") });
    expect(await land(callback, null)).toMatchObject({ result: "failed" });

    expect(await land(callback, cookie)).toMatchObject({ result: "connected" });
    expect(await land(callback, cookie)).toMatchObject({ result: "failed", message: expect.stringContaining("already used") });
    expect((await status()).state).toBe("connected");
  });

  it("Deny at Salesforce comes back as a clear message and changes nothing", async () => {
    const before = await status();
    w.world.salesforce.control.setAuthorizePages(true);
    try {
      const { authorizeUrl, cookie } = await startConnect("admin", { loginHost: "production" });
      const page = await fetch(authorizeUrl);
      const html = await page.text();
      expect(html).toContain("Allow Access?");
      const form = new URLSearchParams();
      for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, m[2]!.replace(/&#(\d+);/g, (_s, c: string) => String.fromCharCode(Number(c))));
      form.set("username", adminName());
      form.set("decision", "deny");
      const denied = await fetch(`${w.world.salesforce.url}/services/oauth2/authorize`, { method: "POST", body: form, redirect: "manual" });
      const callback = new URL(denied.headers.get("location")!);
      expect(callback.searchParams.get("error")).toBe("access_denied");
      expect(await land(callback, cookie)).toEqual({ result: "denied", message: expect.stringContaining("Deny") });
    } finally {
      w.world.salesforce.control.setAuthorizePages(false);
    }
    expect(await status()).toEqual(before);
  });

  it("says what to fix in a bad connect request", async () => {
    const r = await call<{ error: string; message: string }>("admin", "/console/crm/connect", { body: { loginHost: "http://contoso.my.salesforce.com" } });
    expect(r.status).toBe(400);
    expect(r.body.message).toContain("https://");
    const cc = await call<{ error: string; message: string }>("admin", "/console/crm/client-credentials", { body: { myDomain: "https://login.salesforce.com", clientId: "k", clientSecret: "s" } });
    expect(cc.status).toBe(400);
    expect(cc.body.message).toContain("My Domain");
    const empty = await call<{ error: string; message: string }>("admin", "/console/crm/client-credentials", { body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/myDomain.*clientId.*clientSecret|myDomain/);
  });

  it("two refreshers of one org's rotating token at once: both get a working token, nothing is revoked", async () => {
    const sf = w.world.salesforce.control;
    const revokedBefore = sf.revokedRefreshTokens();
    const services = w.ts.server.services;
    // A second process: its own database connection (PostgreSQL) and its own token manager over the same store.
    const logger = createLogger("silent");
    const secondDb = store === "postgres" ? await openDatabase(w.ts.config.storage) : services.db;
    try {
      const secondRepo = new CrmConnectionRepository(secondDb, new SecretStore(secondDb, loadKeyRing(w.ts.config.secretKeys)));
      const second = new OrgTokens({ config: w.ts.config, db: secondDb, connections: secondRepo, logger });
      const tenantId = w.world.contoso.tenantId;
      const seen = (await services.crmConnections.get(tenantId))!.tokenGeneration;
      sf.expireSessions();
      const [a, b] = await Promise.all([services.crmTokens.refresh(tenantId, seen), second.refresh(tenantId, seen)]);
      for (const access of [a, b]) {
        const res = await fetch(`${access.instanceUrl}/services/data/v62.0/sobjects/`, { headers: { Authorization: `Bearer ${access.accessToken}` } });
        expect(res.status).toBe(200);
      }
      expect(sf.revokedRefreshTokens()).toBe(revokedBefore);
      // The saved (rotated) refresh token still works afterwards.
      const again = await second.refresh(tenantId, Math.max(a.generation, b.generation));
      expect(again.generation).toBeGreaterThan(Math.max(a.generation, b.generation));
      expect((await status()).state).toBe("connected");
    } finally {
      if (secondDb !== services.db) await secondDb.close();
    }
  });

  it("an org whose token was not used for a week is refreshed by the keep-alive job, others are left alone", async () => {
    const services = w.ts.server.services;
    const tenantId = w.world.contoso.tenantId;
    expect(await services.crmKeepAlive.refreshIdle()).toBe(0);
    await services.db.query("update crm_connections set last_refreshed_at = now() - interval '8 days' where tenant_id = $1", [tenantId]);
    const before = (await services.crmConnections.get(tenantId))!.tokenGeneration;
    expect(await services.crmKeepAlive.refreshIdle()).toBe(1);
    const after = (await services.crmConnections.get(tenantId))!;
    expect(after.tokenGeneration).toBe(before + 1);
    expect(Date.now() - after.lastRefreshedAt!.getTime()).toBeLessThan(86_400_000);
    expect(await services.crmKeepAlive.refreshIdle()).toBe(0);
  });

  it("a deactivated connecting user: the tenant shows CRM disconnected with that reason until someone reconnects", async () => {
    const sf = w.world.salesforce.control;
    const org = w.world.salesforceOrgId;
    sf.setUserActive(org, w.world.salesforce.defaultOrg.admin.id, false);
    sf.expireSessions();
    // New customer mail, so the turn must reach Salesforce whatever earlier tests already synced.
    w.world.exchange.control.deliverMail("adele@contoso.com", { from: { name: "Bea Buyer", email: w.world.customers.contacts[0]! }, to: [{ name: "Adele", email: "adele@contoso.com" }], subject: `Order while deactivated ${store}` });
    try {
      expect((await w.ts.server.services.runner.run(adele, "schedule")).outcome).toBe("skipped");
      expect(await status()).toMatchObject({ state: "disconnected", problem: { reason: "user_deactivated", fix: expect.stringContaining("deactivated") } });
      expect((await w.ts.server.services.mailboxes.getById(adele))?.state.status).toBe("active");
    } finally {
      sf.setUserActive(org, w.world.salesforce.defaultOrg.admin.id, true);
    }
    const { authorizeUrl, cookie } = await startConnect("admin", { loginHost: "production" });
    expect(await land(await approve(authorizeUrl, adminName()), cookie)).toMatchObject({ result: "connected" });
    expect(await status()).toMatchObject({ state: "connected", problem: null });
  });

  it("preflight names the missing key field and Shared Activities with their fixes, and turns green when fixed", async () => {
    const sf = w.world.salesforce.control;
    const org = w.world.salesforceOrgId;
    sf.removeField(org, "Task", "Sync_Key__c");
    sf.removeField(org, "Event", "Sync_Key__c");
    sf.setSharedActivities(org, false);
    try {
      const report = (await call<PreflightReport>("admin", "/console/crm/check", { body: {} })).body;
      const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
      expect(byId.key_field).toMatchObject({ status: "failed", detail: expect.stringContaining("missing on Task, or not visible to this user"), fix: expect.stringContaining("External ID") });
      expect(byId.shared_activities).toMatchObject({ status: "failed", detail: expect.stringContaining("every other contact"), fix: expect.stringContaining("Shared Activities") });
      expect(byId.permissions).toMatchObject({ status: "passed" });
      expect(byId.api_limits).toMatchObject({ status: "passed" });
      expect((await status()).state === "connected" && (await status())).toMatchObject({ lastCheck: { checkedAt: report.checkedAt } });
    } finally {
      for (const object of ["Task", "Event"] as const) sf.addCustomField(org, { object, name: "Sync_Key__c", label: "Sync Key", length: 255, externalId: true, unique: true });
      sf.setSharedActivities(org, true);
    }
    const fixed = (await call<PreflightReport>("admin", "/console/crm/check", { body: {} })).body;
    expect(fixed.checks.map((c) => [c.id, c.status])).toEqual([
      ["key_field", "passed"],
      ["shared_activities", "passed"],
      ["permissions", "passed"],
      ["api_limits", "passed"],
      ["rep_users", "passed"],
    ]);
  });

  it("preflight lists reps without an active Salesforce user: their activities are owned by the integration user", async () => {
    const sf = w.world.salesforce.control;
    const org = w.world.salesforceOrgId;
    const adeleUser = sf.orgs().find((o) => o.orgId === org)!.users.find((u) => u.email.toLowerCase() === "adele@contoso.com")!;
    sf.setUserActive(org, adeleUser.id, false);
    try {
      const report = (await call<PreflightReport>("admin", "/console/crm/check", { body: {} })).body;
      const reps = report.checks.find((c) => c.id === "rep_users")!;
      expect(reps).toMatchObject({ status: "warning", detail: expect.stringContaining("adele@contoso.com") });
      expect(reps.detail).toContain("owned by the integration user");
    } finally {
      sf.setUserActive(org, adeleUser.id, true);
    }
  });

  it("an exhausted daily API limit: preflight fails it, and the tenant is paused, not disconnected", async () => {
    const sf = w.world.salesforce.control;
    const org = w.world.salesforceOrgId;
    sf.exhaustApiLimit(org);
    try {
      const report = await call<PreflightReport>("admin", "/console/crm/check", { body: {} });
      expect(report.status).toBe(200);
      expect(report.body.checks.find((c) => c.id === "api_limits")).toMatchObject({ status: "failed", fix: expect.stringContaining("API capacity") });
      expect(report.body.checks.find((c) => c.id === "key_field")?.detail).toContain("REQUEST_LIMIT_EXCEEDED");
      const people = await call<{ error: string; forUser: string }>("rep", "/me/people", { body: { emails: [w.world.customers.contacts[0]] } });
      expect([people.status, people.body.error]).toEqual([409, "crm_paused"]);
      const s = await status();
      expect(s).toMatchObject({ state: "paused", problem: { reason: "api_limit", title: "CRM paused", pausedUntil: expect.any(String) } });
      expect((await w.ts.server.services.runner.run(adele, "schedule")).outcome).toBe("skipped");
      expect((await w.ts.server.services.mailboxes.getById(adele))?.state.status).toBe("active");
    } finally {
      sf.resetApiUsage(org);
    }
    // An hour later (the pause's end, moved here to now) the next turn syncs again and the pause is gone.
    await w.ts.server.services.db.query(
      "update crm_connections set problem = jsonb_set(problem, '{pausedUntil}', to_jsonb($2::text)) where tenant_id = $1",
      [w.world.contoso.tenantId, new Date(Date.now() - 1000).toISOString()],
    );
    expect((await status()).state).toBe("connected");
    expect((await w.ts.server.services.runner.run(adele, "schedule")).outcome).toBe("ok");
    expect((await w.ts.server.services.crmConnections.get(w.world.contoso.tenantId))?.problem).toBeNull();
  });

  it("a revoked grant mid-sync: the tenant shows CRM disconnected, mailboxes keep cursors; a reconnect logs the backlog once", async () => {
    const services = w.ts.server.services;
    const first = await services.runner.run(adele, "schedule");
    expect(first.outcome).toBe("ok");
    const cursorsBefore = await services.db.query<{ folder: string; cursor: string | null }>("select folder, cursor from folder_cursors where mailbox_id = $1 order by folder", [adele]);

    w.world.salesforce.control.revokeRefreshTokens(w.world.salesforceOrgId);
    const subject = `Backlog order ${store}`;
    w.world.exchange.control.deliverMail("adele@contoso.com", { from: { name: "Bea Buyer", email: w.world.customers.contacts[0]! }, to: [{ name: "Adele", email: "adele@contoso.com" }], subject });
    const during = await services.runner.run(adele, "schedule");
    expect(during.outcome).toBe("skipped");
    const m = await services.mailboxes.getById(adele);
    expect(m?.state.status).toBe("active");
    expect(await services.db.query("select consecutive_failures from mailboxes where id = $1", [adele])).toEqual([{ consecutive_failures: 0 }]);
    expect(await services.db.query<{ folder: string; cursor: string | null }>("select folder, cursor from folder_cursors where mailbox_id = $1 order by folder", [adele])).toEqual(cursorsBefore);

    const s = await status();
    expect(s).toMatchObject({ state: "disconnected", problem: { reason: "grant_revoked", title: "CRM disconnected", fix: expect.stringContaining("Reconnect Salesforce") } });
    expect((await call<ConsoleOverview>("admin", "/console/overview")).body.crm).toMatchObject({ state: "disconnected", problem: { reason: "grant_revoked" } });
    expect((await call<MeMailboxResponse>("rep", "/me/mailbox")).body.crm).toMatchObject({ state: "disconnected", forUser: expect.stringContaining("admin must reconnect Salesforce"), actor: "tenant_admin" });
    const people = await call<{ error: string; forUser: string }>("rep", "/me/people", { body: { emails: [w.world.customers.contacts[0]] } });
    expect(people.status).toBe(409);
    expect(people.body).toMatchObject({ error: "crm_disconnected", forUser: expect.stringContaining("admin must reconnect") });
    // Still disconnected on the next turn: no mailbox is failed, none goes to attention.
    expect((await services.runner.run(adele, "schedule")).outcome).toBe("skipped");
    expect((await services.mailboxes.getById(adele))?.state.status).toBe("active");

    const { authorizeUrl, cookie } = await startConnect("admin", { loginHost: "production" });
    expect(await land(await approve(authorizeUrl, adminName()), cookie)).toMatchObject({ result: "connected" });
    expect((await status()).state).toBe("connected");
    const due = await services.db.query<{ due: boolean }>("select next_sync_at <= now() as due from mailboxes where id = $1", [adele]);
    expect(due).toEqual([{ due: true }]);
    expect((await services.runner.run(adele, "schedule")).outcome).toBe("ok");
    await services.runner.run(adele, "schedule");
    const tasks = w.world.salesforce.control.activities(w.world.salesforceOrgId).tasks.filter((t) => t.fields.Subject === `Email: ${subject}`);
    expect(tasks).toHaveLength(1);
  });

  it("the org's own app (pasted key and secret) connects at its My Domain", async () => {
    const sf = w.world.salesforce.control;
    const own = sf.registerConnectedApp({ name: "Contoso's own ECA", callbackUrls: [`${w.url}/api/crm/salesforce/callback`], requirePkce: true, rotateRefreshTokens: true });
    const myDomain = w.world.salesforce.url; // the simulator stands in for https://contoso.my.salesforce.com
    const { authorizeUrl, cookie } = await startConnect("admin", { loginHost: myDomain, ownApp: own });
    expect(authorizeUrl.origin).toBe(myDomain);
    expect(authorizeUrl.searchParams.get("client_id")).toBe(own.clientId);
    expect(await land(await approve(authorizeUrl, adminName()), cookie)).toMatchObject({ result: "connected" });
    expect(await status()).toMatchObject({ state: "connected", app: "own", loginHost: myDomain, flow: "web_server" });
    // Refreshing uses the org's own app and secret.
    sf.expireSessions();
    expect((await call<PreflightReport>("admin", "/console/crm/check", { body: {} })).status).toBe(200);
    expect((await status()).state).toBe("connected");
  });

  it("a reconnect that signs in to another org is refused, and its new grant revoked", async () => {
    const sf = w.world.salesforce.control;
    const other = sf.createOrg({ name: "Someone else's org", admin: { username: `admin-${store}@other.example.com`, lastName: "Other" } });
    const revokedBefore = sf.revokedRefreshTokens();
    const { authorizeUrl, cookie } = await startConnect("admin", { loginHost: "production" });
    const outcome = await land(await approve(authorizeUrl, other.admin.username), cookie);
    expect(outcome).toMatchObject({ result: "failed", message: expect.stringContaining("Disconnect first") });
    expect(sf.revokedRefreshTokens()).toBe(revokedBefore + 1);
    expect(await status()).toMatchObject({ state: "connected", orgId: w.world.salesforceOrgId });
  });

  it("client credentials connect the app's Integration User at the My Domain", async () => {
    const app = w.world.salesforce.defaultApp;
    const r = await call<CrmStatus>("admin", "/console/crm/client-credentials", { body: { myDomain: w.world.salesforce.url, clientId: app.clientId, clientSecret: app.clientSecret } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: "connected", flow: "client_credentials", app: "own", user: { username: adminName() } });
    const bad = await call<{ message: string }>("admin", "/console/crm/client-credentials", { body: { myDomain: w.world.salesforce.url, clientId: app.clientId, clientSecret: "wrong-secret" } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("invalid_client");
    // An expired session is replaced by repeating the grant.
    w.world.salesforce.control.expireSessions();
    expect((await services().runner.run(adele, "schedule")).outcome).toBe("ok");
  });

  const services = () => w.ts.server.services;

  it("Disconnect revokes at Salesforce and deletes here, audited; the sidebar then says no CRM is connected", async () => {
    // Connected with the web server flow (beforeEach), so there is a refresh token to revoke.
    const revokedBefore = w.world.salesforce.control.revokedRefreshTokens();
    const r = await call<CrmStatus>("admin", "/console/crm", { method: "DELETE" });
    expect(r.body).toEqual({ state: "not_connected" });
    expect(w.world.salesforce.control.revokedRefreshTokens()).toBe(revokedBefore + 1);
    expect(await services().db.query("select count(*)::int as n from secrets where owner_kind = 'crm_connection'")).toEqual([{ n: 0 }]);
    const audit = await call<{ items: { action: string; detail: Record<string, unknown> }[] }>("admin", "/console/audit");
    expect(audit.body.items.find((e) => e.action === "crm.disconnect")).toMatchObject({ detail: { revokedAtSalesforce: true } });
    expect((await call<MeMailboxResponse>("rep", "/me/mailbox")).body.crm).toMatchObject({ state: "not_connected", actor: "tenant_admin" });
    const log = await call<{ error: string }>("rep", "/me/people", { body: { emails: ["buyer@fabrikam.com"] } });
    expect([log.status, log.body.error]).toEqual([409, "crm_not_connected"]);
    expect((await services().runner.run(adele, "schedule")).outcome).toBe("skipped");
  });
});
