import { resyncNote } from "../../addin/console/resyncNote";
import type { MailboxDetail } from "../../server/api/consoleContract";
import { apiToken } from "../support/signIn";
import type { SyncWorld } from "../support/syncWorld";
import { startSyncWorld } from "../support/syncWorld";

jest.setTimeout(180_000);

/**
 * Issue #14 item 13: a folder resynced part-way through a run is counted honestly. Pages of ten changes, so Adele's
 * Inbox takes several pages; Exchange refuses the saved sync state on the third SyncFolderItems call (mid-Inbox), the
 * folder is read again from its start, and the run record says what was logged (once each), what was read again, and
 * that a resync happened and why — as the console's run history shows it.
 */
describe("a resync in the middle of a run over EWS", () => {
  let w: SyncWorld;
  let adele: string;

  beforeAll(async () => {
    w = await startSyncWorld("embedded", { messagesPerMailbox: 60, eventsPerMailbox: 6, env: { SYNC_PAGE_SIZE: "10" } });
    adele = await w.connect("adele");
  });
  afterAll(() => w?.dispose());

  const linked = async () =>
    (await w.ts.server.services.db.query<{ n: number }>("select count(*)::int as n from activity_mailboxes where mailbox_id = $1", [adele]))[0]?.n ?? 0;
  const inCrm = () => {
    const a = w.world.salesforce.control.activities(w.world.salesforceOrgId);
    return a.tasks.length + a.events.length;
  };

  it("logs each activity once, counts the re-read ones apart, and the run history says Inbox was resynced and why", async () => {
    const inboxItems = w.world.exchange.control.listItems("adele@contoso.com").filter((i) => i.folder === "inbox").length;
    expect(inboxItems).toBeGreaterThan(20); // three pages at least: the fault lands mid-folder
    w.world.exchange.control.injectFault({ fault: { kind: "invalidSyncState" }, mailbox: "adele@contoso.com", operation: "SyncFolderItems", skip: 2, count: 1 });

    const r = await w.ts.server.services.runner.run(adele, "schedule");
    expect(r.outcome).toBe("ok");
    const refused = { folder: "inbox", reason: "sync_state_rejected", detail: { message: "Exchange no longer accepts the saved sync state", answer: "ErrorInvalidSyncStateData: Synchronization state data is corrupt or otherwise invalid." } };
    expect(r.stats.resyncs).toEqual([refused]);
    // Only Adele logs in this org: every activity in Salesforce is hers, written once and counted once.
    expect(inCrm()).toBeGreaterThan(0);
    expect(r.stats.logged).toBe(await linked());
    expect(r.stats.logged).toBe(inCrm());
    expect(r.stats.written).toBe(inCrm());
    // The Inbox's first two pages were read twice: what they held is counted as already logged, not logged again.
    expect(r.stats.alreadyLogged).toBeGreaterThan(0);

    const token = await apiToken(w.world, w.world.users.grady, w.url);
    const res = await fetch(`${w.url}/api/console/mailboxes/${adele}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const run = ((await res.json()) as MailboxDetail).runs[0];
    expect(run).toMatchObject({ outcome: "ok", logged: r.stats.logged, alreadyLogged: r.stats.alreadyLogged, resyncs: [refused] });
    // The line says why, in the words known where the Inbox was reset, with Exchange's own answer.
    expect(run && resyncNote(run)).toBe(
      "Resynced from the start: Inbox, because Exchange no longer accepts the saved sync state (the answer: ErrorInvalidSyncStateData: Synchronization state data is corrupt or otherwise invalid). " +
        `${r.stats.alreadyLogged} items were logged already and are not counted again.`,
    );

    // The next turn has nothing new: nothing logged, no resync, no line in the history.
    const idle = await w.ts.server.services.runner.run(adele, "schedule");
    expect(idle.stats).toMatchObject({ logged: 0, written: 0, resyncs: [] });
    expect(resyncNote({ resyncs: idle.stats.resyncs, alreadyLogged: idle.stats.alreadyLogged })).toBeNull();
  });
});
