import { mailboxActions } from "../../../../addin/console/mailboxActions";

const labels = (...args: Parameters<typeof mailboxActions>) => mailboxActions(...args).map((a) => a.label);

describe("the mailbox's actions", () => {
  it("offers support the fixes, and admins pause, resume and deactivate too", () => {
    expect(labels(["Sync.Support"], "attention", "a@contoso.com")).toEqual(["Retry", "Test connection", "Reset cursor"]);
    expect(labels(["Sync.Admin"], "active", "a@contoso.com")).toEqual(["Sync now", "Test connection", "Reset cursor", "Pause", "Deactivate"]);
    expect(labels(["Sync.Admin", "Sync.Support"], "paused", "a@contoso.com")).toEqual(["Test connection", "Reset cursor", "Resume", "Deactivate"]);
    expect(labels(["Sync.Admin"], "pending", "a@contoso.com")).toEqual(["Test connection", "Reset cursor", "Pause", "Deactivate"]);
    expect(labels(["Sync.Admin"], "disconnected", "a@contoso.com")).toEqual([]);
    expect(labels([], "active", "a@contoso.com")).toEqual([]);
  });

  it("asks before a full resync and before deactivating, saying what happens", () => {
    const byAction = Object.fromEntries(mailboxActions(["Sync.Admin"], "attention", "adele@contoso.com").map((a) => [a.action, a.confirm]));
    expect(byAction["sync-now"]).toBeNull();
    expect(byAction["reset-cursor"]?.body.join(" ")).toMatch(/full resync.*not logged twice/);
    expect(byAction["reset-cursor"]?.body[0]).toContain("adele@contoso.com");
    expect(byAction.deactivate).toMatchObject({ button: "Deactivate", danger: true });
  });
});
