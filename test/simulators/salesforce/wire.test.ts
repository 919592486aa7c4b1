import type { SalesforceSimulator } from "./index";
import { startSalesforceSimulator } from "./index";
import { KEY_PREFIXES, normalizeId } from "./ids";
import { API_VERSION, api } from "./testkit";

let sim: SalesforceSimulator;
let token: string;

beforeAll(async () => {
  sim = await startSalesforceSimulator();
  token = sim.control.issueRefreshToken(sim.defaultApp.clientId, sim.defaultOrg.admin.username).accessToken;
  sim.control.seed(sim.defaultOrg.orgId, { seed: 5, accounts: 2, contacts: 5, leads: 2 });
});

afterAll(async () => {
  await sim.close();
});

/** Every REST error body is a JSON array of {message, errorCode[, fields]}. */
function expectErrorBody(json: unknown, errorCode: string): void {
  expect(Array.isArray(json)).toBe(true);
  const items = json as Record<string, unknown>[];
  expect(items.length).toBeGreaterThan(0);
  for (const item of items) {
    expect(Object.keys(item).every((k) => ["message", "errorCode", "fields"].includes(k))).toBe(true);
    expect(typeof item.message).toBe("string");
  }
  expect(items[0]!.errorCode).toBe(errorCode);
}

describe("versions and resources", () => {
  it("lists the served API versions without authentication", async () => {
    const res = await fetch(`${sim.url}/services/data/`);
    expect(res.status).toBe(200);
    const versions = (await res.json()) as { label: string; url: string; version: string }[];
    expect(versions).toEqual(expect.arrayContaining([{ label: "Winter '25", url: "/services/data/v62.0", version: "62.0" }, { label: "Summer '19", url: "/services/data/v46.0", version: "46.0" }]));
  });

  it("lists the resources of a version, including the identity URL", async () => {
    const res = await api(sim, token, "GET", "/services/data/v62.0/");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      sobjects: "/services/data/v62.0/sobjects",
      query: "/services/data/v62.0/query",
      composite: "/services/data/v62.0/composite",
      limits: "/services/data/v62.0/limits",
      identity: `${sim.url}/id/${sim.defaultOrg.orgId}/${sim.defaultOrg.admin.id}`,
    });
  });

  it("answers 404 NOT_FOUND for an unserved version or an unknown resource", async () => {
    for (const path of ["/services/data/v20.0/sobjects", "/services/data/v62.0/nonsense", "/services/data/v62.0/sobjects/Widget__c"]) {
      const res = await api(sim, token, "GET", path);
      expect(res.status).toBe(404);
      expect(res.json).toEqual([{ message: "The requested resource does not exist", errorCode: "NOT_FOUND" }]);
    }
  });
});

