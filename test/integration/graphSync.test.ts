import { cursorStates } from "../../server/store/mailboxDetailQuery";
import { storeOfEnv } from "../support/databases";
import type { SyncWorld } from "../support/syncWorld";
import { expectedActivities, startSyncWorld } from "../support/syncWorld";

jest.setTimeout(180_000);

const startGraphWorld = () => startSyncWorld(storeOfEnv, { messagesPerMailbox: 80, eventsPerMailbox: 12, transport: "graph" });

/**
 * Contoso syncs over Microsoft Graph: the same world and ground truth as the EWS test (sync.test.ts). On PGlite, or on
 * PostgreSQL when DATABASE_URL is set. The tests below share one world in which Adele's first sync is already done, so
 * each of them works whatever ran before it (Jest's --randomize); the first-sync test starts a world of its own.
 */
describe(`syncing mailboxes over Microsoft Graph (${storeOfEnv} store)`, () => {
  let w: SyncWorld;
  let adele: string;

  beforeAll(async () => {
    w = await startGraphWorld();
    adele = await w.connect("adele");
    const first = await w.ts.server.services.runner.run(adele, "schedule");
    if (first.verdict !== null) throw new Error(`Adele's first sync failed: ${JSON.stringify(first.verdict)}`);
  });
  afterAll(() => w?.dispose());

  const graph = () => w.world.exchange.control.graph;
  const orgActivities = () => w.world.salesforce.control.activities(w.world.salesforceOrgId);
  const crmEmails = () => new Set([...w.world.customers.contacts, ...w.world.customers.leads]);
  const run = (id: string) => w.ts.server.services.runner.run(id, "schedule");
  const day = 86_400_000;
  const at = (days: number, hour: number) => {
    const d = new Date(Math.floor(Date.now() / day) * day + days * day);
    d.setUTCHours(hour);
    return d.toISOString().replace(/\.\d{3}Z$/, "Z");
  };

  it("a seeded mailbox's first sync creates exactly the expected CRM records; an idle turn is one HTTP request", async () => {
    // An empty org and a mailbox never synced: a world of its own.
    const own = await startGraphWorld();
    try {
      const mine = await own.connect("adele");
      const m = await own.ts.server.services.mailboxes.getById(mine);
      expect(m?.provider).toBe("graph");
      const runOwn = () => own.ts.server.services.runner.run(mine, "schedule");
      const result = await runOwn();
      expect(result.verdict).toBeNull();
      const crm = new Set([...own.world.customers.contacts, ...own.world.customers.leads]);
      const expected = expectedActivities(own.world.exchange.control.listItems("adele@contoso.com"), crm);
      expect(expected.emails.size + expected.meetings.size).toBeGreaterThan(5);
      const { tasks, events } = own.world.salesforce.control.activities(own.world.salesforceOrgId);
      expect(tasks).toHaveLength(expected.emails.size);
      expect(events).toHaveLength(expected.meetings.size);
      expect(result.stats.logged).toBe(expected.emails.size + expected.meetings.size);
      expect(result.stats.skipped.private ?? 0).toBeGreaterThan(0);
      // Nothing new: the three folder deltas share one $batch.
      const ownGraph = own.world.exchange.control.graph;
      ownGraph.resetCounters();
      const idle = await runOwn();
      expect(idle.stats.written).toBe(0);
      expect(ownGraph.counters()).toMatchObject({ httpRequests: 1, batches: 1 });
      expect(ownGraph.callCounters("adele@contoso.com")).toEqual({ messagesDelta: 2, calendarDelta: 1 });
    } finally {
      await own.dispose();
    }
  });

  it("idle turn after idle turn continues from the newest link Graph gave: no folder is ever read again from the start", async () => {
    // Exchange keeps only the newest three generations of a sync state, and every answer, an empty one too, is a new
    // one: a mailbox that kept presenting the link of its last non-empty page would be refused on its fourth idle turn.
    for (let turn = 1; turn <= 6; turn++) {
      graph().resetCounters();
      const r = await run(adele);
      expect([turn, r.verdict, r.stats.resyncs, r.stats.written]).toEqual([turn, null, [], 0]);
      expect(graph().counters()).toMatchObject({ httpRequests: 1, batches: 1 });
    }
  });

  it("a first pass whose last page is empty is on record as finished (the console shows it so)", async () => {
    // Pages of 10; eleven messages delivered and the oldest deleted: the tenth fills the first page, which cannot tell
    // whether more follow, and the second page comes back empty with the deltaLink.
    const own = await startSyncWorld(storeOfEnv, { messagesPerMailbox: 0, eventsPerMailbox: 0, transport: "graph", env: { SYNC_PAGE_SIZE: "10" } });
    try {
      const to = [{ name: "Adele", email: "adele@contoso.com" }];
      const delivered = Array.from({ length: 11 }, (_, i) =>
        own.world.exchange.control.deliverMail("adele@contoso.com", { from: { name: "Diego", email: "diego@contoso.com" }, to, subject: `Note ${i}` }),
      );
      own.world.exchange.control.deleteItem("adele@contoso.com", delivered[0]?.id ?? "");
      const mine = await own.connect("adele");
      own.world.exchange.control.graph.resetCounters();
      const r = await own.ts.server.services.runner.run(mine, "schedule");
      expect(r.verdict).toBeNull();
      expect(own.world.exchange.control.graph.callCounters("adele@contoso.com").messagesDelta).toBe(3);
      const inbox = (await cursorStates(own.ts.server.services.db, mine)).find((c) => c.folder === "inbox");
      expect(inbox).toMatchObject({ hasCursor: true, initialDone: true });
    } finally {
      await own.dispose();
    }
  });

  it("asks Graph for pages of at most 256 changes, whatever SYNC_PAGE_SIZE allows", async () => {
    // The world runs with the default SYNC_PAGE_SIZE (512): 300 new messages would be one page at that size.
    const to = [{ name: "Adele", email: "adele@contoso.com" }];
    for (let i = 0; i < 300; i++) w.world.exchange.control.deliverMail("adele@contoso.com", { from: { name: "Diego", email: "diego@contoso.com" }, to, subject: `Stand-up ${i}` });
    graph().resetCounters();
    const r = await run(adele);
    expect(r.verdict).toBeNull();
    expect(r.stats.skipped.internal_only).toBe(300);
    // Inbox: 256, then 44 (the first page in the idle $batch); sent items and the calendar: one page each.
    expect(graph().callCounters("adele@contoso.com")).toEqual({ messagesDelta: 3, calendarDelta: 1 });
  });

  it("mail delivered afterwards appears on the next turn; internal and private mail do not", async () => {
    const before = orgActivities().tasks.length;
    const to = [{ name: "Adele", email: "adele@contoso.com" }];
    w.world.exchange.control.deliverMail("adele@contoso.com", { from: { name: "Bea Buyer", email: "buyer@fabrikam.com" }, to, subject: "Signed order" });
    w.world.exchange.control.deliverMail("adele@contoso.com", { from: { name: "Bea Buyer", email: "buyer@fabrikam.com" }, to, subject: "My doctor", sensitivity: "Private" });
    w.world.exchange.control.deliverMail("adele@contoso.com", { from: { name: "Diego", email: "diego@contoso.com" }, to, subject: "Lunch?" });
    const r = await run(adele);
    expect(r.stats.written).toBe(1);
    expect(r.stats.skipped).toMatchObject({ internal_only: 1, private: 1 });
    const tasks = orgActivities().tasks;
    expect(tasks).toHaveLength(before + 1);
    expect(tasks.some((t) => t.fields.Subject === "Email: Signed order")).toBe(true);
  });

  it("a meeting moved updates its Event; deleted from the calendar, the Event goes", async () => {
    const created = w.world.exchange.control.createEvent("adele@contoso.com", {
      subject: "Pricing call",
      start: at(3, 15),
      end: at(3, 16),
      organizer: { name: "Adele", email: "adele@contoso.com" },
      required: [{ name: "Tia", email: "ceo@tailspin.com" }],
    });
    await run(adele);
    const find = () => orgActivities().events.filter((e) => e.fields.Subject === "Pricing call");
    expect(find()).toHaveLength(1);
    w.world.exchange.control.moveEvent("adele@contoso.com", created.calendarItem.id, { start: at(4, 9), end: at(4, 10) });
    await run(adele);
    expect(find()).toHaveLength(1);
    expect(String(find()[0]?.fields.StartDateTime)).toContain(at(4, 9).slice(0, 13));
    w.world.exchange.control.deleteItem("adele@contoso.com", created.calendarItem.id, { mode: "hard" });
    const r = await run(adele);
    expect(r.stats.removed).toBe(1);
    expect(find()).toHaveLength(0);
  });

  it("each occurrence of a recurring meeting is its own Event; a cancelled occurrence leaves, the others stay", async () => {
    const series = w.world.exchange.control.createRecurringEvent("adele@contoso.com", {
      subject: "Weekly pipeline review",
      start: at(2, 10),
      end: at(2, 11),
      organizer: { name: "Adele", email: "adele@contoso.com" },
      required: [{ name: "Otto", email: "ops@tailspin.com" }],
      pattern: "weekly",
      interval: 1,
      numberOfOccurrences: 3,
    });
    await run(adele);
    const find = () => orgActivities().events.filter((e) => e.fields.Subject === "Weekly pipeline review");
    expect(find()).toHaveLength(3);
    w.world.exchange.control.cancelOccurrence("adele@contoso.com", series.calendarItem.id, { originalStart: at(9, 10) });
    const r = await run(adele);
    expect(r.stats.removed).toBe(1);
    expect(find()).toHaveLength(2);
  });

  it("a 410 in the middle of a sync: the folder is synced again from the start, without duplicates", async () => {
    const before = orgActivities();
    for (let i = 0; i < 5; i++) {
      w.world.exchange.control.deliverMail("adele@contoso.com", { from: { name: "Fin", email: "finance@wingtip.com" }, to: [{ name: "Adele", email: "adele@contoso.com" }], subject: `Invoice ${i}` });
    }
    graph().injectFault({ fault: { kind: "syncStateNotFound" }, mailbox: "adele@contoso.com", operation: "messagesDelta", count: 1 });
    const r = await run(adele);
    expect(r.verdict).toBeNull();
    expect(r.stats.resyncs).toEqual([{ folder: "inbox", reason: "sync_state_rejected", detail: { message: "Graph no longer accepts the saved delta link", answer: expect.stringMatching(/^SyncStateNotFound \(HTTP 410\): /) } }]);
    // The five new invoices are logged once each; the rest of the Inbox, read again, is counted apart.
    expect(r.stats.logged).toBe(5);
    expect(r.stats.alreadyLogged).toBeGreaterThan(0);
    expect(orgActivities().tasks).toHaveLength(before.tasks.length + 5);
    expect(orgActivities().events).toHaveLength(before.events.length);
  });

  it("429 bursts inside and outside $batch never fail a run; each throttled request is sent again", async () => {
    const before = orgActivities().tasks.length;
    w.world.exchange.control.deliverMail("adele@contoso.com", { from: { name: "Otto", email: "ops@tailspin.com" }, to: [{ name: "Adele", email: "adele@contoso.com" }], subject: "Delivery slot" });
    graph().injectFault({ fault: { kind: "throttled", retryAfterSeconds: 1 }, mailbox: "adele@contoso.com", via: "batch", count: 2 });
    graph().resetCounters();
    const inBatch = await run(adele);
    expect(inBatch.verdict).toBeNull();
    expect(orgActivities().tasks).toHaveLength(before + 1);
    // The idle turn's 3 inner requests, 2 of them answered 429 and sent again in a second $batch.
    expect(graph().counters()).toMatchObject({ batches: 2 });

    // Outside $batch: the Inbox starts over (its first page is a plain GET); the same turn once clean, once throttled.
    const restartInbox = () => w.ts.server.services.db.query("delete from folder_cursors where mailbox_id = $1 and folder = 'inbox'", [adele]);
    await restartInbox();
    graph().resetCounters();
    expect((await run(adele)).verdict).toBeNull();
    const clean = graph().counters().httpRequests;
    await restartInbox();
    graph().injectFault({ fault: { kind: "throttled", retryAfterSeconds: 1 }, mailbox: "adele@contoso.com", via: "direct", operation: "messagesDelta", count: 2 });
    graph().injectFault({ fault: { kind: "serviceUnavailable", retryAfterSeconds: 1 }, mailbox: "adele@contoso.com", via: "direct", operation: "messagesDelta", count: 1 });
    graph().resetCounters();
    const direct = await run(adele);
    expect(direct.verdict).toBeNull();
    expect(direct.outcome).toBe("ok");
    expect(graph().counters().httpRequests).toBe(clean + 3);
    expect(orgActivities().tasks).toHaveLength(before + 1);
  });

  const managed = async (rep: "megan" | "grady" | "pat" | "quinn") => {
    // Contoso's admin consented the app's application permissions (EWS full_access_as_app and Graph's roles).
    w.world.entra.control.grantAdminConsent({ tenant: w.world.contoso.tenantId, clientId: w.world.app.clientId });
    const m = await w.ts.server.services.mailboxes.activateManaged({ tenantId: w.world.contoso.tenantId, email: `${rep}@contoso.com`, displayName: rep, access: "app_only", serviceAccountId: null, provider: "ews" });
    if (!m) throw new Error("not activated");
    return m.id;
  };
  /** Moves a mailbox synced over EWS to Graph and syncs it there: what Graph read again, counted from a clean slate. */
  const syncAfterMoveToGraph = async (id: string) => {
    await w.ts.server.services.mailboxes.setProvider(id, "graph");
    graph().resetCounters();
    const r = await run(id);
    expect(r.verdict).toBeNull();
    return r;
  };
  /** Contoso's Exchange Online blocks EWS while `body` runs; allowed again after, since the tests share the world. */
  const whileEwsBlocked = async (body: () => Promise<void>) => {
    w.world.exchange.control.updateTenant(w.world.contoso.tenantId, { ewsEnabled: false });
    try {
      await body();
    } finally {
      w.world.exchange.control.updateTenant(w.world.contoso.tenantId, { ewsEnabled: true });
    }
  };
  const expectedFor = (...smtps: string[]) => {
    const all = smtps.map((smtp) => expectedActivities(w.world.exchange.control.listItems(smtp), crmEmails()));
    return { emails: new Set(all.flatMap((e) => [...e.emails])), meetings: new Set(all.flatMap((e) => [...e.meetings])) };
  };

  it("a mailbox synced over EWS, then moved to Graph: no duplicate and no missing record", async () => {
    const megan = await managed("megan");
    const overEws = await run(megan);
    expect(overEws.verdict).toBeNull();
    const afterEws = orgActivities();
    const overGraph = await syncAfterMoveToGraph(megan);
    expect(graph().callCounters("megan@contoso.com").messagesDelta).toBeGreaterThan(0);
    // Graph read every item again: all logged over EWS already, so counted as such and not as logged a second time.
    expect(overGraph.stats.logged).toBe(0);
    expect(overGraph.stats.alreadyLogged).toBeGreaterThan(0);
    const afterGraph = orgActivities();
    expect(afterGraph.tasks).toHaveLength(afterEws.tasks.length);
    expect(afterGraph.events).toHaveLength(afterEws.events.length);
    // Adele's extra meetings and mail from the tests above are in the CRM too: compare Megan's keys only.
    const expected = expectedFor("megan@contoso.com");
    const links = await w.ts.server.services.db.query<{ dedup_key: string }>("select dedup_key from activity_mailboxes where mailbox_id = $1", [megan]);
    expect(new Set(links.map((l) => l.dedup_key))).toEqual(new Set([...[...expected.emails].map((k) => `msg:${k}`), ...[...expected.meetings].map((k) => `cal:${k}`)]));
  });

  /** A new app-only rep (over EWS) whose calendar holds a weekly meeting with a customer; `find` lists its Events. */
  const repWithWeeklyMeeting = async (rep: "pat" | "quinn", subject: string, occurrences: number) => {
    const smtp = `${rep}@contoso.com`;
    const name = rep[0]!.toUpperCase() + rep.slice(1);
    w.world.exchange.control.createMailbox({ smtp, displayName: name, tenantId: w.world.contoso.tenantId });
    w.world.exchange.control.createRecurringEvent(smtp, {
      subject,
      start: at(1, 14),
      end: at(1, 15),
      organizer: { name, email: smtp },
      required: [{ name: "Tia", email: "ceo@tailspin.com" }],
      pattern: "weekly",
      interval: 1,
      numberOfOccurrences: occurrences,
    });
    return { id: await managed(rep), find: () => orgActivities().events.filter((e) => e.fields.Subject === subject) };
  };

  it("a recurring meeting logged over EWS as one series is not logged again per occurrence after the move to Graph", async () => {
    const { id: pat, find } = await repWithWeeklyMeeting("pat", "Monthly account review", 4);
    expect((await run(pat)).verdict).toBeNull();
    // EWS lists the series once: one Event, keyed by the series' UID.
    expect(find()).toHaveLength(1);
    const overGraph = await syncAfterMoveToGraph(pat);
    expect(graph().callCounters("pat@contoso.com").calendarDelta).toBeGreaterThan(0);
    // Graph lists each occurrence; each is recognised as part of the series already logged.
    expect(overGraph.stats.skipped.logged_as_series).toBe(4);
    expect(find()).toHaveLength(1);
  });

  it("a recurring meeting logged over Graph per occurrence is not logged again as one series after a move back to EWS", async () => {
    const { id: quinn, find } = await repWithWeeklyMeeting("quinn", "Quarterly licence check", 3);
    await w.ts.server.services.mailboxes.setProvider(quinn, "graph");
    expect((await run(quinn)).verdict).toBeNull();
    // Graph lists each occurrence: three Events.
    expect(find()).toHaveLength(3);
    await w.ts.server.services.mailboxes.setProvider(quinn, "ews");
    const overEws = await run(quinn);
    expect(overEws.verdict).toBeNull();
    // EWS lists the series once; its occurrences are in the CRM already, so the series is not added beside them.
    expect(overEws.stats.skipped.logged_as_occurrences).toBe(1);
    expect(find()).toHaveLength(3);
  });

  it("EWS blocked for the tenant: an app-only mailbox moves to Graph by itself in the same turn, audited", async () => {
    const grady = await managed("grady");
    expect((await run(grady)).verdict).toBeNull();
    const before = orgActivities();
    w.world.exchange.control.deliverMail("grady@contoso.com", { from: { name: "Ivy", email: "it@wingtip.com" }, to: [{ name: "Grady", email: "grady@contoso.com" }], subject: "Licence renewal" });
    await whileEwsBlocked(async () => {
      const r = await run(grady);
      expect(r.verdict).toBeNull();
      expect((await w.ts.server.services.mailboxes.getById(grady))?.provider).toBe("graph");
      expect(orgActivities().tasks).toHaveLength(before.tasks.length + 1);
      expect(orgActivities().events).toHaveLength(before.events.length);
      const audit = await w.ts.server.services.db.query<{ action: string; detail: { to: string } }>("select action, detail from audit_log where mailbox_id = $1", [grady]);
      expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({ action: "mailbox.transport", detail: expect.objectContaining({ to: "graph" }) })]));
    });
  });

  it("EWS blocked for a rep's own sign-in: Reconnect for Graph, then sync resumes with nothing logged twice", async () => {
    await w.ts.server.services.tenants.setTransport(w.world.contoso.tenantId, "ews");
    const diego = await w.connect("diego");
    await w.ts.server.services.tenants.setTransport(w.world.contoso.tenantId, "graph");
    expect((await w.ts.server.services.mailboxes.getById(diego))?.provider).toBe("ews");
    expect((await run(diego)).verdict).toBeNull();
    const before = orgActivities();
    await whileEwsBlocked(async () => {
      const blocked = await run(diego);
      expect(blocked.verdict).toMatchObject({ kind: "attention", reason: "move_to_graph" });
      const waiting = await w.ts.server.services.mailboxes.getById(diego);
      expect(waiting).toMatchObject({ provider: "graph", state: { status: "attention", reason: "move_to_graph" } });
      // The rep chooses Reconnect: the consent now asks for the Graph scopes.
      expect(await w.connect("diego")).toBe(diego);
      graph().resetCounters();
      const resumed = await run(diego);
      expect(resumed.verdict).toBeNull();
      expect(graph().callCounters("diego@contoso.com").messagesDelta).toBeGreaterThan(0);
      expect(resumed.stats.logged).toBe(0);
      expect(resumed.stats.alreadyLogged).toBeGreaterThan(0);
      expect(orgActivities().tasks).toHaveLength(before.tasks.length);
      expect(orgActivities().events).toHaveLength(before.events.length);
    });
  });
});
