import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import type { EmailItem, FolderKind, MailItem, MeetingItem } from "../../server/mailbox/items";
import { MailboxError } from "../../server/mailbox/mailboxError";
import type { EwsEndpoint } from "../../server/mailbox/ews/ewsService";
import { createEwsService } from "../../server/mailbox/ews/ewsService";
import { EwsSource } from "../../server/mailbox/ews/ewsSource";
import type { ExchangeSimulator, GroundTruthItem } from "../simulators/exchange";
import { startExchangeSimulator } from "../simulators/exchange";
import type { TokenIssuer } from "../simulators/exchange/testing/tokenIssuer";
import { startTokenIssuer } from "../simulators/exchange/testing/tokenIssuer";

jest.setTimeout(60_000);

/**
 * The EWS provider against the Exchange simulator: what sync reads (changes, items) must equal the mailbox's ground
 * truth, and every way Exchange fails must reach the sync engine as the right MailboxError.
 */
const TENANT = "3f1c2a9e-7d2b-4c1e-9a51-2b7f0c8e6d41";
const ALICE = "alice@contoso.com";
const BOB = "bob@contoso.com";
const CUSTOMER = { name: "Carla Customer", email: "Carla@Fabrikam.example" };

let issuer: TokenIssuer;
let sim: ExchangeSimulator;
let appToken: string;

beforeAll(async () => {
  issuer = await startTokenIssuer();
  sim = await startExchangeSimulator({ mode: "online", trust: { jwksUri: issuer.jwksUri, issuerPrefix: issuer.issuerPrefix } });
  sim.control.createTenant({ tenantId: TENANT, domains: ["contoso.com"] });
  sim.control.createMailbox({ smtp: ALICE, displayName: "Alice Archer", tenantId: TENANT });
  sim.control.createMailbox({ smtp: BOB, displayName: "Bob Baker", tenantId: TENANT });
  sim.control.seedMailbox(ALICE, {
    seed: 42,
    messages: 260,
    events: 40,
    externals: [CUSTOMER, { name: "Dan Deal", email: "dan@northwind.example" }],
    attachmentRatio: 0.4,
    privateRatio: 0.2,
    meetingRequestRatio: 0.2,
  });
  appToken = await issuer.appOnly({ tenantId: TENANT, roles: ["full_access_as_app"] });
});

afterAll(async () => {
  await sim?.close();
  await issuer?.close();
});

function endpoint(over: Partial<EwsEndpoint> = {}): EwsEndpoint {
  return { url: sim.ewsUrl, auth: { kind: "bearer", accessToken: appToken }, impersonate: ALICE, anchorMailbox: ALICE, timeoutMs: 10_000, ...over };
}

function source(over: Partial<EwsEndpoint> = {}, withBody = true): EwsSource {
  return new EwsSource(createEwsService(endpoint(over)), { getItemBatch: 50, withBody });
}

async function syncAll(s: EwsSource, folder: FolderKind, cursor: string | null = null, pageSize = 100) {
  const changes = [];
  let pages = 0;
  for (;;) {
    const page = await s.listChanges(folder, cursor, pageSize);
    changes.push(...page.changes);
    cursor = page.nextCursor;
    pages++;
    if (page.done) return { changes, cursor, pages };
  }
}

async function failureOf(p: Promise<unknown>): Promise<MailboxError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof MailboxError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

const email = (p: { email: string } | undefined) => p?.email.toLowerCase();

