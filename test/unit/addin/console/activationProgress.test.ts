import type { ActivationRowOutcome } from "../../../../server/api/consoleContract";
import { activateCommand } from "../../../../addin/console/activateCommand";
import { activationProgress } from "../../../../addin/console/activationProgress";

const counts = (c: Partial<Record<ActivationRowOutcome, number>>): Record<ActivationRowOutcome, number> => ({
  queued: 0,
  activated: 0,
  already_active: 0,
  invalid: 0,
  mailbox_not_found: 0,
  impersonation_denied: 0,
  ews_blocked: 0,
  access_policy_denied: 0,
  not_on_graph: 0,
  failed: 0,
  ...c,
});

describe("mass-activation progress", () => {
  it("shows how far a running job is, and the problems so far", () => {
    const p = activationProgress({ status: "running", total: 500, done: 125, counts: counts({ activated: 122, invalid: 2, mailbox_not_found: 1, queued: 375 }) });
    expect(p.fraction).toBe(0.25);
    expect(p.label).toBe("125 of 500 rows");
    expect(p.finished).toBe(false);
    expect(p.summary).toBe("Working: 125 of 500 rows done, 3 rows need attention so far.");
    expect(p.counts.map((c) => [c.label, c.count])).toEqual([
      ["Activated", 122],
      ["Invalid row", 2],
      ["Mailbox not found", 1],
      ["Waiting", 375],
    ]);
  });

  it("ends full, with activated and already active counted as success", () => {
    const p = activationProgress({ status: "done", total: 500, done: 500, counts: counts({ activated: 490, already_active: 7, invalid: 2, mailbox_not_found: 1 }) });
    expect(p.fraction).toBe(1);
    expect(p.succeeded).toBe(497);
    expect(p.problems).toBe(3);
    expect(p.summary).toBe("Finished: 497 mailboxes activated or already active, 3 rows need attention.");
  });

  it("never draws past the end, and copes with an empty job", () => {
    expect(activationProgress({ status: "running", total: 10, done: 12, counts: counts({}) }).fraction).toBe(1);
    expect(activationProgress({ status: "running", total: 0, done: 0, counts: counts({}) }).fraction).toBe(0);
    expect(activationProgress({ status: "done", total: 0, done: 0, counts: counts({}) }).summary).toBe("The file had no rows to activate.");
    expect(activationProgress({ status: "done", total: 1, done: 1, counts: counts({ activated: 1 }) }).summary).toBe("Finished: 1 mailbox activated or already active, no problems.");
  });
});

describe("the command-line activation", () => {
  it("names the server and, for on-premises, the service account chosen", () => {
    expect(activateCommand("https://sync.contoso.com", { kind: "app_only" })).toBe("SYNC_API_TOKEN=<your token> npm run activate -- mailboxes.csv --server https://sync.contoso.com");
    expect(activateCommand("https://sync.contoso.com", { kind: "onprem_service_account", serviceAccountId: "sa-1" })).toMatch(/--service-account sa-1$/);
  });
});