describe("authentication", () => {
  it("answers 401 INVALID_SESSION_ID with Salesforce's exact body for an unknown token", async () => {
    const res = await fetch(`${sim.url}/services/data/v${API_VERSION}/limits`, { headers: { Authorization: "Bearer 00Dxx!bogus" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/json;charset=UTF-8");
    expect(await res.json()).toEqual([{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]);
  });

  it("answers 401 INVALID_AUTH_HEADER without an Authorization header", async () => {
    const res = await fetch(`${sim.url}/services/data/v${API_VERSION}/limits`);
    expect(res.status).toBe(401);
    expectErrorBody(await res.json(), "INVALID_AUTH_HEADER");
  });

  it("accepts the legacy OAuth scheme name", async () => {
    const res = await fetch(`${sim.url}/services/data/v${API_VERSION}/limits`, { headers: { Authorization: `OAuth ${token}` } });
    expect(res.status).toBe(200);
  });
});

describe("status codes and headers", () => {
  it("creates with 201 {id, success, errors} and reports API usage in Sforce-Limit-Info", async () => {
    const res = await api(sim, token, "POST", "/sobjects/Account", { Name: "Wire Co" });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ id: expect.any(String), success: true, errors: [] });
    expect(res.headers.get("sforce-limit-info")).toMatch(/^api-usage=\d+\/100000$/);
    const id = (res.json as { id: string }).id;

    const patched = await api(sim, token, "PATCH", `/sobjects/Account/${id}`, { Name: "Wire Co 2" });
    expect([patched.status, patched.text]).toEqual([204, ""]);
    const viaOverride = await api(sim, token, "POST", `/sobjects/Account/${id}?_HttpMethod=PATCH`, { Name: "Wire Co 3" });
    expect(viaOverride.status).toBe(204);
    const deleted = await api(sim, token, "DELETE", `/sobjects/Account/${id}`);
    expect([deleted.status, deleted.text]).toEqual([204, ""]);
  });

  it("counts successive calls in the usage header", async () => {
    const a = await api(sim, token, "GET", "/limits");
    const b = await api(sim, token, "GET", "/limits");
    const used = (r: typeof a) => Number(/api-usage=(\d+)/.exec(r.headers.get("sforce-limit-info") ?? "")![1]);
    expect(used(b)).toBe(used(a) + 1);
  });

  it("answers 405 for a method the resource does not allow", async () => {
    const res = await api(sim, token, "PUT", "/sobjects/Account", { Name: "x" });
    expect(res.status).toBe(405);
    expectErrorBody(res.json, "METHOD_NOT_ALLOWED");
  });

  it("answers 415 for a body that is not JSON, and JSON_PARSER_ERROR for broken JSON", async () => {
    const plain = await api(sim, token, "POST", "/sobjects/Account", "Name=x", { "Content-Type": "text/plain" });
    expect(plain.status).toBe(415);
    expectErrorBody(plain.json, "UNSUPPORTED_MEDIA_TYPE");
    const broken = await api(sim, token, "POST", "/sobjects/Account", '{"Name": ');
    expect(broken.status).toBe(400);
    expectErrorBody(broken.json, "JSON_PARSER_ERROR");
  });

  it("returns record-level errors with the fields they concern", async () => {
    const res = await api(sim, token, "POST", "/sobjects/Contact", { FirstName: "Only" });
    expect(res.status).toBe(400);
    expect(res.json).toEqual([{ message: "Required fields are missing: [LastName]", errorCode: "REQUIRED_FIELD_MISSING", fields: ["LastName"] }]);
  });

  it("answers 300 with the matching records' URLs when a non-unique external id matches several", async () => {
    const orgWithLooseKey = sim.control.createOrg({ customFields: [{ object: "Task", name: "Thread__c", externalId: true, unique: false }] });
    const t = sim.control.issueRefreshToken(sim.defaultApp.clientId, orgWithLooseKey.admin.username).accessToken;
    await api(sim, t, "POST", "/sobjects/Task", { Subject: "a", Thread__c: "th-1" });
    await api(sim, t, "POST", "/sobjects/Task", { Subject: "b", Thread__c: "th-1" });
    const res = await api(sim, t, "PATCH", "/sobjects/Task/Thread__c/th-1", { Subject: "c" });
    expect(res.status).toBe(300);
    expect(res.json).toEqual([expect.stringMatching(/\/sobjects\/Task\/00T/), expect.stringMatching(/\/sobjects\/Task\/00T/)]);
  });
});

describe("ids", () => {
  it("are valid 18-character ids with each object's key prefix", async () => {
    const objects = ["Account", "Contact", "Lead", "User"] as const;
    for (const object of objects) {
      const res = await api(sim, token, "GET", `/query?q=${encodeURIComponent(`SELECT Id FROM ${object}`)}`);
      const records = (res.json as { records: { Id: string }[] }).records;
      expect(records.length).toBeGreaterThan(0);
      for (const { Id } of records) {
        expect(Id).toMatch(/^[0-9A-Za-z]{18}$/);
        expect(normalizeId(Id)).toBe(Id);
        expect(Id.slice(0, 3)).toBe(KEY_PREFIXES[object]);
      }
    }
    expect(sim.defaultOrg.orgId.slice(0, 3)).toBe("00D");
  });
});