describe("reading a mailbox over EWS", () => {
  it("pages a folder's initial sync to the end, then reports nothing new with the saved cursor", async () => {
    const s = source();
    const truth = sim.control.listItems(ALICE, "inbox");
    const { changes, cursor, pages } = await syncAll(s, "inbox");
    expect(pages).toBe(Math.ceil(truth.length / 100));
    expect(changes.every((c) => c.kind === "upsert")).toBe(true);
    expect(changes.map((c) => c.itemId)).toEqual(truth.map((t) => t.id));
    const quiet = await s.listChanges("inbox", cursor, 512);
    expect(quiet).toEqual({ changes: [], nextCursor: expect.any(String), done: true });
    expect(s.calls).toBe(pages + 1);
  });

  it("fetches messages and meetings with the properties an activity needs, as the mailbox holds them", async () => {
    const s = source();
    for (const folder of ["inbox", "sentitems", "calendar"] as const) {
      const truth = new Map<string, GroundTruthItem>(sim.control.listItems(ALICE, folder).map((t) => [t.id, t]));
      const items = await s.getItems(folder, [...truth.keys()]);
      expect(items.map((i) => i.itemId)).toEqual([...truth.keys()]);
      for (const item of items) expectMatches(item, truth.get(item.itemId) as GroundTruthItem);
    }
  });

  it("reads text exactly as sent: entities, markup-like text, line ends and characters outside the BMP", async () => {
    const subject = `Quote & "terms" <v2> 'final' — Ünïcödé 😀`;
    const body = "line one\r\nline two & <b>not markup</b>\n\ttabbed";
    const delivered = sim.control.deliverMail(ALICE, { from: CUSTOMER, to: [{ name: "Alice", email: ALICE }], subject, body });
    const [item] = await source().getItems("inbox", [delivered.id]);
    expect(item).toMatchObject({ kind: "email", subject, body: { type: "text", content: "line one\nline two & <b>not markup</b>\n\ttabbed" } });
    const [bare] = await source({}, false).getItems("inbox", [delivered.id]);
    expect(bare).toMatchObject({ kind: "email", subject, body: null });
  });

  it("follows later changes: new, edited, read-flag and deleted items", async () => {
    const s = source();
    const { cursor } = await syncAll(s, "inbox");
    const truth = sim.control.listItems(ALICE, "inbox");
    const [toRead, toEdit, toDelete] = [truth[3], truth[4], truth[5]] as [GroundTruthItem, GroundTruthItem, GroundTruthItem];
    const delivered = sim.control.deliverMail(ALICE, { from: CUSTOMER, subject: "New order" });
    sim.control.updateItem(ALICE, toRead.id, { isRead: !toRead.isRead });
    sim.control.updateItem(ALICE, toEdit.id, { subject: "Edited" });
    sim.control.deleteItem(ALICE, toDelete.id);
    const next = await syncAll(s, "inbox", cursor);
    const of = (kind: string) => next.changes.filter((c) => c.kind === kind).map((c) => c.itemId).sort();
    expect(of("upsert")).toEqual([delivered.id, toEdit.id].sort());
    expect(of("readFlag")).toEqual([toRead.id]);
    expect(of("delete")).toEqual([toDelete.id]);
    // An item deleted between the change and the fetch is simply missing (its Delete comes on a later page).
    expect((await s.getItems("inbox", [toDelete.id, delivered.id])).map((i) => i.itemId)).toEqual([delivered.id]);
  });
});

