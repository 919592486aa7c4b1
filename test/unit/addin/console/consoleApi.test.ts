import { ApiError } from "../../../../addin/apiHttp";
import { createConsoleApi } from "../../../../addin/console/consoleApi";

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

function fakeFetch(answers: Array<() => Response>) {
  const calls: Call[] = [];
  const fetchFn = (async (url: string, init: RequestInit = {}) => {
    calls.push({ url, method: init.method ?? "GET", headers: init.headers as Record<string, string>, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const next = answers.shift();
    if (!next) throw new TypeError("fetch failed");
    return next();
  }) as unknown as typeof fetch;
  return { fetchFn, calls };
}

const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("the console's API client", () => {
  it("asks for the filtered page with the bearer token, leaving defaults out of the address", async () => {
    const f = fakeFetch([json(200, { total: 0, page: 2, pageSize: 50, items: [] })]);
    const api = createConsoleApi(async () => "tok", { baseUrl: "https://sync.contoso.com", fetch: f.fetchFn });
    await api.mailboxes({ status: "attention", reason: "ews_blocked", q: "  adele ", sort: "lastSync", dir: "desc", page: 2, pageSize: 50 });
    expect(f.calls[0]).toEqual({
      url: "https://sync.contoso.com/api/console/mailboxes?status=attention&reason=ews_blocked&q=adele&sort=lastSync&dir=desc&page=2",
      method: "GET",
      headers: { accept: "application/json", authorization: "Bearer tok" },
      body: undefined,
    });
  });

  it("exports every page of the filter as CSV (no page in the address)", async () => {
    const f = fakeFetch([() => new Response("email,status\nadele@contoso.com,active\n", { status: 200, headers: { "content-type": "text/csv" } })]);
    const blob = await createConsoleApi(async () => "tok", { fetch: f.fetchFn }).exportMailboxes({ status: "attention", page: 7 });
    expect(await blob.text()).toBe("email,status\nadele@contoso.com,active\n");
    expect(f.calls[0]).toMatchObject({ url: "/api/console/mailboxes/export.csv?status=attention", headers: { accept: "text/csv", authorization: "Bearer tok" } });
  });

  it("posts actions and activations to their routes, ids escaped", async () => {
    const f = fakeFetch([json(200, { mailbox: {}, message: "Sync requested." }), json(202, { id: "job-1" }), json(200, { ok: true, message: "ok", elapsedMs: 3 })]);
    const api = createConsoleApi(async () => "tok", { fetch: f.fetchFn });
    await expect(api.act("a/b", "reset-cursor")).resolves.toMatchObject({ message: "Sync requested." });
    await api.startActivation({ access: { kind: "app_only" }, csv: "email\nx@contoso.com", fileName: "reps.csv" });
    await api.testConnection("m1");
    expect(f.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "POST /api/console/mailboxes/a%2Fb/reset-cursor",
      "POST /api/console/activations",
      "POST /api/console/mailboxes/m1/test-connection",
    ]);
    expect(f.calls[1]?.body).toEqual({ access: { kind: "app_only" }, csv: "email\nx@contoso.com", fileName: "reps.csv" });
  });

  it("reads the lists' items", async () => {
    const f = fakeFetch([json(200, { items: [{ id: "j1" }] }), json(200, { items: [{ id: "s1" }] })]);
    const api = createConsoleApi(async () => "tok", { fetch: f.fetchFn });
    await expect(api.activations()).resolves.toEqual([{ id: "j1" }]);
    await expect(api.serviceAccounts()).resolves.toEqual([{ id: "s1" }]);
    expect(f.calls[0]?.url).toBe("/api/console/activations");
  });

  it("reads the remembered company Exchange settings and forgets a domain's, escaped", async () => {
    const f = fakeFetch([json(200, { items: [{ emailDomain: "contoso.com" }] }), () => new Response(null, { status: 204 })]);
    const api = createConsoleApi(async () => "tok", { fetch: f.fetchFn });
    await expect(api.companyExchangeSettings()).resolves.toEqual([{ emailDomain: "contoso.com" }]);
    await expect(api.forgetCompanyExchange("contoso.com/x")).resolves.toBeUndefined();
    expect(f.calls.map((c) => `${c.method} ${c.url}`)).toEqual(["GET /api/console/onprem-settings", "DELETE /api/console/onprem-settings/contoso.com%2Fx"]);
  });

  it("asks for a fresh token once after a 401, and carries the server's message on refusal", async () => {
    const f = fakeFetch([json(401, { error: "unauthorized", message: "expired" }), json(403, { error: "forbidden", message: "This needs the Sync.Admin role." })]);
    const asked: boolean[] = [];
    const api = createConsoleApi(async ({ fresh }) => (asked.push(fresh), fresh ? "new" : "old"), { fetch: f.fetchFn });
    const err = await api.act("m1", "pause").catch((e: unknown) => e);
    expect(asked).toEqual([false, true]);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 403, code: "forbidden", message: "This needs the Sync.Admin role." });
  });

  it("says what to do when the answer is not the API's", async () => {
    const f = fakeFetch([() => new Response("<html>", { status: 200 })]);
    await expect(createConsoleApi(async () => "t", { fetch: f.fetchFn }).me()).rejects.toMatchObject({
      code: "bad_response",
      message: "CRM Sync sent an answer the console does not understand. Reload the console.",
    });
  });

  it("lets an aborted list request end as an abort, not as 'could not be reached'", async () => {
    const controller = new AbortController();
    // As fetch does: an already aborted signal rejects at once, a later abort when it comes.
    const fetchFn = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        const abort = () => reject(new DOMException("aborted", "AbortError"));
        if (init.signal?.aborted) abort();
        else init.signal?.addEventListener("abort", abort);
      })) as unknown as typeof fetch;
    const pending = createConsoleApi(async () => "t", { fetch: fetchFn }).mailboxes({}, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("pages the audit log", async () => {
    const f = fakeFetch([json(200, { total: 0, page: 3, pageSize: 50, items: [] })]);
    await createConsoleApi(async () => "t", { fetch: f.fetchFn }).audit({ page: 3, pageSize: 50 });
    expect(f.calls[0]?.url).toBe("/api/console/audit?page=3&pageSize=50");
  });
});

