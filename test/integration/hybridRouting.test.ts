/**
 * A hybrid tenant (issue #15): one rep's mailbox in Exchange Online, another on the company's own Exchange. Both sync,
 * each routed where it lives. Then the on-premises mailbox migrates to Exchange Online (the simulator's migration
 * control): while it moves, EWS answers ErrorMailboxMoveInProgress and the mailbox only waits; once moved, Autodiscover
 * points to the cloud, the password is deleted and the rep is asked to connect again (the cloud needs OAuth); after the
 * rep's Microsoft sign-in the mailbox syncs from Exchange Online and nothing already logged is logged twice. A mailbox
 * moved to another on-premises server is followed there by Autodiscover in the same turn, with no rep action.
 */
import type { ExchangeSimulator } from "../simulators/exchange";
import { startExchangeSimulator } from "../simulators/exchange";
import type { DiscoveryNet } from "../simulators/exchange/discovery/discoveryNet";
import { connectMailbox } from "../support/connectFlow";
import type { OnpremWorld } from "../support/onpremWorld";
import { startOnpremWorld } from "../support/onpremWorld";
import { apiToken } from "../support/signIn";
import type { SyncWorld } from "../support/syncWorld";

jest.setTimeout(180_000);

const MEGAN = "megan@contoso.com";
const PASSWORD = "Megan#Hybrid1";
/** What the move keeps: the same messages, with the same Internet Message-IDs, in the cloud copy of the mailbox. */
const BEFORE_THE_MOVE = [1, 2, 3].map((n) => ({ subject: `Hybrid order ${n}`, internetMessageId: `<hybrid-order-${n}@fabrikam.com>` }));

