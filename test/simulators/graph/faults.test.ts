/**
 * The Graph face's failure catalogue: each fault appears when injected (or configured) and only then, in the form Graph
 * sends it — status, code, Retry-After, Location.
 */
import type { GraphFault } from "../exchange";
import { deltaRound, graphCall } from "./testing/graphClient";
import type { GraphTestWorld } from "./testing/world";
import { ALICE, APP_ID, BOB, TENANT, startGraphTestWorld } from "./testing/world";

let w: GraphTestWorld;

beforeAll(async () => {
  w = await startGraphTestWorld();
});
afterEach(() => {
  const c = w.sim.control;
  c.graph.clearFaults();
  c.graph.clearAccessPolicies();
  c.graph.setConcurrency({ perMailbox: 4, perApp: null });
  c.graph.setNextLinkPolicy({ staleOlderNextLinks: false });
  c.setLatency({ ms: 0 });
  c.setLatency({ ms: 0, mailbox: ALICE });
  c.updateMailbox(ALICE, { restApi: "enabled" });
});
afterAll(async () => {
  await w?.close();
});

const inbox = (who: string) => `${w.graphUrl}/users/${who}/mailFolders/inbox/messages/delta`;
const errorOf = (a: { json?: Record<string, unknown> }) => a.json?.error as { code: string; message: string; innerError: Record<string, string> };

test.each<[GraphFault, number, string | undefined, string | undefined]>([
  [{ kind: "throttled", retryAfterSeconds: 3 }, 429, "TooManyRequests", "3"],
  [{ kind: "serviceUnavailable", retryAfterSeconds: 4 }, 503, "ServiceUnavailable", "4"],
  [{ kind: "gatewayTimeout" }, 504, "GatewayTimeout", undefined],
  [{ kind: "syncStateNotFound" }, 410, "SyncStateNotFound", undefined],
  [{ kind: "resyncRequired" }, 400, "resyncRequired", undefined],
  [{ kind: "consentMissing" }, 403, "ErrorAccessDenied", undefined],
  [{ kind: "invalidAuthenticationToken" }, 401, "InvalidAuthenticationToken", undefined],
])("%o appears once when injected, then the call succeeds", async (fault, status, code, retryAfter) => {
  expect((await graphCall(inbox(ALICE), w.app)).status).toBe(200);
  w.sim.control.graph.injectFault({ fault, mailbox: ALICE, operation: "messagesDelta" });
  expect((await graphCall(inbox(BOB), w.app)).status).toBe(200);
  const failed = await graphCall(inbox(ALICE), w.app);
  expect(failed.status).toBe(status);
  expect(errorOf(failed).code).toBe(code);
  expect(Object.keys(errorOf(failed).innerError)).toEqual(expect.arrayContaining(["date", "request-id", "client-request-id"]));
  expect(failed.headers.get("retry-after") ?? undefined).toBe(retryAfter);
  expect((await graphCall(inbox(ALICE), w.app)).status).toBe(200);
});

test("a synchronization reset answers 410 with a Location that starts a new round", async () => {
  const first = await deltaRound(`${inbox(ALICE)}?$select=subject`, w.app, { prefer: "odata.maxpagesize=100" });
  w.sim.control.graph.injectFault({ fault: { kind: "syncReset" }, mailbox: ALICE });
  const reset = await graphCall(first.deltaLink, w.app);
  expect(reset.status).toBe(410);
  const location = reset.headers.get("location") ?? "";
  expect(location).toMatch(/\$deltatoken=$/);
  expect(location.startsWith(`${w.graphUrl}/users/`)).toBe(true);
  const again = await deltaRound(location, w.app, { prefer: "odata.maxpagesize=100" });
  expect(again.items.length).toBe(w.sim.control.listItems(ALICE, "inbox").length);
});

test("evicted delta tokens answer 410 SyncStateNotFound until a new round begins", async () => {
  const first = await deltaRound(inbox(BOB), w.app, { prefer: "odata.maxpagesize=100" });
  expect((await graphCall(first.deltaLink, w.app)).status).toBe(200);
  w.sim.control.graph.expireDeltaTokens(BOB);
  const expired = await graphCall(first.deltaLink, w.app);
  expect([expired.status, errorOf(expired).code]).toEqual([410, "SyncStateNotFound"]);
  expect(errorOf(expired).message).toMatch(/generation=/);
  expect((await deltaRound(inbox(BOB), w.app)).items.length).toBeGreaterThan(0);
});

test("older nextLinks go stale at once only when that policy is on; the newest always works", async () => {
  const page1 = await graphCall(`${inbox(ALICE)}?$select=subject`, w.app, { headers: { prefer: "odata.maxpagesize=5" } });
  const link1 = page1.json?.["@odata.nextLink"] as string;
  const page2 = await graphCall(link1, w.app, { headers: { prefer: "odata.maxpagesize=5" } });
  const link2 = page2.json?.["@odata.nextLink"] as string;
  const again = await graphCall(link1, w.app, { headers: { prefer: "odata.maxpagesize=5" } });
  expect(again.status).toBe(200);
  const newest = again.json?.["@odata.nextLink"] as string;
  w.sim.control.graph.setNextLinkPolicy({ staleOlderNextLinks: true });
  expect(errorOf(await graphCall(link1, w.app)).code).toBe("SyncStateNotFound");
  // Asking with link1 again handed out a newer generation than link2: link2 is now an older nextLink too.
  expect(errorOf(await graphCall(link2, w.app)).code).toBe("SyncStateNotFound");
  expect((await graphCall(newest, w.app)).status).toBe(200);
});