describe("the console's CRM calls", () => {
  it("reads, connects, checks and disconnects at the contract's routes", async () => {
    const f = fakeFetch([
      json(200, { state: "not_connected" }),
      json(200, { authorizeUrl: "https://login.salesforce.com/services/oauth2/authorize?x=1" }),
      json(200, { state: "connected" }),
      json(200, { checkedAt: "2026-12-01T10:00:00.000Z", checks: [] }),
      json(200, { state: "not_connected" }),
    ]);
    const api = createConsoleApi(async () => "tok", { fetch: f.fetchFn });
    await expect(api.crm()).resolves.toEqual({ state: "not_connected" });
    await expect(api.connectCrm({ loginHost: "sandbox", ownApp: { clientId: "3MVG9", clientSecret: "s" } })).resolves.toEqual({ authorizeUrl: "https://login.salesforce.com/services/oauth2/authorize?x=1" });
    await api.connectCrmClientCredentials({ myDomain: "https://acme.my.salesforce.com", clientId: "3MVG9", clientSecret: "s" });
    await api.checkCrm();
    await api.disconnectCrm();
    expect(f.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "GET /api/console/crm",
      "POST /api/console/crm/connect",
      "POST /api/console/crm/client-credentials",
      "POST /api/console/crm/check",
      "DELETE /api/console/crm",
    ]);
    expect(f.calls[1]?.body).toEqual({ loginHost: "sandbox", ownApp: { clientId: "3MVG9", clientSecret: "s" } });
  });

  it("a refusal carries the server's message (a Support user on a CRM route)", async () => {
    const f = fakeFetch([json(403, { error: "forbidden", message: "Connecting Salesforce needs the Sync.Admin role." })]);
    const err = await createConsoleApi(async () => "tok", { fetch: f.fetchFn }).crm().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 403, message: "Connecting Salesforce needs the Sync.Admin role." });
  });
});
