/**
 * Bad input is the client's mistake, told as a 400 naming the field, never a 500: a malformed gzip body, a NUL byte in
 * an id or a field, an email address over 254 characters. The request log names the path the client asked for.
 */
import type { EntraWorld } from "../simulators/world/entraWorld";
import { api } from "../support/connectFlow";
import type { EntraServer } from "../support/entraServer";
import { startEntraServer } from "../support/entraServer";
import type { TestServer } from "../support/serverHarness";

jest.setTimeout(60_000);

describe("bad input", () => {
  let es: EntraServer;
  let world: EntraWorld;
  let ts: TestServer;
  let url: string;
  let rep: string;
  let admin: string;

  beforeAll(async () => {
    es = await startEntraServer();
    ({ world, ts, url } = es);
    rep = await es.token(world.users.adele);
    admin = await es.token(world.users.megan);
  });
  afterAll(() => es?.dispose());

  const serverErrors = () => ts.logs.filter((l) => /"status":5\d\d|unhandled error/.test(l));

  it("a malformed gzip body is a 400", async () => {
    const res = await fetch(`${url}/api/me/connect`, {
      method: "POST",
      headers: { authorization: `Bearer ${rep}`, "content-type": "application/json", "content-encoding": "gzip" },
      body: "this is not gzip",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_request", message: expect.stringMatching(/could not be read/) });
    expect(serverErrors()).toEqual([]);
  });

  it("a NUL byte in an id, a query or a body field is a 400 naming where", async () => {
    const inPath = await api(url, admin, "GET", "/api/console/mailboxes/6f1c0b8e-0000-4000-8000-000000000000%00");
    expect(inPath.status).toBe(400);
    expect(inPath.body).toMatchObject({ message: "path: must not contain a NUL byte" });
    const inQuery = await api(url, admin, "GET", "/api/console/mailboxes?search=ad%00ele");
    expect(inQuery.status).toBe(400);
    expect(inQuery.body).toMatchObject({ message: "query.search: must not contain a NUL byte" });
    const inBody = await api(url, rep, "POST", "/api/me/connect", { mailboxEmail: "adele\u0000@contoso.com" });
    expect(inBody.status).toBe(400);
    expect(inBody.body).toMatchObject({ message: "body.mailboxEmail: must not contain a NUL byte" });
    expect(serverErrors()).toEqual([]);
  });

  it("an email address over 254 characters is a 400 naming the field", async () => {
    const long = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.com`;
    expect(long.length).toBeGreaterThan(254);
    const connect = await api(url, rep, "POST", "/api/me/connect", { mailboxEmail: long });
    expect(connect.status).toBe(400);
    expect(connect.body).toMatchObject({ message: expect.stringMatching(/mailboxEmail must be at most 254 characters/) });
    const lead = await api(url, rep, "POST", "/api/me/leads", { email: long, lastName: "Buyer", company: "Northwind" });
    expect(lead.status).toBe(400);
    expect(lead.body).toMatchObject({ message: "email: must be at most 254 characters" });
  });

  it("the request log names the path with its /api prefix and without the query", async () => {
    await api(url, rep, "GET", "/api/me/mailbox?probe=1");
    const lines = ts.logs.map((l) => JSON.parse(l) as { msg?: string; path?: string }).filter((l) => l.msg === "request");
    expect(lines.map((l) => l.path)).toContain("/api/me/mailbox");
    expect(lines.every((l) => l.path?.startsWith("/api/") || !l.path?.startsWith("/me"))).toBe(true);
  });
});