describe("Exchange's failures, in the sync engine's words", () => {
  const inject = (fault: Parameters<ExchangeSimulator["control"]["injectFault"]>[0]["fault"], operation: "SyncFolderItems" | "GetItem" = "SyncFolderItems") =>
    sim.control.injectFault({ fault, mailbox: ALICE, operation, count: 1 });

  it("ErrorServerBusy (SOAP fault, HTTP 500): throttled, waiting the BackOffMilliseconds Exchange asked for", async () => {
    inject({ kind: "serverBusy", backOffMs: 1234 });
    const err = await failureOf(source().listChanges("inbox", null, 10));
    expect(err).toMatchObject({ code: "throttled", retryAfterMs: 1234 });
  });

  it("the ConcurrentSyncCalls budget (an error message inside HTTP 200): throttled", async () => {
    inject({ kind: "concurrentSyncCalls" });
    expect(await failureOf(source().listChanges("inbox", null, 10))).toMatchObject({ code: "throttled", retryAfterMs: 5000 });
  });

  it("the MaxConcurrency budget and a throttled GetItem: throttled", async () => {
    inject({ kind: "exceededConnectionCount" });
    expect(await failureOf(source().listChanges("inbox", null, 10))).toMatchObject({ code: "throttled" });
    const [first] = sim.control.listItems(ALICE, "inbox");
    inject({ kind: "serverBusy", backOffMs: 777 }, "GetItem");
    expect(await failureOf(source().getItems("inbox", [first?.id ?? ""]))).toMatchObject({ code: "throttled", retryAfterMs: 777 });
  });

  it("ErrorInvalidSyncStateData: invalid_cursor (the folder is synced again)", async () => {
    inject({ kind: "invalidSyncState" });
    expect(await failureOf(source().listChanges("inbox", null, 10))).toMatchObject({ code: "invalid_cursor" });
    // A state from another folder is refused by Exchange the same way.
    const { cursor } = await syncAll(source(), "sentitems");
    expect(await failureOf(source().listChanges("inbox", cursor, 10))).toMatchObject({ code: "invalid_cursor" });
  });

  it("HTTP 401: unauthorized; HTTP 403: ews_blocked; HTTP 503: throttled", async () => {
    inject({ kind: "http", status: 401 });
    expect(await failureOf(source().listChanges("inbox", null, 10))).toMatchObject({ code: "unauthorized" });
    inject({ kind: "http", status: 403 });
    expect(await failureOf(source().listChanges("inbox", null, 10))).toMatchObject({ code: "ews_blocked" });
    inject({ kind: "http", status: 503 });
    expect(await failureOf(source().listChanges("inbox", null, 10))).toMatchObject({ code: "throttled" });
    const forged = await issuer.forged(ALICE, { tenantId: TENANT });
    expect(await failureOf(source({ auth: { kind: "bearer", accessToken: forged } }).listChanges("inbox", null, 10))).toMatchObject({ code: "unauthorized" });
  });

  it("EWS switched off for the organisation: ews_blocked", async () => {
    sim.control.updateTenant(TENANT, { ewsEnabled: false });
    try {
      expect(await failureOf(source().listChanges("inbox", null, 10))).toMatchObject({ code: "ews_blocked" });
    } finally {
      sim.control.updateTenant(TENANT, { ewsEnabled: true });
    }
  });

  it("ErrorNonExistentMailbox and ErrorImpersonateUserDenied: mailbox_not_found and impersonation_denied", async () => {
    inject({ kind: "nonExistentMailbox" });
    expect(await failureOf(source().listChanges("inbox", null, 10))).toMatchObject({ code: "mailbox_not_found" });
    inject({ kind: "impersonateUserDenied" });
    expect(await failureOf(source().listChanges("inbox", null, 10))).toMatchObject({ code: "impersonation_denied" });
    const nobody = "nobody@contoso.com";
    expect(await failureOf(source({ impersonate: nobody, anchorMailbox: nobody }).listChanges("inbox", null, 10))).toMatchObject({ code: "mailbox_not_found" });
  });

  it("no answer, a refused connection and an answer that is not EWS: transient, transient, protocol", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    const port = (silent.address() as AddressInfo).port;
    try {
      const timedOut = await failureOf(source({ url: `http://127.0.0.1:${port}/EWS/Exchange.asmx`, timeoutMs: 300 }).listChanges("inbox", null, 10));
      expect(timedOut).toMatchObject({ code: "transient" });
    } finally {
      silent.close();
    }
    expect(await failureOf(source({ url: `http://127.0.0.1:${port}/EWS/Exchange.asmx` }).listChanges("inbox", null, 10))).toMatchObject({ code: "transient" });
    // A web server that is not Exchange: HTML, or XML that is no SOAP envelope, with HTTP 200.
    for (const answer of ["<html><body>Welcome</body></html>", "plain text", `<?xml version="1.0"?><Autodiscover/>`]) {
      const web = createHttpServer((_req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end(answer));
      await new Promise<void>((r) => web.listen(0, "127.0.0.1", () => r()));
      try {
        const url = `http://127.0.0.1:${(web.address() as AddressInfo).port}/EWS/Exchange.asmx`;
        expect(await failureOf(source({ url }).listChanges("inbox", null, 10))).toMatchObject({ code: "protocol" });
      } finally {
        web.close();
      }
    }
  });
});

