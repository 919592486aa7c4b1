/**
 * When a mailbox stops syncing, who is asked to act. Unexplained failures are retried, and the fifth in a row puts the
 * mailbox in "needs attention" so support sees it; a success in between starts the count again. An organisation that
 * has not connected its CRM is not a mailbox failure at all (#18 item 3): every mailbox there waits, without a failure
 * counted, and the sidebar names the missing CRM and who connects it, so connecting the CRM is all it takes to start.
 */
import type { MeMailboxResponse } from "../../server/api/contract";
import { unexplainedFailureLimit } from "../../server/sync/failureVerdict";
import { api } from "../support/connectFlow";
import { connectSalesforce } from "../support/salesforceConnect";
import { apiToken } from "../support/signIn";
import type { SyncWorld } from "../support/syncWorld";
import { startSyncWorld } from "../support/syncWorld";

jest.setTimeout(120_000);

describe("failures in a row, and no CRM connected", () => {
  let w: SyncWorld;
  let adele: string;

  beforeAll(async () => {
    w = await startSyncWorld("embedded", { messagesPerMailbox: 10, eventsPerMailbox: 2 });
    adele = await w.connect("adele");
  });
  afterAll(() => w?.dispose());

  beforeEach(async () => {
    w.world.exchange.control.clearFaults();
    w.world.salesforce.control.clearFaults();
    await ensureCrmConnected();
    await w.ts.server.services.db.query(
      "update mailboxes set status = 'active', reason = null, reason_detail = null, consecutive_failures = 0, next_sync_at = now() where id = $1",
      [adele],
    );
  });

  const services = () => w.ts.server.services;
  const run = () => services().runner.run(adele, "schedule");
  const stateOf = async () => {
    const [row] = await services().db.query<{ status: string; reason: string | null; consecutive_failures: number }>(
      "select status, reason, consecutive_failures from mailboxes where id = $1",
      [adele],
    );
    return row;
  };
  const admin = () => ({ tenantId: w.world.contoso.tenantId, oid: "contoso-admin", actor: "admin@contoso.com" });
  async function ensureCrmConnected() {
    if (await services().crmConnections.get(w.world.contoso.tenantId)) return;
    const connected = await connectSalesforce(services().crmConnect, admin(), { username: w.world.crmConnection.username });
    if (connected.result !== "connected") throw new Error(`could not reconnect Salesforce: ${connected.message}`);
  }
  /**
   * Salesforce answers every write with UNABLE_TO_LOCK_ROW until told otherwise, with a customer's email waiting to be
   * logged: each run fails for a reason nobody in particular can fix, and the page stays unsaved, so the next run meets
   * it again.
   */
  const crmDown = () => {
    w.world.exchange.control.deliverMail("adele@contoso.com", {
      from: { name: "Fin", email: "finance@wingtip.com" },
      to: [{ name: "Adele", email: "adele@contoso.com" }],
      subject: `Invoice ${Date.now()}`,
    });
    w.world.salesforce.control.failNextWritesWithLock({ count: 10_000 });
  };

  it(`the ${unexplainedFailureLimit}th unexplained failure in a row, and not one before, asks support to look`, async () => {
    expect(unexplainedFailureLimit).toBe(5);
    crmDown();
    for (let n = 1; n < unexplainedFailureLimit; n++) {
      const r = await run();
      expect(r).toMatchObject({ outcome: "failed", verdict: { kind: "retry" } });
      expect(await stateOf()).toEqual({ status: "active", reason: null, consecutive_failures: n });
      // Retried at its (backed-off) time, not left for the next half hour, and not given up on.
      await services().db.query("update mailboxes set next_sync_at = now() where id = $1", [adele]);
    }
    const fifth = await run();
    expect(fifth.verdict).toMatchObject({ kind: "attention", reason: "unknown", error: expect.stringMatching(/^5 failed runs in a row; last: /) });
    expect(await stateOf()).toMatchObject({ status: "attention", reason: "unknown" });
    const view = (await api(w.url, await apiToken(w.world, w.world.users.adele, w.url), "GET", "/api/me/mailbox")).body as MeMailboxResponse;
    expect(view.mailbox).toMatchObject({ status: "attention", reason: "unknown" });
  });

  it("a success between failures starts the count again: two, one good run, four more is still only retrying", async () => {
    const failTimes = async (n: number) => {
      for (let i = 0; i < n; i++) expect((await run()).outcome).toBe("failed");
    };
    crmDown();
    await failTimes(2);
    w.world.salesforce.control.clearFaults();
    expect((await run()).outcome).toBe("ok");
    expect(await stateOf()).toEqual({ status: "active", reason: null, consecutive_failures: 0 });
    crmDown();
    await failTimes(unexplainedFailureLimit - 1);
    expect(await stateOf()).toEqual({ status: "active", reason: null, consecutive_failures: unexplainedFailureLimit - 1 });
  });

  it("no CRM connected: the mailbox waits without failing however many turns pass, the sidebar says why, and connecting logs the backlog", async () => {
    await run();
    expect(await services().crmConnect.disconnect(admin())).toBe(true);
    w.world.exchange.control.deliverMail("adele@contoso.com", {
      from: { name: "Bea Buyer", email: "buyer@fabrikam.com" },
      to: [{ name: "Adele", email: "adele@contoso.com" }],
      subject: "Waiting for the CRM",
    });
    const [{ n: runsBefore } = { n: 0 }] = await services().db.query<{ n: number }>("select count(*)::int as n from sync_runs where mailbox_id = $1", [adele]);
    for (let i = 0; i < unexplainedFailureLimit + 2; i++) {
      expect((await run()).outcome).toBe("skipped");
      await services().db.query("update mailboxes set next_sync_at = now() where id = $1", [adele]);
    }
    // Not the mailbox's failure: no failure counted, no failed run recorded, never "needs attention".
    expect(await stateOf()).toEqual({ status: "active", reason: null, consecutive_failures: 0 });
    expect(await services().db.query("select count(*)::int as n from sync_runs where mailbox_id = $1", [adele])).toEqual([{ n: runsBefore }]);
    const view = (await api(w.url, await apiToken(w.world, w.world.users.adele, w.url), "GET", "/api/me/mailbox")).body as MeMailboxResponse;
    expect(view.mailbox).toMatchObject({ status: "active", reason: null });
    expect(view.crm).toMatchObject({ state: "not_connected", actor: "tenant_admin" });

    await ensureCrmConnected();
    const r = await run();
    expect(r.outcome).toBe("ok");
    const logged = w.world.salesforce.control.activities(w.world.salesforceOrgId).tasks.filter((t) => t.fields.Subject === "Email: Waiting for the CRM");
    expect(logged).toHaveLength(1);
  });
});