test("a link more than three generations behind its chain's newest answers 410 SyncStateNotFound, listing the kept ones", async () => {
  const first = await deltaRound(`${inbox(BOB)}?$select=subject`, w.app, { prefer: "odata.maxpagesize=100" });
  // Each answer, empty or not, is a new generation; a client that keeps presenting the same deltaLink moves the chain on.
  const answers = [];
  for (let i = 0; i < 3; i++) answers.push(await graphCall(first.deltaLink, w.app));
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
  const evicted = await graphCall(first.deltaLink, w.app);
  expect([evicted.status, errorOf(evicted).code]).toEqual([410, "SyncStateNotFound"]);
  const generation = Number(/generation=(\d+)/.exec(errorOf(evicted).message)?.[1]);
  expect(errorOf(evicted).message).toBe(
    `The sync state generation is not found; generation=${generation};[highest=${generation + 3}][${generation + 3}][${generation + 1}][${generation + 2}].`,
  );
  // The newest link handed out is kept, and so are the two before it.
  const newest = answers[2]?.json?.["@odata.deltaLink"] as string;
  const older = answers[1]?.json?.["@odata.deltaLink"] as string;
  expect((await graphCall(older, w.app)).status).toBe(200);
  expect((await graphCall(newest, w.app)).status).toBe(200);
});

test("a fifth concurrent request for one mailbox gets 429 ApplicationThrottled; four never do", async () => {
  w.sim.control.setLatency({ ms: 300, mailbox: ALICE });
  w.sim.control.graph.resetCounters();
  const burst = (n: number) => Promise.all(Array.from({ length: n }, () => graphCall(`${w.graphUrl}/users/${ALICE}/mailFolders/inbox`, w.app)));
  const four = await burst(4);
  expect(four.map((a) => a.status)).toEqual([200, 200, 200, 200]);
  const six = await burst(6);
  const throttled = six.filter((a) => a.status === 429);
  expect(throttled.length).toBeGreaterThan(0);
  expect(errorOf(throttled[0] as { json?: Record<string, unknown> })).toMatchObject({ code: "ApplicationThrottled", message: "Application is over its MailboxConcurrency limit." });
  expect(throttled[0]?.headers.get("retry-after")).toMatch(/^\d+$/);
  const counters = w.sim.control.graph.counters();
  expect(counters.peakInFlight.byMailbox[ALICE]).toBeGreaterThanOrEqual(5);
  expect(counters.peakInFlight.byApp[APP_ID]).toBeGreaterThanOrEqual(5);
  expect(counters.calls[ALICE]?.mailFolder).toBe(10);
});

test("a mailbox Graph cannot serve answers 404 MailboxNotEnabledForRESTAPI; its user object still resolves", async () => {
  for (const restApi of ["onPremises", "inactive", "softDeleted"] as const) {
    w.sim.control.updateMailbox(ALICE, { restApi });
    const answer = await graphCall(inbox(ALICE), w.app);
    expect([answer.status, errorOf(answer).code]).toEqual([404, "MailboxNotEnabledForRESTAPI"]);
    expect(errorOf(answer).message).toBe("The mailbox is either inactive, soft-deleted, or is hosted on-premise.");
    expect((await graphCall(`${w.graphUrl}/users/${ALICE}`, w.app)).status).toBe(200);
  }
  w.sim.control.updateMailbox(ALICE, { restApi: "enabled" });
  expect((await graphCall(inbox(ALICE), w.app)).status).toBe(200);
});

test("an application access policy denies app-only access with 'Access to OData is disabled.'", async () => {
  w.sim.control.graph.addAccessPolicy({ tenantId: TENANT, appId: APP_ID, accessRight: "RestrictAccess", mailboxes: [ALICE] });
  expect((await graphCall(inbox(ALICE), w.app)).status).toBe(200);
  const denied = await graphCall(inbox(BOB), w.app);
  expect([denied.status, errorOf(denied).code, errorOf(denied).message]).toEqual([403, "ErrorAccessDenied", "Access to OData is disabled."]);
  // Another app of the tenant, and Bob signed in himself, are not bound by this app's policy.
  const otherApp = await w.appOnly(["Mail.Read"], { appId: "0f1e2d3c-4b5a-4697-8a8b-9c0d1e2f3a44" });
  expect((await graphCall(inbox(BOB), otherApp)).status).toBe(200);
  expect((await graphCall(inbox(BOB), await w.delegated(BOB, "Mail.Read"))).status).toBe(200);
  w.sim.control.graph.clearAccessPolicies();
  expect((await graphCall(inbox(BOB), w.app)).status).toBe(200);
});

test("control input is validated with messages naming the field", () => {
  expect(() => w.sim.control.graph.injectFault({ fault: { kind: "nope" } } as never)).toThrow(/invalid graph fault/);
  expect(() => w.sim.control.graph.addAccessPolicy({ tenantId: TENANT, appId: APP_ID, accessRight: "DenyAccess", mailboxes: [] })).toThrow(/mailboxes/);
  expect(() => w.sim.control.updateMailbox(ALICE, { restApi: "gone" } as never)).toThrow(/restApi/);
});
