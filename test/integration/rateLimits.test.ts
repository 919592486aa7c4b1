/**
 * What can be hammered is limited, with Retry-After: failed authentications, sync set-ups, admin-consent starts,
 * connection tests and activations. Connect states and their PKCE verifiers go as soon as they expire.
 */
import type { EntraWorld } from "../simulators/world/entraWorld";
import { api } from "../support/connectFlow";
import type { EntraServer } from "../support/entraServer";
import { startEntraServer } from "../support/entraServer";
import type { TestServer } from "../support/serverHarness";
import { apiToken } from "../support/signIn";

jest.setTimeout(120_000);

describe("rate limits", () => {
  let es: EntraServer;
  let world: EntraWorld;
  let ts: TestServer;
  let url: string;
  let rep: string;
  let admin: string;

  // A fresh server per test: the limits count per address and per rep, so one test's hammering (50 failed sign-ins
  // from this address, 20 set-ups by Adele) would refuse the next test's requests when Jest shuffles the order.
  beforeEach(async () => {
    es = await startEntraServer();
    ({ world, ts, url } = es);
    rep = await es.token(world.users.adele);
    admin = await es.token(world.users.megan);
  });
  afterEach(() => es?.dispose());

  /** Sends the request until it is refused; answers how many went through and the refusal. */
  const hammer = async (send: () => Promise<Response>, atMost: number) => {
    for (let i = 0; i < atMost; i++) {
      const res = await send();
      if (res.status === 429) return { passed: i, retryAfter: Number(res.headers.get("retry-after")), body: (await res.json()) as { error: string; message: string } };
      await res.arrayBuffer();
    }
    return { passed: atMost, retryAfter: NaN, body: null };
  };
  const post = (token: string, path: string, body: unknown) =>
    fetch(`${url}/api${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });

  it("connect states and their PKCE verifiers are swept as soon as they expire", async () => {
    expect((await api(url, rep, "POST", "/api/me/connect", { mailboxEmail: "adele@contoso.com" })).status).toBe(200);
    const db = ts.server.services.db;
    await db.query("update connect_states set expires_at = now() - interval '1 second'");
    expect((await api(url, rep, "POST", "/api/me/connect", { mailboxEmail: "adele@contoso.com" })).status).toBe(200);
    expect(await db.query("select 1 from connect_states where expires_at < now()")).toHaveLength(0);
    const states = await db.query<{ state_hash: string }>("select state_hash from connect_states");
    const verifiers = await db.query<{ owner_id: string }>("select owner_id from secrets where owner_kind = 'connect_state'");
    expect(verifiers.map((v) => v.owner_id).sort()).toEqual(states.map((s) => s.state_hash).sort());
    expect(states).toHaveLength(1);
  });

  it("sync set-ups: 20 per rep in 10 minutes", async () => {
    const r = await hammer(() => post(rep, "/me/connect", { mailboxEmail: "adele@contoso.com" }), 40);
    expect(r.passed).toBeLessThanOrEqual(20);
    expect(r.retryAfter).toBeGreaterThan(0);
    expect(r.body).toMatchObject({ error: "too_many_requests", message: expect.stringMatching(/sync set-ups started; try again in \d+ seconds/) });
    // Another rep is not affected.
    const diego = await apiToken(world, world.users.diego, url);
    expect((await post(diego, "/me/connect", { mailboxEmail: "diego@contoso.com" })).status).toBe(200);
  });

  it("admin-consent starts, connection tests and activations", async () => {
    const consent = await hammer(() => fetch(`${url}/api/connect/admin-consent?tenant=${world.contoso.tenantId}`, { redirect: "manual" }), 40);
    expect([consent.passed, consent.retryAfter > 0]).toEqual([20, true]);
    const tests = await hammer(() => post(admin, "/console/mailboxes/6f1c0b8e-0000-4000-8000-000000000000/test-connection", {}), 40);
    expect([tests.passed, tests.retryAfter > 0]).toEqual([20, true]);
    const activations = await hammer(() => post(admin, "/console/activations", { access: { kind: "app_only" }, csv: "" }), 60);
    expect([activations.passed, activations.retryAfter > 0]).toEqual([30, true]);
  });

  it("failed authentications from one address: 50 in 5 minutes, then Retry-After", async () => {
    const r = await hammer(() => fetch(`${url}/api/me/mailbox`, { headers: { authorization: "Bearer not-a-token" } }), 80);
    expect([r.passed, r.retryAfter > 0]).toEqual([50, true]);
    expect(r.body?.message).toMatch(/failed sign-ins/);
  });
});
