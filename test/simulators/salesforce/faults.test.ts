import { Connection } from "jsforce";
import type { SalesforceSimulator } from "./index";
import { API_VERSION, api, rejection, startConnected } from "./testkit";

let sim: SalesforceSimulator;
let conn: Connection;
let orgId: string;

beforeEach(async () => {
  ({ sim, conn, orgId } = await startConnected());
});

afterEach(async () => {
  await sim.close();
});

type Result = { id?: string; success: boolean; errors: { statusCode: string; message: string }[] };
const task = (key: string) => ({ Subject: key, Sync_Key__c: key });

describe("INVALID_SESSION_ID", () => {
  it("surfaces through jsforce when the connection cannot refresh", async () => {
    const bare = new Connection({ instanceUrl: sim.url, accessToken: conn.accessToken!, version: API_VERSION });
    sim.control.expireSessions();
    const err = await rejection(bare.query("SELECT Id FROM User"));
    expect(err.errorCode).toBe("INVALID_SESSION_ID");
    expect(err.message).toBe("Session expired or invalid");
  });
});

describe("daily API request limit", () => {
  it("reports usage in Sforce-Limit-Info, which jsforce reads into limitInfo, and in /limits", async () => {
    sim.control.setDailyApiLimit(orgId, 50);
    await conn.query("SELECT Id FROM User");
    await conn.query("SELECT Id FROM User");
    expect(conn.limitInfo).toEqual({ apiUsage: { used: 2, limit: 50 } });
    const limits = (await conn.limits()) as { DailyApiRequests: { Max: number; Remaining: number } };
    expect(limits.DailyApiRequests).toEqual({ Max: 50, Remaining: 47 });
    expect(sim.control.apiUsage(orgId)).toEqual({ used: 3, max: 50 });
  });

  it("answers 403 REQUEST_LIMIT_EXCEEDED once the allocation is spent, and recovers as the 24-hour window rolls", async () => {
    sim.control.setDailyApiLimit(orgId, 3);
    for (let i = 0; i < 3; i++) await conn.query("SELECT Id FROM User");
    const err = await rejection(conn.query("SELECT Id FROM User"));
    expect(err.errorCode).toBe("REQUEST_LIMIT_EXCEEDED");
    expect(err.message).toBe("TotalRequests Limit exceeded.");
    const wire = await api(sim, conn.accessToken!, "GET", "/limits");
    expect(wire.status).toBe(403);
    expect(wire.headers.get("sforce-limit-info")).toBe("api-usage=3/3");
    expect(wire.json).toEqual([{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }]);

    sim.control.advanceClock(24 * 3600 * 1000);
    await expect(conn.query("SELECT Id FROM User")).resolves.toHaveProperty("done", true);
  });

  it("can be exhausted by the control API", async () => {
    sim.control.exhaustApiLimit(orgId);
    expect((await rejection(conn.sobject("Task").create(task("x")))).errorCode).toBe("REQUEST_LIMIT_EXCEEDED");
    sim.control.resetApiUsage(orgId);
    await expect(conn.sobject("Task").create(task("x"))).resolves.toHaveProperty("success", true);
  });

  it("counts per org", async () => {
    const other = sim.control.createOrg({ name: "Other", dailyApiLimit: 10 });
    sim.control.setDailyApiLimit(orgId, 10);
    await conn.query("SELECT Id FROM User");
    expect(sim.control.apiUsage(orgId).used).toBe(1);
    expect(sim.control.apiUsage(other.orgId).used).toBe(0);
  });
});

describe("UNABLE_TO_LOCK_ROW", () => {
  it("fails a single-record write with 400", async () => {
    sim.control.failNextWritesWithLock({ count: 1 });
    const err = await rejection(conn.sobject("Task").create(task("a")));
    expect(err.errorCode).toBe("UNABLE_TO_LOCK_ROW");
    expect(err.message).toBe("unable to obtain exclusive access to this record");
    await expect(conn.sobject("Task").create(task("a"))).resolves.toHaveProperty("success", true);
  });

  it("fails individual records of a collection; the rest succeed", async () => {
    sim.control.failNextWritesWithLock({ count: 2, objects: ["Task"] });
    const results = (await conn.sobject("Task").create([task("a"), task("b"), task("c"), task("d")])) as Result[];
    expect(results.map((r) => r.success)).toEqual([false, false, true, true]);
    expect(results[0]!.errors).toEqual([{ statusCode: "UNABLE_TO_LOCK_ROW", message: "unable to obtain exclusive access to this record", fields: [] }]);
    expect(sim.control.activities(orgId).tasks.map((t) => t.fields.Sync_Key__c)).toEqual(["c", "d"]);
  });

  it("rolls back an all-or-none collection", async () => {
    sim.control.failNextWritesWithLock({ count: 1 });
    const results = (await conn.sobject("Task").upsert([task("a"), task("b")], "Sync_Key__c", { allOrNone: true })) as Result[];
    expect(results.map((r) => r.errors[0]?.statusCode)).toEqual(["UNABLE_TO_LOCK_ROW", "ALL_OR_NONE_OPERATION_ROLLED_BACK"]);
    expect(sim.control.activities(orgId).tasks).toEqual([]);
  });
});

describe("outages, injected errors and latency", () => {
  it("answers 503 SERVER_UNAVAILABLE during an outage (jsforce retries GETs by itself, not POSTs)", async () => {
    sim.control.startOutage({ scope: "api", requests: 2 });
    const err = await rejection(conn.sobject("Task").create(task("a")));
    expect(err.errorCode).toBe("SERVER_UNAVAILABLE");
    const wire = await api(sim, conn.accessToken!, "GET", "/limits");
    expect(wire.status).toBe(503);
    expect(wire.json).toEqual([{ errorCode: "SERVER_UNAVAILABLE", message: expect.any(String) }]);
    expect(sim.control.faults().outage).toBeNull();
    sim.control.startOutage({ scope: "api", requests: 1 });
    await expect(conn.query("SELECT Id FROM User")).resolves.toHaveProperty("done", true);
  });

  it("ends a timed outage on the simulated clock and can take the login host down too", async () => {
    sim.control.startOutage({ scope: "all", forMs: 60_000 });
    const token = await fetch(`${sim.url}/services/oauth2/token`, { method: "POST", body: new URLSearchParams({ grant_type: "refresh_token" }) });
    expect(token.status).toBe(503);
    sim.control.advanceClock(60_000);
    await expect(conn.query("SELECT Id FROM User")).resolves.toHaveProperty("done", true);
  });

  it("fails the next calls with an injected error", async () => {
    sim.control.failNextCalls({ count: 1, status: 500, errorCode: "UNKNOWN_EXCEPTION", message: "An unexpected error occurred. Please include this ErrorId if you contact support: 1234-5678 (-1)" });
    const err = await rejection(conn.sobject("Task").create(task("a")));
    expect(err.errorCode).toBe("UNKNOWN_EXCEPTION");
    await expect(conn.query("SELECT Id FROM User")).resolves.toHaveProperty("done", true);
  });

  it("holds responses for the configured latency", async () => {
    sim.control.setLatency({ ms: 150 });
    const started = Date.now();
    await conn.query("SELECT Id FROM User");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    sim.control.clearFaults();
    expect(sim.control.faults()).toMatchObject({ outage: null, pendingLockErrors: 0, latency: { ms: 0 } });
  });
});
