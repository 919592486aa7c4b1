/**
 * What connecting an org needs of the simulated login host and org, against Salesforce's documented behaviour and the
 * samples in test/fixtures/sf-samples: the authorize page's Allow and Deny, PKCE's two errors, refresh-token rotation
 * (reuse revokes the family), revocation, token errors replayed from the samples, describe flags, Shared Activities,
 * /limits, and the 16,384-byte URI limit.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SalesforceSimulator } from "./index";
import { MAX_URI_BYTES, startSalesforceSimulator } from "./index";
import { API_VERSION } from "./testkit";

const sample = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, "../../fixtures/sf-samples", name), "utf8"));

let sim: SalesforceSimulator;
let app: { clientId: string; clientSecret: string };
const callback = "https://app.example.com/api/crm/salesforce/callback";

beforeAll(async () => {
  sim = await startSalesforceSimulator();
  app = sim.control.registerConnectedApp({ name: "Mail Sync ECA", callbackUrls: [callback], requirePkce: true, rotateRefreshTokens: true });
});
afterAll(() => sim.close());
afterEach(() => {
  sim.control.setAuthorizePages(false);
  sim.control.clearFaults();
});

const token = async (form: Record<string, string>) => {
  const res = await fetch(`${sim.url}/services/oauth2/token`, { method: "POST", body: new URLSearchParams(form) });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
};

function authorizeUrl(extra: Record<string, string> = {}): { url: URL; verifier: string } {
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(`${sim.url}/services/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: app.clientId,
    redirect_uri: callback,
    state: "st-1",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    login_hint: sim.defaultOrg.admin.username,
    ...extra,
  }).toString();
  return { url, verifier };
}

async function codeFor(extra: Record<string, string> = {}): Promise<{ code: string; verifier: string }> {
  const { url, verifier } = authorizeUrl(extra);
  const res = await fetch(url, { redirect: "manual" });
  return { code: new URL(res.headers.get("location")!).searchParams.get("code")!, verifier };
}

const exchange = (code: string, verifier?: string) =>
  token({ grant_type: "authorization_code", code, client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: callback, ...(verifier === undefined ? {} : { code_verifier: verifier }) });

describe("the authorization page a browser drives", () => {
  const decide = async (decision: "allow" | "deny") => {
    sim.control.setAuthorizePages(true);
    const { url } = authorizeUrl();
    const html = await (await fetch(url)).text();
    expect(html).toContain("Allow Access?");
    expect(html).toContain("Mail Sync ECA");
    const form = new URLSearchParams();
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, m[2]!.replace(/&#(\d+);/g, (_s, c: string) => String.fromCharCode(Number(c))));
    form.set("username", sim.defaultOrg.admin.username);
    form.set("decision", decision);
    const res = await fetch(`${sim.url}/services/oauth2/authorize`, { method: "POST", body: form, redirect: "manual" });
    expect(res.status).toBe(302);
    return new URL(res.headers.get("location")!);
  };

  it("Deny sends the browser back with access_denied and the state", async () => {
    const back = await decide("deny");
    expect(`${back.origin}${back.pathname}`).toBe(callback);
    expect(Object.fromEntries(back.searchParams)).toEqual({ state: "st-1", error: "access_denied", error_description: "end-user denied authorization" });
  });

  it("Allow sends a code that the token endpoint exchanges", async () => {
    const back = await decide("allow");
    expect(back.searchParams.get("state")).toBe("st-1");
    expect(back.searchParams.get("code")).toBeTruthy();
  });

  it("an app that requires PKCE refuses an authorization request without a challenge", async () => {
    const { url } = authorizeUrl();
    url.searchParams.delete("code_challenge");
    const back = new URL((await fetch(url, { redirect: "manual" })).headers.get("location")!);
    expect(back.searchParams.get("error")).toBe("invalid_request");
  });
});

describe("PKCE at the token step", () => {
  it("a missing verifier is invalid_grant, a wrong one invalid_request", async () => {
    const a = await codeFor();
    expect(await exchange(a.code)).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "invalid code verifier" } });
    const b = await codeFor();
    expect((await exchange(b.code, "x".repeat(43))).body.error).toBe("invalid_request");
    const c = await codeFor();
    const ok = await exchange(c.code, c.verifier);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: "Bearer", instance_url: sim.url, id: `${sim.url}/id/${sim.defaultOrg.orgId}/${sim.defaultOrg.admin.id}` });
    expect(ok.body.refresh_token).toBeTruthy();
    // The documented answer's keys, no expires_in, issued_at in milliseconds as a string.
    expect(Object.keys(sample("token-authorization-code-200-DOCUMENTED.json") as object).every((k) => k in ok.body)).toBe(true);
    expect(ok.body).not.toHaveProperty("expires_in");
    expect(ok.body.issued_at).toMatch(/^\d{13}$/);
  });
});

describe("refresh-token rotation", () => {
  const refresh = (refreshToken: string) => token({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: app.clientId, client_secret: app.clientSecret });

  it("each refresh returns a new refresh token; reusing an old one revokes the whole family, as the sample says", async () => {
    const c = await codeFor();
    const first = (await exchange(c.code, c.verifier)).body;
    const second = await refresh(first.refresh_token!);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).toBeTruthy();
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    const third = await refresh(second.body.refresh_token!);
    expect(third.status).toBe(200);

    const reuse = await refresh(first.refresh_token!);
    expect(reuse).toEqual({ status: 400, body: sample("token-error-expired-refresh-token-400.json") });
    // The current token and its sessions died with it.
    expect((await refresh(third.body.refresh_token!)).body.error).toBe("invalid_grant");
    const data = await fetch(`${sim.url}/services/data/v${API_VERSION}/sobjects/`, { headers: { Authorization: `Bearer ${third.body.access_token}` } });
    expect(data.status).toBe(401);
    expect(await data.json()).toEqual(sample("rest-error-401-invalid-session.json"));
  });

  it("revocation kills the refresh token and the sessions issued from it; the control API counts it", async () => {
    const c = await codeFor();
    const t = (await exchange(c.code, c.verifier)).body;
    const before = sim.control.revokedRefreshTokens();
    const res = await fetch(`${sim.url}/services/oauth2/revoke`, { method: "POST", body: new URLSearchParams({ token: t.refresh_token! }) });
    expect(res.status).toBe(200);
    expect(sim.control.revokedRefreshTokens()).toBe(before + 1);
    expect((await refresh(t.refresh_token!)).body).toEqual(sample("token-error-expired-refresh-token-400.json"));
    expect((await fetch(`${sim.url}/services/data/v${API_VERSION}/limits`, { headers: { Authorization: `Bearer ${t.access_token}` } })).status).toBe(401);
  });

  it("a deactivated user's refresh answers like the inactive-user sample; an unknown app like the invalid-client-id sample", async () => {
    const users = sim.control.addUsers(sim.defaultOrg.orgId, [{ username: `leaver-${randomBytes(4).toString("hex")}@org.example.com`, lastName: "Leaver" }]);
    const c = await codeFor({ login_hint: users[0]!.username });
    const t = (await exchange(c.code, c.verifier)).body;
    sim.control.setUserActive(sim.defaultOrg.orgId, users[0]!.id, false);
    expect(await refresh(t.refresh_token!)).toEqual({ status: 400, body: sample("token-error-inactive-user-400-RECONSTRUCTED.json") });
    expect((await token({ grant_type: "refresh_token", refresh_token: "x", client_id: "no-such-app", client_secret: "y" })).body).toEqual(sample("token-error-invalid-client-id-400.json"));
  });
});

describe("the org as preflight reads it", () => {
  const get = async (path: string, accessToken: string) => {
    const res = await fetch(`${sim.url}/services/data/v${API_VERSION}${path}`, { headers: { Authorization: `Bearer ${accessToken}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, limitInfo: res.headers.get("sforce-limit-info") };
  };
  let access: string;
  beforeAll(() => {
    access = sim.control.issueRefreshToken(sim.defaultApp.clientId, sim.defaultOrg.admin.username).accessToken;
  });

  it("describe flags the key field as a unique External ID; removing it hides it, adding it back restores it", async () => {
    const field = async () => ((await get("/sobjects/Task/describe", access)).body.fields as { name: string }[]).find((f) => f.name === "Sync_Key__c");
    expect(await field()).toMatchObject({ type: "string", externalId: true, unique: true, length: 255 });
    sim.control.removeField(sim.defaultOrg.orgId, "Task", "Sync_Key__c");
    expect(await field()).toBeUndefined();
    sim.control.addCustomField(sim.defaultOrg.orgId, { object: "Task", name: "Sync_Key__c", length: 40, externalId: true, unique: false });
    expect(await field()).toMatchObject({ externalId: true, unique: false, length: 40 });
    sim.control.addCustomField(sim.defaultOrg.orgId, { object: "Task", name: "Sync_Key__c", length: 255, externalId: true, unique: true });
  });

  it("TaskRelation and EventRelation exist only with Shared Activities on", async () => {
    const names = async () => ((await get("/sobjects/", access)).body.sobjects as { name: string }[]).map((o) => o.name);
    expect(await names()).toEqual(expect.arrayContaining(["TaskRelation", "EventRelation"]));
    sim.control.setSharedActivities(sim.defaultOrg.orgId, false);
    expect(await names()).not.toContain("TaskRelation");
    expect((await get("/sobjects/TaskRelation/describe", access)).status).toBe(404);
    sim.control.setSharedActivities(sim.defaultOrg.orgId, true);
    expect(await names()).toContain("TaskRelation");
  });

  it("/limits has the documented DailyApiRequests shape; an exhausted org answers the REQUEST_LIMIT_EXCEEDED sample", async () => {
    const limits = await get("/limits", access);
    const documented = sample("limits-200-DOCUMENTED-v29-excerpt.json") as { DailyApiRequests: object };
    expect(Object.keys(limits.body.DailyApiRequests as object).sort()).toEqual(Object.keys(documented.DailyApiRequests).sort());
    expect(limits.limitInfo).toMatch(/^api-usage=\d+\/\d+$/);
    sim.control.exhaustApiLimit(sim.defaultOrg.orgId);
    const refused = await get("/sobjects/", access);
    expect([refused.status, refused.body]).toEqual([403, sample("rest-error-403-request-limit-exceeded.json")]);
    sim.control.resetApiUsage(sim.defaultOrg.orgId);
  });

  it("a validation rule refuses matching records one by one, with Salesforce's per-record error; the others are saved", async () => {
    sim.control.addValidationRule({ object: "Task", field: "Subject", contains: "confidential", message: "Confidential mail must not be logged." });
    const res = await fetch(`${sim.url}/services/data/v${API_VERSION}/composite/sobjects`, {
      method: "POST",
      headers: { Authorization: `Bearer ${access}`, "Content-Type": "application/json" },
      body: JSON.stringify({ allOrNone: false, records: [{ attributes: { type: "Task" }, Subject: "Quote" }, { attributes: { type: "Task" }, Subject: "Confidential: salaries" }] }),
    });
    expect(res.status).toBe(200);
    const [ok, refused] = (await res.json()) as { success: boolean; errors: { statusCode: string; message: string }[] }[];
    expect(ok).toMatchObject({ success: true, errors: [] });
    expect(refused).toMatchObject({ success: false, errors: [{ statusCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION", message: "Confidential mail must not be logged." }] });
    sim.control.clearFaults();
  });

  it("refuses a query URI longer than 16,384 bytes with 414, and answers one just below it", async () => {
    // The URI as it goes on the wire (the URL parser encodes a few more characters than encodeURIComponent).
    const url = (n: number) => new URL(`${sim.url}/services/data/v${API_VERSION}/query?q=${encodeURIComponent(`SELECT Id FROM Contact WHERE Email IN (${Array.from({ length: n }, (_v, i) => `'person${i}@example.com'`).join(",")})`)}`);
    const uriBytes = (u: URL) => Buffer.byteLength(u.pathname + u.search);
    let n = 1;
    while (uriBytes(url(n + 1)) <= MAX_URI_BYTES) n++;
    const ok = await fetch(url(n), { headers: { Authorization: `Bearer ${access}` } });
    expect(ok.status).toBe(200);
    const long = await fetch(url(n + 1), { headers: { Authorization: `Bearer ${access}` } });
    expect(long.status).toBe(414);
  });
});
