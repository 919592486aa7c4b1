import type { SalesforceSimulator } from "./index";
import { startSalesforceSimulator } from "./index";
import { connect } from "./testkit";

let sim: SalesforceSimulator;

beforeEach(async () => {
  sim = await startSalesforceSimulator();
});

afterEach(async () => {
  await sim.close();
});

async function control(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${sim.url}/_control${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

describe("seeding", () => {
  it("creates exactly the listed contacts and leads", () => {
    const contacts = Array.from({ length: 200 }, (_, i) => `person${i}@customer${i % 7}.example.com`);
    const leads = Array.from({ length: 50 }, (_, i) => `prospect${i}@startup${i}.example.com`);
    const result = sim.control.seed(sim.defaultOrg.orgId, { contacts, leads });
    expect(result.contacts.map((c) => c.email)).toEqual(contacts);
    expect(result.leads.map((l) => l.email)).toEqual(leads);
    const stored = sim.control.records(sim.defaultOrg.orgId, "Contact");
    expect(stored.map((c) => c.Email)).toEqual(contacts);
    expect(stored.every((c) => typeof c.LastName === "string" && c.LastName !== "")).toBe(true);
  });

  it("generates the same people from the same seed in every simulator", async () => {
    const other = await startSalesforceSimulator();
    try {
      const a = sim.control.seed(sim.defaultOrg.orgId, { seed: 99, accounts: 5, contacts: 100, leads: 20 });
      const b = other.control.seed(other.defaultOrg.orgId, { seed: 99, accounts: 5, contacts: 100, leads: 20 });
      expect(a.contacts.map((c) => [c.email, c.name])).toEqual(b.contacts.map((c) => [c.email, c.name]));
      const c = sim.control.seed(sim.control.createOrg().orgId, { seed: 100, contacts: 100 });
      expect(c.contacts.map((p) => p.email)).not.toEqual(a.contacts.map((p) => p.email));
      expect(new Set(a.contacts.map((p) => p.email)).size).toBe(100);
      expect(a.contacts.every((p) => p.accountId !== null)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it("explains bad input", () => {
    expect(() => sim.control.seed(sim.defaultOrg.orgId, { contacts: -1 } as never)).toThrow(/contacts/);
    expect(() => sim.control.seed("00Dnope", { contacts: 1 })).toThrow(/no org/);
  });
});

describe("read-back and counters", () => {
  it("returns what the CRM received, in insertion order, with relations", async () => {
    const orgId = sim.defaultOrg.orgId;
    const [a, b] = sim.control.seed(orgId, { contacts: ["a@x.example.com", "b@x.example.com"] }).contacts;
    const conn = connect(sim);
    await conn.sobject("Task").create([
      { Subject: "first", WhoId: a!.id, Sync_Key__c: "1" },
      { Subject: "second", WhoId: b!.id, Sync_Key__c: "2" },
    ]);
    const { tasks, events } = sim.control.activities(orgId);
    expect(tasks.map((t) => t.fields.Subject)).toEqual(["first", "second"]);
    expect(tasks[0]!.relations).toEqual([expect.objectContaining({ relationId: a!.id, relationType: "Contact", isWhat: false })]);
    expect(events).toEqual([]);
    expect(sim.control.callCounts(orgId)).toMatchObject({ "collection.create": 1, query: 0 });
    sim.control.resetCallCounts();
    expect(sim.control.callCounts(orgId)["collection.create"]).toBe(0);
  });
});

describe("the same controls over HTTP", () => {
  it("creates an org, seeds it, and reads state back", async () => {
    const created = await control("POST", "/orgs", { name: "Beta Corp", dailyApiLimit: 500 });
    expect(created.status).toBe(201);
    const org = created.json as { orgId: string; apiUsage: { max: number } };
    expect(org.orgId).toMatch(/^00D/);
    expect(org.apiUsage.max).toBe(500);

    const seeded = await control("POST", `/orgs/${org.orgId}/seed`, { contacts: ["x@beta.example.com"], leads: 2, seed: 1 });
    expect(seeded.status).toBe(201);
    const records = await control("GET", `/orgs/${org.orgId}/records/contact`);
    expect((records.json as { Email: string }[]).map((r) => r.Email)).toEqual(["x@beta.example.com"]);
    const state = await control("GET", "/state");
    expect((state.json as { orgs: unknown[] }).orgs).toHaveLength(2);
  });

  it("rejects invalid input with 400 and a readable message", async () => {
    const res = await control("POST", "/faults/lock-errors", { count: "three" });
    expect(res.status).toBe(400);
    expect((res.json as { error: string }).error).toMatch(/count/);
    const missing = await control("GET", "/orgs/00Dnothere/activities");
    expect(missing.status).toBe(404);
  });

  it("injects faults, advances the clock and expires sessions", async () => {
    const conn = connect(sim);
    expect((await control("POST", "/faults/lock-errors", { count: 1 })).status).toBe(204);
    expect(((await control("GET", "/faults")).json as { pendingLockErrors: number }).pendingLockErrors).toBe(1);
    const result = (await conn.sobject("Task").create([{ Subject: "x" }])) as { success: boolean }[];
    expect(result[0]!.success).toBe(false);

    const before = sim.control.now();
    const advanced = await control("POST", "/clock/advance", { ms: 60_000 });
    expect((advanced.json as { now: number }).now).toBeGreaterThanOrEqual(before + 60_000);

    const expired = await control("POST", "/sessions/expire", {});
    expect((expired.json as { expired: number }).expired).toBe(1);
    await conn.query("SELECT Id FROM User");
    expect(sim.control.callCounts()["oauth.token"]).toBe(1);

    expect((await control("POST", `/orgs/${sim.defaultOrg.orgId}/api-limit/exhaust`)).status).toBe(204);
    const usage = (await control("GET", `/orgs/${sim.defaultOrg.orgId}/api-usage`)).json as { used: number; max: number };
    expect(usage.used).toBe(usage.max);
  });

  it("issues tokens for a connected app registered over HTTP", async () => {
    const app = (await control("POST", "/connected-apps", { callbackUrls: ["https://app.example.com/cb"] })).json as { clientId: string };
    const tokens = (await control("POST", "/refresh-tokens", { clientId: app.clientId, username: sim.defaultOrg.admin.username })).json as { accessToken: string; refreshToken: string };
    const res = await fetch(`${sim.url}/services/data/v62.0/limits`, { headers: { Authorization: `Bearer ${tokens.accessToken}` } });
    expect(res.status).toBe(200);
    expect(tokens.refreshToken).toBeTruthy();
  });
});
