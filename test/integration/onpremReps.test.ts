/**
 * Reps connecting their own on-premises Exchange mailbox through the sidebar's API (issue #15): email and password
 * only (Autodiscover finds the server), the company's settings remembered for the next colleague (fewer Autodiscover
 * calls, counted), the form told which optional field to fill, bad inputs as 400s naming the field, support clearing the
 * remembered settings (audited), and a password change that asks for the new password only and resumes without duplicates.
 */
import type { ExchangeSimulator } from "../simulators/exchange";
import type { DiscoveryNet } from "../simulators/exchange/discovery/discoveryNet";
import type { OnpremWorld } from "../support/onpremWorld";
import { startOnpremWorld } from "../support/onpremWorld";
import { apiToken } from "../support/signIn";
import type { SyncWorld } from "../support/syncWorld";

jest.setTimeout(180_000);

const PASSWORDS = { adele: "Adele#1", diego: "Diego#1", megan: "Megan#1" } as const;

describe("a rep connects an on-premises mailbox", () => {
  let w: SyncWorld;
  let onprem: ExchangeSimulator;
  let net: DiscoveryNet;
  let company: OnpremWorld;
  const tokens: Record<string, string> = {};

  const call = async <T>(who: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${w.url}/api${path}`, { method, headers: { authorization: `Bearer ${tokens[who]}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (res.status === 204 ? {} : await res.json()) as T };
  };
  const mailboxOf = (email: string) => w.ts.server.services.mailboxes.findByEmail(w.world.contoso.tenantId, email);
  const tasks = () => w.world.salesforce.control.activities(w.world.salesforceOrgId).tasks;

  // Each test gets a fresh world: what one test remembers, clears or changes (settings, audit, passwords) must not
  // decide another's outcome when Jest shuffles the order.
  beforeEach(async () => {
    company = await startOnpremWorld({ messagesPerMailbox: 5, eventsPerMailbox: 1, reps: { passwords: PASSWORDS, seed: 0, messages: 30, events: 3 } });
    ({ w, onprem, net } = company);
    for (const rep of ["adele", "diego", "megan", "grady"] as const) tokens[rep] = await apiToken(w.world, w.world.users[rep], w.url);
  });
  afterEach(async () => {
    await company?.dispose();
  });

  /** Adele connects with email and password only, as the first rep of the company does; the settings are remembered. */
  const adeleConnects = async () => {
    const r = await call("adele", "POST", "/me/onprem", { email: "adele@contoso.com", password: PASSWORDS.adele });
    if (r.status !== 200) throw new Error(`Adele could not connect: ${JSON.stringify(r)}`);
    net.resetCalls();
  };

  it("refuses bad input with a 400 naming the field, before anything is tried", async () => {
    const base = { email: "adele@contoso.com", password: PASSWORDS.adele };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, ewsUrl: "mail.contoso.com/EWS" }, /^ewsUrl: must be a URL/],
      [{ ...base, ewsUrl: "http://mail.contoso.com/EWS/Exchange.asmx" }, /^ewsUrl: must start with https:\/\//],
      [{ ...base, password: "" }, /^password: enter your password/],
      [{ ...base, username: "CONTOSO\\adele\\x" }, /^username: must be DOMAIN\\username or a UPN/],
      [{ ...base, username: "not a name" }, /^username: must be DOMAIN\\username/],
      [{ ...base, password: "x".repeat(10_000) }, /^password: must be at most 256 characters/],
      [{ ...base, ewsUrl: `https://mail.contoso.com/${"a".repeat(10_000)}` }, /^ewsUrl: must be at most 2048 characters/],
      [{ ...base, email: `${"a".repeat(10_000)}@contoso.com` }, /^email: must be at most 254 characters/],
      [{ ...base, username: `CONTOSO\\${"a".repeat(10_000)}` }, /^username: must be at most 256 characters/],
      [{ ...base, confirmHost: "a".repeat(10_000) }, /^confirmHost: must be at most 253 characters/],
      // The network rule, through the form: a link-local address (a cloud's metadata service) is no Exchange server.
      [{ ...base, ewsUrl: "https://169.254.169.254/latest/meta-data" }, /^ewsUrl: .*ALLOWED_PRIVATE_NETWORKS/],
    ];
    for (const [body, message] of cases) {
      const r = await call<{ message: string }>("adele", "POST", "/me/onprem", body);
      expect([r.status, r.body.message]).toEqual([400, expect.stringMatching(message)]);
    }
    const longPassword = await call<{ message: string }>("adele", "POST", "/me/onprem/password", { password: "x".repeat(10_000) });
    expect([longPassword.status, longPassword.body.message]).toEqual([400, expect.stringMatching(/^password: must be at most 256 characters/)]);
    const other = await call<{ field: string }>("adele", "POST", "/me/onprem", { ...base, email: "diego@contoso.com" });
    expect([other.status, other.body.field]).toEqual([403, "email"]);
    expect(net.totalCalls()).toBe(0);
    expect(await mailboxOf("adele@contoso.com")).toBeNull();
  });

  it("the first rep connects with email and password only: Autodiscover finds the server, one EWS call checks it", async () => {
    expect((await call<{ remembered: boolean }>("adele", "GET", "/me/onprem")).body).toEqual({ email: "adele@contoso.com", remembered: false });
    const r = await call<{ outcome: string }>("adele", "POST", "/me/onprem", { email: "adele@contoso.com", password: PASSWORDS.adele });
    expect(r).toEqual({ status: 200, body: { outcome: "connected", usedRemembered: false } });
    expect(net.calls()).toEqual({ "https://autodiscover.contoso.com": 1 });
    const m = await mailboxOf("adele@contoso.com");
    expect(m).toMatchObject({ access: "onprem_password", provider: "ews", state: { status: "active" } });
    const sealed = await w.ts.server.services.db.query<{ sealed: string }>("select sealed from secrets where owner_kind = 'mailbox' and owner_id = $1 and purpose = 'password'", [m?.id]);
    expect(sealed).toHaveLength(1);
    expect(sealed[0]?.sealed).not.toContain(PASSWORDS.adele);
    const result = await w.syncThatRan("adele@contoso.com");
    expect(result.outcome).toBe("ok");
    // Logged by the first sync the connect started, or by this one: no other mailbox is connected.
    expect(tasks().length).toBeGreaterThan(0);
  });

  it("a colleague connects with the remembered settings: no Autodiscover call at all", async () => {
    await adeleConnects();
    expect((await call<{ remembered: boolean }>("diego", "GET", "/me/onprem")).body.remembered).toBe(true);
    const r = await call("diego", "POST", "/me/onprem", { email: "diego@contoso.com", password: PASSWORDS.diego });
    expect(r).toEqual({ status: 200, body: { outcome: "connected", usedRemembered: true } });
    expect(net.totalCalls()).toBe(0);
    expect((await w.syncThatRan("diego@contoso.com")).outcome).toBe("ok");
  });

  it("support sees and clears the remembered settings (audited); then a failed Autodiscover says which field to fill", async () => {
    await adeleConnects();
    const list = await call<{ items: { emailDomain: string; ewsUrl: string; authMethod: string; usernameFormat: string }[] }>("grady", "GET", "/console/onprem-settings");
    expect(list.body.items).toEqual([expect.objectContaining({ emailDomain: "contoso.com", ewsUrl: onprem.ewsUrl, usernameFormat: "{email}" })]);
    expect((await call("adele", "DELETE", "/console/onprem-settings/contoso.com")).status).toBe(403);
    expect((await call("grady", "DELETE", "/console/onprem-settings/contoso.com")).status).toBe(204);
    const audit = await w.ts.server.services.db.query<{ actor: string; detail: Record<string, unknown> }>("select actor, detail from audit_log where action = 'onprem_settings.clear'");
    expect(audit).toEqual([{ actor: "grady@contoso.com", detail: expect.objectContaining({ emailDomain: "contoso.com", ewsUrl: onprem.ewsUrl }) }]);

    net.setHost("autodiscover.contoso.com", "https", null);
    const failed = await call<{ error: string; field: string; message: string; tried?: { at: string; result: string }[] }>("megan", "POST", "/me/onprem", { email: "megan@contoso.com", password: PASSWORDS.megan });
    expect(failed.status).toBe(422);
    expect(failed.body).toMatchObject({ error: "not_found", field: "ewsUrl" });
    // The sentence the rep acts on names the field; where Autodiscover looked is listed beside it, for IT.
    expect(failed.body.message).toMatch(/could not find your Exchange server automatically.*EWS URL/);
    const tried = (failed.body.tried ?? []).map((t) => t.at).join("\n");
    expect(tried).toMatch(/autodiscover\.contoso\.com.*_autodiscover\._tcp\.contoso\.com/s);
    expect(await mailboxOf("megan@contoso.com")).toBeNull();

    const filled = await call("megan", "POST", "/me/onprem", { email: "megan@contoso.com", password: PASSWORDS.megan, ewsUrl: onprem.ewsUrl, username: "CONTOSO\\megan" });
    expect(filled).toEqual({ status: 200, body: { outcome: "connected", usedRemembered: false } });
    const learned = await call<{ items: { usernameFormat: string }[] }>("grady", "GET", "/console/onprem-settings");
    expect(learned.body.items[0]?.usernameFormat).toBe("CONTOSO\\{local}");
    net.setHost("autodiscover.contoso.com", "https", { kind: "autodiscover", simulatorUrl: onprem.url });
  });

  it("a wrong password is refused, naming the password field", async () => {
    const r = await call<{ field: string }>("megan", "POST", "/me/onprem", { email: "megan@contoso.com", password: "wrong", ewsUrl: onprem.ewsUrl, username: "CONTOSO\\megan" });
    expect([r.status, r.body.field]).toEqual([422, "password"]);
  });

  it("after a password change: reconnect_required, the new password only, and sync resumes with no duplicate", async () => {
    await adeleConnects();
    expect((await w.syncThatRan("adele@contoso.com")).outcome).toBe("ok");
    const before = w.world.salesforce.control.activities(w.world.salesforceOrgId);
    onprem.control.changePassword("CONTOSO\\adele", "Adele#2");
    const failed = await w.syncThatRan("adele@contoso.com");
    expect(failed.verdict).toMatchObject({ kind: "attention", reason: "reconnect_required" });
    const me = await call<{ mailbox: { status: string; reason: string } }>("adele", "GET", "/me/mailbox");
    expect(me.body.mailbox).toMatchObject({ status: "attention", reason: "reconnect_required" });

    const wrong = await call<{ field: string }>("adele", "POST", "/me/onprem/password", { password: PASSWORDS.adele });
    expect([wrong.status, wrong.body.field]).toEqual([422, "password"]);
    const empty = await call<{ message: string }>("adele", "POST", "/me/onprem/password", { password: "" });
    expect([empty.status, empty.body.message]).toEqual([400, expect.stringMatching(/^password:/)]);
    expect(await call("adele", "POST", "/me/onprem/password", { password: "Adele#2" })).toEqual({ status: 200, body: { outcome: "resumed" } });
    expect((await mailboxOf("adele@contoso.com"))?.state).toEqual({ status: "active" });

    onprem.control.deliverMail("adele@contoso.com", { from: { name: "Buyer", email: "buyer@fabrikam.com" }, subject: "After the password change" });
    const resumed = await w.syncThatRan("adele@contoso.com");
    expect(resumed.outcome).toBe("ok");
    expect(tasks().filter((t) => t.fields.Subject === "Email: After the password change")).toHaveLength(1);
    // Only the new email was written (by the sync the new password started, or by this one): nothing logged twice.
    const after = w.world.salesforce.control.activities(w.world.salesforceOrgId);
    expect(after.tasks.length).toBe(before.tasks.length + 1);
  });
});
