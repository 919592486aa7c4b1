import { crmResultBanner, loginHostLabel, preflightSummary } from "../../../../addin/console/crmText";
import type { PreflightCheck } from "../../../../server/api/crmContract";

const check = (id: PreflightCheck["id"], status: PreflightCheck["status"]): PreflightCheck => ({ id, title: id, status, detail: "d", fix: status === "passed" ? null : "f" });

describe("what the console says about Salesforce (addin/console/crmText)", () => {
  it("the callback's outcome: the server's message first, a plain default otherwise", () => {
    expect(crmResultBanner({ outcome: "denied", message: null })).toEqual({
      intent: "warning",
      title: "Salesforce was not connected",
      text: expect.stringMatching(/^You chose Deny at Salesforce/),
    });
    expect(crmResultBanner({ outcome: "failed", message: "The sign-in expired." })).toEqual({ intent: "error", title: "Salesforce could not be connected", text: "The sign-in expired." });
    expect(crmResultBanner({ outcome: "connected", message: null }).intent).toBe("success");
    // A message that repeats the title gives way to the console's line.
    expect(crmResultBanner({ outcome: "connected", message: "Salesforce is connected." }).text).toBe(crmResultBanner({ outcome: "connected", message: null }).text);
  });

  it("the preflight summary turns green only when every check passed", () => {
    const base = [check("key_field", "passed"), check("shared_activities", "passed"), check("permissions", "passed"), check("api_limits", "passed"), check("rep_users", "passed")];
    expect(preflightSummary({ checkedAt: "", checks: base })).toEqual({ intent: "success", text: "All 5 checks passed." });
    const missingKey = [check("key_field", "failed"), ...base.slice(1, 4), check("rep_users", "warning")];
    expect(preflightSummary({ checkedAt: "", checks: missingKey })).toEqual({ intent: "error", text: expect.stringMatching(/^1 check fails, 1 warning: /) });
    expect(preflightSummary({ checkedAt: "", checks: [...base.slice(1), check("api_limits", "warning")] }).intent).toBe("warning");
  });

  it("the login host as an admin knows it", () => {
    expect(loginHostLabel("production")).toBe("Production (login.salesforce.com)");
    expect(loginHostLabel("https://test.salesforce.com")).toBe("Sandbox (test.salesforce.com)");
    expect(loginHostLabel("https://acme.my.salesforce.com")).toBe("My Domain (acme.my.salesforce.com)");
  });
});
