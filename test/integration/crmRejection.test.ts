/**
 * A customer's Salesforce refuses one activity for good (a validation rule, FIELD_CUSTOM_VALIDATION_EXCEPTION) among
 * several (issue #18 item 11): the others are logged, the refused one is recorded with Salesforce's words for support,
 * the cursor moves on so it is not tried again and again, and the mailbox keeps syncing.
 */
import { rejectionNote } from "../../addin/console/rejectionNote";
import { recentRuns } from "../../server/store/mailboxDetailQuery";
import { storeOfEnv } from "../support/databases";
import type { SyncWorld } from "../support/syncWorld";
import { startSyncWorld } from "../support/syncWorld";

jest.setTimeout(120_000);

describe(`a permanent per-record CRM rejection (${storeOfEnv} store)`, () => {
  let w: SyncWorld;

  beforeAll(async () => {
    w = await startSyncWorld(storeOfEnv, { messagesPerMailbox: 10, eventsPerMailbox: 2 });
  });
  afterAll(() => w?.dispose());

  it("one refused email among several: the others are logged, the refusal recorded, no retry loop, the mailbox stays active", async () => {
    const adele = await w.connect("adele");
    const run = () => w.ts.server.services.runner.run(adele, "schedule");
    expect((await run()).verdict).toBeNull();
    const orgId = w.world.salesforceOrgId;
    const message = "Confidential mail must not be logged.";
    w.world.salesforce.control.addValidationRule({ object: "Task", field: "Subject", contains: "Confidential", message });
    const tasksBefore = w.world.salesforce.control.activities(orgId).tasks.length;
    const to = [{ name: "Adele", email: "adele@contoso.com" }];
    const from = { name: "Bea Buyer", email: "buyer@fabrikam.com" };
    for (const subject of ["Quote for Q3", "Confidential pricing", "Delivery dates"]) w.world.exchange.control.deliverMail("adele@contoso.com", { from, to, subject });

    const r = await run();
    expect(r.verdict).toBeNull();
    expect(r.outcome).toBe("ok");
    expect(r.stats.written).toBe(2);
    expect(r.stats.skipped.crm_rejected).toBe(1);
    expect(r.stats.rejections).toEqual([
      expect.objectContaining({ kind: "email", subject: "Email: Confidential pricing", code: "FIELD_CUSTOM_VALIDATION_EXCEPTION", message, itemId: expect.any(String) }),
    ]);
    const subjects = w.world.salesforce.control.activities(orgId).tasks.slice(tasksBefore).map((t) => t.fields.Subject);
    expect(subjects.sort()).toEqual(["Email: Delivery dates", "Email: Quote for Q3"]);
    expect((await w.ts.server.services.mailboxes.getById(adele))?.state).toEqual({ status: "active" });

    // The next turn does not try the refused email again: the cursor moved past it.
    w.world.salesforce.control.resetCallCounts();
    const next = await run();
    expect(next.verdict).toBeNull();
    expect(next.stats.written).toBe(0);
    expect(next.stats.rejections).toEqual([]);
    expect(w.world.salesforce.control.activities(orgId).tasks).toHaveLength(tasksBefore + 2);

    // Support reads which item was refused, and why, in the run history.
    const runs = await recentRuns(w.ts.server.services.db, adele);
    const withRejection = runs.filter((h) => h.rejections.length > 0);
    expect(withRejection).toHaveLength(1);
    expect(withRejection[0]).toMatchObject({ outcome: "ok", skipped: expect.objectContaining({ crm_rejected: 1 }), rejections: [expect.objectContaining({ subject: "Email: Confidential pricing", message })] });
    expect(withRejection[0] && rejectionNote(withRejection[0])).toBe(
      "Refused by the CRM, not retried unless the item changes: “Email: Confidential pricing” (FIELD_CUSTOM_VALIDATION_EXCEPTION: Confidential mail must not be logged.).",
    );
    expect(runs[0] && rejectionNote(runs[0])).toBeNull();
  });
});
