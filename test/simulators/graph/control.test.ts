/**
 * The Graph face's control over HTTP JSON (/_control/graph/... and the new calendar operations), validated like the
 * in-process object: bad input is a 400 naming the field, and what HTTP configures is what the Graph face then does.
 */
import { deltaRound, graphCall, liveItems } from "./testing/graphClient";
import type { GraphTestWorld } from "./testing/world";
import { ALICE, startGraphTestWorld } from "./testing/world";

let w: GraphTestWorld;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  w = await startGraphTestWorld({ events: 0 });
});
afterAll(async () => {
  await w?.close();
});

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${w.sim.url}/_control${path}`, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

test("faults and counters over HTTP", async () => {
  const bad = await control("POST", "/graph/faults", { fault: { kind: "throttled", retryAfterSeconds: -1 } });
  expect(bad.status).toBe(400);
  expect(String(bad.json?.error)).toMatch(/retryAfterSeconds/);
  const ok = await control("POST", "/graph/faults", { fault: { kind: "serviceUnavailable", retryAfterSeconds: 2 }, mailbox: ALICE, operation: "user" });
  expect(ok.status).toBe(200);
  const failed = await graphCall(`${w.graphUrl}/users/${ALICE}`, w.app);
  expect([failed.status, failed.headers.get("retry-after")]).toEqual([503, "2"]);
  const counters = await control("GET", `/graph/mailboxes/${ALICE}/counters`);
  expect(counters.json?.user).toBeGreaterThanOrEqual(1);
  expect((await control("DELETE", "/graph/counters")).status).toBe(204);
  expect((await control("GET", "/graph/counters")).json).toMatchObject({ httpRequests: 0, batches: 0, calls: {} });
});

test("a recurring series, a moved occurrence and a cancelled one over HTTP", async () => {
  const day0 = Math.floor(Date.now() / DAY) * DAY + DAY;
  const created = await control("POST", `/mailboxes/${ALICE}/recurring-events`, {
    subject: "Account sync",
    start: iso(day0 + 3_600_000),
    end: iso(day0 + 2 * 3_600_000),
    organizer: { name: "Alice", email: ALICE },
    pattern: "daily",
    numberOfOccurrences: 3,
  });
  expect(created.status).toBe(200);
  const id = (created.json?.calendarItem as { id: string }).id;
  const wrongDay = await control("POST", `/mailboxes/${ALICE}/items/${encodeURIComponent(id)}/cancel-occurrence`, { originalStart: iso(day0) });
  expect(wrongDay.status).toBe(400);
  expect(String(wrongDay.json?.error)).toMatch(/no occurrence/);
  expect((await control("POST", `/mailboxes/${ALICE}/items/${encodeURIComponent(id)}/cancel-occurrence`, { originalStart: iso(day0 + DAY + 3_600_000) })).status).toBe(200);
  expect(
    (await control("POST", `/mailboxes/${ALICE}/items/${encodeURIComponent(id)}/modify-occurrence`, { originalStart: iso(day0 + 2 * DAY + 3_600_000), start: iso(day0 + 2 * DAY + 5 * 3_600_000), end: iso(day0 + 2 * DAY + 6 * 3_600_000) })).status,
  ).toBe(200);
  const round = await deltaRound(`${w.graphUrl}/me/calendarView/delta?startDateTime=${iso(day0)}&endDateTime=${iso(day0 + 7 * DAY)}`, w.alice);
  const got = liveItems(round.items).map((e) => [e.type, (e.start as { dateTime: string }).dateTime.slice(0, 19)]);
  expect(got.sort()).toEqual([["exception", iso(day0 + 2 * DAY + 5 * 3_600_000).slice(0, 19)], ["occurrence", iso(day0 + 3_600_000).slice(0, 19)]].sort());
});

test("mailbox REST availability and user ids are validated", async () => {
  expect((await control("PATCH", `/mailboxes/${ALICE}`, { restApi: "archived" })).status).toBe(400);
  expect((await control("POST", "/mailboxes", { smtp: "zed@contoso.com", tenantId: "8e0f6a1b-9c2d-4e3f-a4b5-c6d7e8f9a0b1", userId: "not-a-guid" })).status).toBe(400);
  const created = await control("POST", "/mailboxes", { smtp: "zed@contoso.com", tenantId: "8e0f6a1b-9c2d-4e3f-a4b5-c6d7e8f9a0b1", userId: "5a0c2b1e-3d4f-4a6b-8c7d-9e0f1a2b3c4d" });
  expect(created.json?.userId).toBe("5a0c2b1e-3d4f-4a6b-8c7d-9e0f1a2b3c4d");
  const duplicateUserId = await control("POST", "/mailboxes", { smtp: "zoe@contoso.com", tenantId: "8e0f6a1b-9c2d-4e3f-a4b5-c6d7e8f9a0b1", userId: "5a0c2b1e-3d4f-4a6b-8c7d-9e0f1a2b3c4d" });
  expect(duplicateUserId.status).toBe(409);
  expect((await graphCall(`${w.graphUrl}/users/5a0c2b1e-3d4f-4a6b-8c7d-9e0f1a2b3c4d`, w.app)).json?.mail).toBe("zed@contoso.com");
});
