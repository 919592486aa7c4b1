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

describe("moving a mailbox to the other transport", () => {
  it("offers support Graph for an EWS mailbox in Exchange Online, EWS for a Graph one, nothing for on-premises", () => {
    expect(labels(["Sync.Support"], "attention", "a@contoso.com", { provider: "ews", access: "app_only" })).toContain("Move to Graph");
    expect(labels(["Sync.Support"], "active", "a@contoso.com", { provider: "graph", access: "delegated" })).toContain("Move to EWS");
    expect(labels(["Sync.Admin"], "active", "a@contoso.com", { provider: "ews", access: "onprem_service_account" })).not.toContain("Move to Graph");
    expect(labels(["Sync.Admin"], "disconnected", "a@contoso.com", { provider: "ews", access: "app_only" })).toEqual([]);
    expect(labels([], "active", "a@contoso.com", { provider: "ews", access: "app_only" })).toEqual([]);
  });

  it("asks first, and tells a rep's mailbox that the rep may be asked to reconnect", () => {
    const move = mailboxActions(["Sync.Support"], "active", "adele@contoso.com", { provider: "ews", access: "delegated" }).find((a) => a.action === "move-transport");
    expect(move?.confirm?.title).toBe("Move to Microsoft Graph?");
    expect(move?.confirm?.body.join(" ")).toMatch(/adele@contoso\.com will sync over Microsoft Graph.*not logged twice.*reconnect once/);
    const appOnly = mailboxActions(["Sync.Support"], "active", "megan@contoso.com", { provider: "ews", access: "app_only" }).find((a) => a.action === "move-transport");
    expect(appOnly?.confirm?.body.join(" ")).not.toMatch(/reconnect/);
  });
});