describe("on-premises Exchange with a service account", () => {
  let onprem: ExchangeSimulator;
  beforeAll(async () => {
    onprem = await startExchangeSimulator({ mode: "onprem", protocol: "http" });
    onprem.control.createMailbox({ smtp: ALICE, displayName: "Alice Archer", account: { domain: "CONTOSO", username: "alice", password: "Alice#1" } });
    onprem.control.createMailbox({ smtp: BOB, displayName: "Bob Baker", account: { domain: "CONTOSO", username: "bob", password: "Bob#1" } });
    onprem.control.seedMailbox(ALICE, { seed: 11, messages: 120, events: 10 });
    onprem.control.addAccount({ domain: "CONTOSO", username: "svc-sync", password: "Svc#1", org: "contoso.com", impersonation: "all" });
    onprem.control.addAccount({ domain: "CONTOSO", username: "svc-scoped", password: "Svc#2", org: "contoso.com", impersonation: { mailboxes: [ALICE] } });
  });
  afterAll(() => onprem?.close());

  for (const kind of ["basic", "ntlm"] as const) {
    it(`syncs and fetches through ${kind} with impersonation`, async () => {
      const s = source({ url: onprem.ewsUrl, auth: { kind, username: "CONTOSO\\svc-sync", password: "Svc#1" } });
      const truth = onprem.control.listItems(ALICE, "inbox");
      const { changes } = await syncAll(s, "inbox");
      expect(changes.map((c) => c.itemId)).toEqual(truth.map((t) => t.id));
      const items = await s.getItems("inbox", truth.slice(0, 20).map((t) => t.id));
      items.forEach((item, i) => expectMatches(item, truth[i] as GroundTruthItem));
    });
  }

  it("a wrong password is unauthorized; a mailbox outside the account's scope is impersonation_denied", async () => {
    const wrong = source({ url: onprem.ewsUrl, auth: { kind: "basic", username: "CONTOSO\\svc-sync", password: "nope" } });
    expect(await failureOf(wrong.listChanges("inbox", null, 10))).toMatchObject({ code: "unauthorized" });
    const scoped = source({ url: onprem.ewsUrl, auth: { kind: "ntlm", username: "CONTOSO\\svc-scoped", password: "Svc#2" }, impersonate: BOB, anchorMailbox: BOB });
    expect(await failureOf(scoped.listChanges("inbox", null, 10))).toMatchObject({ code: "impersonation_denied" });
  });
});

/** What the sync engine gets for an item must be what the mailbox holds. */
function expectMatches(item: MailItem, truth: GroundTruthItem): void {
  if (truth.kind === "meetingRequest") {
    expect(item).toEqual({ kind: "other", itemId: truth.id, itemClass: truth.itemClass });
    return;
  }
  const sensitivity = truth.sensitivity.toLowerCase();
  if (truth.kind === "calendarItem") {
    expect(item.kind).toBe("meeting");
    const m = item as MeetingItem;
    expect(m).toMatchObject({ subject: truth.subject, uid: truth.uid, isAllDay: truth.isAllDay, isCancelled: truth.isCancelled, location: truth.location || null, sensitivity });
    expect(m.start.toISOString()).toBe(new Date(truth.start ?? "").toISOString());
    expect(m.end.toISOString()).toBe(new Date(truth.end ?? "").toISOString());
    expect(m.organizer?.email).toBe(email(truth.organizer));
    expect(m.requiredAttendees.map((a) => a.email)).toEqual(truth.requiredAttendees.map(email));
    expect(m.optionalAttendees.map((a) => a.email)).toEqual(truth.optionalAttendees.map(email));
    return;
  }
  expect(item.kind).toBe("email");
  const e = item as EmailItem;
  expect(e).toMatchObject({ subject: truth.subject, internetMessageId: truth.internetMessageId, sensitivity });
  expect(e.from?.email).toBe(email(truth.from));
  expect(e.from?.name).toBe(truth.from?.name);
  expect(e.to.map((a) => a.email)).toEqual(truth.to.map(email));
  expect(e.cc.map((a) => a.email)).toEqual(truth.cc.map(email));
  // EWS writes times to the second: mail delivered by an earlier test (in the clock's milliseconds) reads back truncated.
  expect(e.receivedAt?.toISOString()).toBe(toSecond(truth.dateTimeReceived));
  expect(e.sentAt?.toISOString()).toBe(toSecond(truth.dateTimeSent));
  expect(e.attachments).toEqual(truth.attachments.map((a) => ({ name: a.name, contentType: a.contentType, size: a.size })));
}

function toSecond(iso: string | undefined): string {
  return new Date(Math.floor(Date.parse(iso ?? "") / 1000) * 1000).toISOString();
}
