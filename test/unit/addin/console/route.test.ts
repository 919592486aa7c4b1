import { formatRoute, parseRoute } from "../../../../addin/console/route";

describe("the console's address", () => {
  it("reads and writes every screen", () => {
    const routes = [
      { view: "overview" },
      { view: "mailboxes", query: {}, mailboxId: null },
      { view: "mailboxes", query: { status: "attention", page: 2 }, mailboxId: "6f1c-42" },
      { view: "activation", jobId: null },
      { view: "activation", jobId: "job 7" },
      { view: "serviceAccounts" },
      { view: "companyExchange" },
      { view: "audit", page: 1 },
      { view: "audit", page: 3 },
      { view: "crm", result: null },
      { view: "crm", result: { outcome: "denied", message: "You chose Deny at Salesforce & nothing was connected." } },
    ] as const;
    for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route);
    expect(formatRoute({ view: "mailboxes", query: { status: "attention" }, mailboxId: "m1" })).toBe("#/mailboxes/m1?status=attention");
  });

  it("opens the overview for an empty, unknown or MSAL-answer hash", () => {
    expect(parseRoute("")).toEqual({ view: "overview" });
    expect(parseRoute("#/nowhere")).toEqual({ view: "overview" });
    expect(parseRoute("#code=abc&state=xyz")).toEqual({ view: "overview" });
    expect(parseRoute("#/audit?page=abc")).toEqual({ view: "audit", page: 1 });
  });

  it("reads the Salesforce callback's outcome on the CRM page, and ignores one it does not know", () => {
    expect(parseRoute("#/crm?result=connected")).toEqual({ view: "crm", result: { outcome: "connected", message: null } });
    expect(parseRoute("#/crm?result=failed&message=The%20sign-in%20expired.%20Try%20again.")).toEqual({
      view: "crm",
      result: { outcome: "failed", message: "The sign-in expired. Try again." },
    });
    expect(parseRoute("#/crm?result=hacked&message=x")).toEqual({ view: "crm", result: null });
    expect((parseRoute(`#/crm?result=denied&message=${"a".repeat(5000)}`) as { result: { message: string } }).result.message).toHaveLength(300);
  });
});