describe("a hybrid tenant: each mailbox routed where it lives, and a migrated mailbox re-routed without duplicates", () => {
  let w: SyncWorld;
  let onprem: ExchangeSimulator;
  let net: DiscoveryNet;
  let company: OnpremWorld;
  let meganToken = "";

  const mailboxOf = (email: string) => w.ts.server.services.mailboxes.findByEmail(w.world.contoso.tenantId, email);
  const logged = (subject: string) => w.world.salesforce.control.activities(w.world.salesforceOrgId).tasks.filter((t) => t.fields.Subject === `Email: ${subject}`).length;
  const online = () => w.world.exchange;
  /** Customer mail to a mailbox on one Exchange (on-premises or Online), keeping the Internet Message-ID when given. */
  const deliver = (sim: ExchangeSimulator, m: { subject: string; internetMessageId?: string }, to = MEGAN) =>
    sim.control.deliverMail(to, { from: { name: "Bea Buyer", email: "buyer@fabrikam.com" }, subject: m.subject, ...(m.internetMessageId ? { internetMessageId: m.internetMessageId } : {}) });

  beforeAll(async () => {
    company = await startOnpremWorld({ messagesPerMailbox: 4, eventsPerMailbox: 1 });
    ({ w, onprem, net } = company);
    onprem.control.createMailbox({ smtp: MEGAN, displayName: "Megan Bowen", account: { domain: "CONTOSO", username: "megan", password: PASSWORD } });
    for (const m of BEFORE_THE_MOVE) deliver(onprem, m);
    meganToken = await apiToken(w.world, w.world.users.megan, w.url);
  });
  afterAll(async () => {
    await company?.dispose();
  });

  it("syncs both mailboxes, each over its own Exchange", async () => {
    await w.connect("adele");
    const setup = await fetch(`${w.url}/api/me/onprem`, {
      method: "POST",
      headers: { authorization: `Bearer ${meganToken}`, "content-type": "application/json" },
      body: JSON.stringify({ email: MEGAN, password: PASSWORD }),
    });
    expect([setup.status, await setup.json()]).toEqual([200, { outcome: "connected", usedRemembered: false }]);
    online().control.resetCallCounters();
    onprem.control.resetCallCounters();

    const adele = await w.syncThatRan("adele@contoso.com");
    const megan = await w.syncThatRan(MEGAN);
    expect([adele.outcome, megan.outcome]).toEqual(["ok", "ok"]);
    for (const m of BEFORE_THE_MOVE) expect(logged(m.subject)).toBe(1);

    const calls = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    // Adele's mailbox is read from Exchange Online only, Megan's from the company's own server only.
    expect(calls(online().control.callCounters("adele@contoso.com"))).toBeGreaterThan(0);
    expect(calls(onprem.control.callCounters(MEGAN))).toBeGreaterThan(0);
    expect(calls(online().control.callCounters(MEGAN))).toBe(0);
  });

  it("while the mailbox moves, it waits (EWS: ErrorMailboxMoveInProgress) and keeps its on-premises login", async () => {
    onprem.control.migrateMailbox({ smtp: MEGAN, phase: "moving" });
    net.resetCalls();
    const r = await w.syncThatRan(MEGAN);
    expect(r.verdict).toMatchObject({ kind: "retry", error: expect.stringMatching(/^mailbox_moving:/) });
    // Autodiscover was asked where the mailbox is, and said: still here.
    expect(net.totalCalls()).toBeGreaterThan(0);
    const m = await mailboxOf(MEGAN);
    expect(m).toMatchObject({ access: "onprem_password", state: { status: "active" } });
    expect(await w.ts.server.services.onprem.login(m?.id ?? "")).toMatchObject({ ewsUrl: onprem.ewsUrl });
  });

  it("once moved to Exchange Online: the rep is asked to sign in with Microsoft, then it syncs from the cloud with nothing logged twice", async () => {
    // The cloud copy keeps the messages (and their Internet Message-IDs); one more arrives there after the move.
    for (const m of BEFORE_THE_MOVE) deliver(online(), m);
    deliver(online(), { subject: "Hybrid order 4 (after the move)" });
    onprem.control.migrateMailbox({ smtp: MEGAN, phase: "moved", cloudAddress: "megan@contoso.mail.onmicrosoft.com" });

    const moved = await w.syncThatRan(MEGAN);
    expect(moved.verdict).toMatchObject({ kind: "attention", reason: "moved_to_online", error: expect.stringMatching(/moved to Exchange Online/) });
    const m = await mailboxOf(MEGAN);
    expect(m).toMatchObject({ access: "delegated", provider: "ews", state: { status: "attention", reason: "moved_to_online" } });
    // The password is gone with the on-premises login.
    expect(await w.ts.server.services.onprem.login(m?.id ?? "")).toBeNull();
    const sealed = await w.ts.server.services.db.query("select 1 from secrets where owner_kind = 'mailbox' and owner_id = $1 and purpose = 'password'", [m?.id]);
    expect(sealed).toHaveLength(0);
    const audit = await w.ts.server.services.db.query<{ detail: Record<string, unknown> }>("select detail from audit_log where action = 'mailbox.relocated' and mailbox_id = $1", [m?.id]);
    expect(audit).toEqual([{ detail: expect.objectContaining({ from: onprem.ewsUrl, to: "Exchange Online" }) }]);

    const me = await fetch(`${w.url}/api/me/mailbox`, { headers: { authorization: `Bearer ${meganToken}` } });
    expect(((await me.json()) as { mailbox: unknown }).mailbox).toMatchObject({ onpremPassword: false, status: "attention", reason: "moved_to_online", remedy: expect.objectContaining({ title: "Your mailbox moved to Microsoft 365" }) });

    // The rep signs in with Microsoft (the sidebar's Reconnect): the same mailbox row, now over Exchange Online.
    const outcome = await connectMailbox(w.url, w.world, meganToken, w.world.users.megan);
    expect(outcome).toMatchObject({ outcome: "connected" });
    expect((await mailboxOf(MEGAN))?.id).toBe(m?.id);
    expect((await w.syncThatRan(MEGAN)).outcome).toBe("ok");
    for (const b of BEFORE_THE_MOVE) expect(logged(b.subject)).toBe(1);
    expect(logged("Hybrid order 4 (after the move)")).toBe(1);
    expect((await w.syncThatRan(MEGAN)).stats.logged).toBe(0);
  });

  it("a mailbox moved to another on-premises server is followed there in the same turn, with no rep action and nothing twice", async () => {
    const DIEGO = "diego@contoso.com";
    const orders = [1, 2].map((n) => ({ subject: `Site move order ${n}`, internetMessageId: `<site-move-${n}@fabrikam.com>` }));
    const send = (sim: ExchangeSimulator, m: { subject: string; internetMessageId?: string }) => deliver(sim, m, DIEGO);
    onprem.control.createMailbox({ smtp: DIEGO, displayName: "Diego Siciliani", account: { domain: "CONTOSO", username: "diego", password: PASSWORD } });
    for (const m of orders) send(onprem, m);
    const diegoToken = await apiToken(w.world, w.world.users.diego, w.url);
    const setup = await fetch(`${w.url}/api/me/onprem`, {
      method: "POST",
      headers: { authorization: `Bearer ${diegoToken}`, "content-type": "application/json" },
      body: JSON.stringify({ email: DIEGO, password: PASSWORD }),
    });
    expect(setup.status).toBe(200);
    expect((await w.syncThatRan(DIEGO)).outcome).toBe("ok");
    for (const m of orders) expect(logged(m.subject)).toBe(1);

    // The company moves Diego's mailbox to a second server (same messages), and Autodiscover now answers from there.
    const second = await startExchangeSimulator({ mode: "onprem" });
    try {
      second.control.createMailbox({ smtp: DIEGO, displayName: "Diego Siciliani", account: { domain: "CONTOSO", username: "diego", password: PASSWORD } });
      for (const m of orders) send(second, m);
      send(second, { subject: "Site move order 3 (on the new server)" });
      onprem.control.migrateMailbox({ smtp: DIEGO, phase: "moving" });
      net.setHost("autodiscover.contoso.com", "https", { kind: "autodiscover", simulatorUrl: second.url });

      const r = await w.syncThatRan(DIEGO);
      expect(r.outcome).toBe("ok");
      const m = await mailboxOf(DIEGO);
      expect(m).toMatchObject({ access: "onprem_password", state: { status: "active" } });
      expect(await w.ts.server.services.onprem.login(m?.id ?? "")).toMatchObject({ ewsUrl: second.ewsUrl });
      for (const o of orders) expect(logged(o.subject)).toBe(1);
      expect(logged("Site move order 3 (on the new server)")).toBe(1);
      const audit = await w.ts.server.services.db.query<{ detail: Record<string, unknown> }>("select detail from audit_log where action = 'mailbox.relocated' and mailbox_id = $1", [m?.id]);
      expect(audit).toEqual([{ detail: { from: onprem.ewsUrl, to: second.ewsUrl } }]);
    } finally {
      net.setHost("autodiscover.contoso.com", "https", { kind: "autodiscover", simulatorUrl: onprem.url });
      await second.close();
    }
  });
});
