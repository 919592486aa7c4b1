/**
 * $batch as json-batching.md describes it: up to 20 requests with unique ids, an outer 200 whatever the inner
 * statuses, inner 429s with their own Retry-After, dependsOn ordering with 424 for a failed dependency.
 */
import { graphCall } from "./testing/graphClient";
import type { GraphTestWorld } from "./testing/world";
import { ALICE, BOB, startGraphTestWorld } from "./testing/world";

let w: GraphTestWorld;

beforeAll(async () => {
  w = await startGraphTestWorld();
});
afterEach(() => {
  w.sim.control.graph.clearFaults();
});
afterAll(async () => {
  await w?.close();
});

interface Inner {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: Record<string, unknown>;
}

async function batch(requests: unknown[], token = w.app) {
  const answer = await graphCall(`${w.graphUrl}/$batch`, token, { method: "POST", body: { requests } });
  const byId = new Map(((answer.json?.responses as Inner[] | undefined) ?? []).map((r) => [r.id, r]));
  return { answer, byId };
}

test("two mailboxes' folder deltas in one batch: outer 200, one answer per id", async () => {
  const { answer, byId } = await batch([
    { id: "a-inbox", method: "GET", url: `/users/${ALICE}/mailFolders/inbox/messages/delta?$select=subject`, headers: { prefer: "odata.maxpagesize=5" } },
    { id: "a-sent", method: "GET", url: `/users/${ALICE}/mailFolders/sentitems/messages/delta?$select=subject` },
    { id: "b-inbox", method: "GET", url: `users/${BOB}/mailFolders/inbox/messages/delta?$select=subject` },
  ]);
  expect(answer.status).toBe(200);
  expect([...byId.keys()].sort()).toEqual(["a-inbox", "a-sent", "b-inbox"]);
  for (const r of byId.values()) expect(r.status).toBe(200);
  expect((byId.get("a-inbox")?.body?.value as unknown[]).length).toBe(5);
  expect(byId.get("a-inbox")?.headers["Preference-Applied"]).toBe("odata.maxpagesize=5");
  expect(w.sim.control.graph.counters().batches).toBeGreaterThan(0);
});

test("a throttled request inside a batch answers 429 with its own Retry-After while the others succeed", async () => {
  w.sim.control.graph.injectFault({ fault: { kind: "throttled", retryAfterSeconds: 7 }, mailbox: BOB, via: "batch" });
  const { answer, byId } = await batch([
    { id: "1", method: "GET", url: `/users/${ALICE}/mailFolders/inbox/messages/delta` },
    { id: "2", method: "GET", url: `/users/${BOB}/mailFolders/inbox/messages/delta` },
  ]);
  expect(answer.status).toBe(200);
  expect(byId.get("1")?.status).toBe(200);
  expect(byId.get("2")?.status).toBe(429);
  expect(byId.get("2")?.headers["Retry-After"]).toBe("7");
  expect((byId.get("2")?.body?.error as { code: string }).code).toBe("TooManyRequests");
  // A rule limited to batches leaves direct calls alone.
  w.sim.control.graph.injectFault({ fault: { kind: "throttled", retryAfterSeconds: 7 }, mailbox: BOB, via: "batch" });
  expect((await graphCall(`${w.graphUrl}/users/${BOB}/mailFolders/inbox/messages/delta`, w.app)).status).toBe(200);
});

test("dependsOn runs requests in order and fails dependants of a failed request with 424", async () => {
  const { byId } = await batch([
    { id: "1", method: "GET", url: `/users/${ALICE}` },
    { id: "2", method: "GET", url: `/users/${ALICE}/messages/AAMkNotAnId`, dependsOn: ["1"] },
    { id: "3", method: "GET", url: `/users/${ALICE}/mailFolders/inbox`, dependsOn: ["2"] },
  ]);
  expect(byId.get("1")?.status).toBe(200);
  expect(byId.get("2")?.status).toBe(404);
  expect(byId.get("3")?.status).toBe(424);
});

test("more than 20 requests, duplicate ids or a dangling dependsOn are refused as a whole", async () => {
  const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i + 1), method: "GET", url: `/users/${ALICE}` }));
  const tooMany = await batch(many);
  expect(tooMany.answer.status).toBe(400);
  expect((tooMany.answer.json?.error as { message: string }).message).toMatch(/20/);
  const duplicate = await batch([
    { id: "1", method: "GET", url: `/users/${ALICE}` },
    { id: "1", method: "GET", url: `/users/${BOB}` },
  ]);
  expect(duplicate.answer.status).toBe(400);
  expect((duplicate.answer.json?.error as { message: string }).message).toMatch(/unique/);
  const dangling = await batch([{ id: "1", method: "GET", url: `/users/${ALICE}`, dependsOn: ["9"] }]);
  expect(dangling.answer.status).toBe(400);
  const notJson = await graphCall(`${w.graphUrl}/$batch`, w.app, { method: "POST", body: { request: [] } });
  expect(notJson.status).toBe(400);
});

test("exactly 20 requests are accepted", async () => {
  const twenty = await batch(Array.from({ length: 20 }, (_, i) => ({ id: String(i + 1), method: "GET", url: `/users/${i % 2 ? ALICE : BOB}` })));
  expect(twenty.answer.status).toBe(200);
  expect([...twenty.byId.values()].map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 200));
});
