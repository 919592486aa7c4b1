import { ApiError, createApi, fetchClientConfig } from "../../../addin/api";

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

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("the API client (addin/api)", () => {
  it("sends the access token as a bearer token and JSON bodies", async () => {
    const f = fakeFetch([json(200, { crmConnected: true, people: [] })]);
    const api = createApi(async () => "token-1", { baseUrl: "https://sync.contoso.com", fetch: f.fetchFn });
    await expect(api.people(["buyer@fabrikam.com"])).resolves.toEqual({ crmConnected: true, people: [] });
    expect(f.calls).toEqual([
      {
        url: "https://sync.contoso.com/api/me/people",
        method: "POST",
        headers: { accept: "application/json", authorization: "Bearer token-1", "content-type": "application/json" },
        body: { emails: ["buyer@fabrikam.com"] },
      },
    ]);
  });

  it("asks once for a fresh token when the server refuses the one it had", async () => {
    const f = fakeFetch([json(401, { error: "unauthorized", message: "expired" }), json(200, { mailbox: null })]);
    const asked: boolean[] = [];
    const api = createApi(async ({ fresh }) => (asked.push(fresh), fresh ? "new" : "old"), { fetch: f.fetchFn });
    await expect(api.mailbox()).resolves.toEqual({ mailbox: null });
    expect(asked).toEqual([false, true]);
    expect(f.calls.map((c) => c.headers.authorization)).toEqual(["Bearer old", "Bearer new"]);
  });

  it("carries the server's message, code and Retry-After", async () => {
    const f = fakeFetch([json(429, { error: "too_soon", message: "A sync was requested less than a minute ago." }, { "retry-after": "42" })]);
    const err = await createApi(async () => "t", { fetch: f.fetchFn })
      .syncNow()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 429, code: "too_soon", message: "A sync was requested less than a minute ago.", retryAfterSeconds: 42 });
  });

  it("says the server could not be reached, and copes with an answer that is not the API's", async () => {
    const f = fakeFetch([() => new Response("<html>Bad gateway</html>", { status: 502 })]);
    const api = createApi(async () => "t", { fetch: f.fetchFn });
    await expect(api.settings()).rejects.toMatchObject({ status: 502, code: "http_502", message: "CRM Sync answered 502. Try again in a moment." });
    await expect(api.settings()).rejects.toMatchObject({ status: 0, code: "network", message: expect.stringContaining("could not be reached") });
  });

  it("disconnect answers 204 with no body", async () => {
    const f = fakeFetch([() => new Response(null, { status: 204 })]);
    await expect(createApi(async () => "t", { fetch: f.fetchFn }).disconnect()).resolves.toBeUndefined();
    expect(f.calls[0]).toMatchObject({ method: "DELETE", url: "/api/me/mailbox" });
  });

  it("reads /api/config without a token", async () => {
    const f = fakeFetch([json(200, { clientId: "c", authorityHost: "https://login.microsoftonline.com", tenant: "organizations", apiScope: "api://c/access_as_user", demo: false })]);
    await expect(fetchClientConfig("https://sync.contoso.com", f.fetchFn)).resolves.toMatchObject({ clientId: "c" });
    expect(f.calls[0]?.headers).toEqual({ accept: "application/json" });
  });
});
