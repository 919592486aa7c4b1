/** The control API over HTTP JSON (/_control/...): same operations as the in-process object, with clear input errors. */
import type { ExchangeSimulator } from "./index";
import { startExchangeSimulator } from "./index";
import { basic, envelope, post } from "./testing/rawSoap";

let sim: ExchangeSimulator;

beforeAll(async () => {
  sim = await startExchangeSimulator({ mode: "onprem", protocol: "http" });
});

afterAll(() => sim?.close());

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${sim.url}/_control${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const enc = encodeURIComponent;
const folderGet = envelope('<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>');

describe("control API over HTTP", () => {
  it("builds a mailbox, seeds it, mutates items and reads ground truth", async () => {
    expect((await api("POST", "/mailboxes", { smtp: "carol@contoso.com", account: { domain: "CONTOSO", username: "carol", password: "pw" } })).status).toBe(200);
    const seeded = await api("POST", `/mailboxes/${enc("carol@contoso.com")}/seed`, { seed: 1, messages: 40, events: 4 });
    expect(seeded.json).toEqual({ inbox: 30, sentitems: 10, calendar: 4 });
    const delivered = (await api("POST", `/mailboxes/${enc("carol@contoso.com")}/messages`, { from: { name: "X", email: "x@fabrikam.example" }, subject: "Hi" })).json as { id: string };
    const inbox = (await api("GET", `/mailboxes/${enc("carol@contoso.com")}/items?folder=inbox`)).json as { id: string; subject: string }[];
    expect(inbox).toHaveLength(31);
    expect(inbox[0]).toMatchObject({ id: delivered.id, subject: "Hi" });
    const patched = await api("PATCH", `/mailboxes/${enc("carol@contoso.com")}/items/${enc(delivered.id)}`, { subject: "Hello" });
    expect(patched.status).toBe(200);
    const removed = await api("DELETE", `/mailboxes/${enc("carol@contoso.com")}/items/${enc(delivered.id)}?mode=soft`);
    expect((removed.json as { deletedItemsId: string }).deletedItemsId).toBeTruthy();
    const folders = (await api("GET", `/mailboxes/${enc("carol@contoso.com")}/folders`)).json as Record<string, { total: number }>;
    expect(folders.inbox?.total).toBe(30);
    expect(folders.deleteditems?.total).toBe(1);
    const event = await api("POST", `/mailboxes/${enc("carol@contoso.com")}/events`, {
      subject: "Kickoff",
      start: "2026-09-01T09:00:00Z",
      end: "2026-09-01T10:00:00Z",
      organizer: { name: "Org", email: "org@fabrikam.example" },
      required: [{ name: "Carol", email: "carol@contoso.com" }],
      meetingRequest: true,
    });
    expect((event.json as { uid: string }).uid).toMatch(/^040000008200E00074C5B7101A82E008/);
  });

  it("counts EWS calls per mailbox and operation, and injects faults and latency", async () => {
    await api("POST", "/mailboxes", { smtp: "dave@contoso.com", account: { domain: "CONTOSO", username: "dave", password: "pw" } });
    await post(sim.ewsUrl, folderGet, basic("CONTOSO\\dave", "pw"));
    expect((await api("GET", `/mailboxes/${enc("dave@contoso.com")}/counters`)).json).toEqual({ GetFolder: 1 });
    expect((await api("POST", "/faults", { fault: { kind: "http", status: 503 }, mailbox: "dave@contoso.com", count: 1 })).status).toBe(200);
    expect((await post(sim.ewsUrl, folderGet, basic("CONTOSO\\dave", "pw"))).status).toBe(503);
    expect((await post(sim.ewsUrl, folderGet, basic("CONTOSO\\dave", "pw"))).status).toBe(200);
    await api("PUT", "/latency", { ms: 150, mailbox: "dave@contoso.com" });
    const started = Date.now();
    await post(sim.ewsUrl, folderGet, basic("CONTOSO\\dave", "pw"));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await api("PUT", "/latency", { ms: 0, mailbox: "dave@contoso.com" });
    expect((await api("DELETE", `/mailboxes/${enc("dave@contoso.com")}/counters`)).status).toBe(204);
    expect((await api("GET", `/mailboxes/${enc("dave@contoso.com")}/counters`)).json).toEqual({});
    expect((await api("PUT", "/throttling", { maxConcurrency: 10 })).json).toEqual({ maxConcurrency: 10, concurrentSyncCalls: 5 });
    expect((await api("DELETE", "/faults")).status).toBe(204);
  });

  it("rejects invalid input with 400 and a message naming the field, unknown mailboxes with 404, duplicates with 409", async () => {
    const bad = await api("POST", "/mailboxes/nobody%40contoso.com/seed", { seed: 1, messages: 1 });
    expect(bad.status).toBe(404);
    await api("POST", "/mailboxes", { smtp: "erin@contoso.com" });
    const invalid = await api("POST", `/mailboxes/${enc("erin@contoso.com")}/seed`, { seed: -1, messages: "many", customerRatio: 2 });
    expect(invalid.status).toBe(400);
    const message = (invalid.json as { error: string }).error;
    expect(message).toMatch(/seed/);
    expect(message).toMatch(/messages/);
    expect(message).toMatch(/customerRatio/);
    expect((await api("POST", "/mailboxes", { smtp: "erin@contoso.com" })).status).toBe(409);
    expect((await api("POST", "/mailboxes", { smtp: "not an address" })).status).toBe(400);
    expect((await api("POST", "/faults", { fault: { kind: "meteorStrike" } })).status).toBe(400);
    const badJson = await fetch(`${sim.url}/_control/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(badJson.status).toBe(400);
  });

  it("requires a tenant id for online mailboxes (in-process control)", async () => {
    const online = await startExchangeSimulator({ mode: "online", protocol: "http", trust: { jwksUri: "http://127.0.0.1:9/keys" } });
    try {
      expect(() => online.control.createMailbox({ smtp: "x@contoso.com" })).toThrow(/tenantId is required/);
    } finally {
      await online.close();
    }
  });
});
