import { ApiError } from "../../../addin/apiHttp";
import { crmUnavailableFrom, isCrmUnavailable } from "../../../addin/taskpane/crmUnavailable";

describe("the CRM that is not there, as the sidebar reads it (addin/taskpane/crmUnavailable)", () => {
  it("each 409 code from people search and Log this email becomes who must act, in the server's words", () => {
    expect(crmUnavailableFrom(new ApiError(409, "crm_not_connected", "Your admin must connect Salesforce"))).toEqual({
      state: "not_connected",
      title: "No CRM connected",
      forUser: "Your admin must connect Salesforce",
      actor: "tenant_admin",
    });
    expect(crmUnavailableFrom(new ApiError(409, "crm_disconnected", "Your admin must reconnect Salesforce"))?.state).toBe("disconnected");
    expect(crmUnavailableFrom(new ApiError(409, "crm_paused", "Salesforce's API limit is used up"))?.state).toBe("paused");
  });

  it("any other error stays an error", () => {
    expect(crmUnavailableFrom(new ApiError(409, "conflict", "connected by another user"))).toBeNull();
    expect(crmUnavailableFrom(new ApiError(503, "crm_disconnected", "x"))).toBeNull();
    expect(crmUnavailableFrom(new Error("crm_disconnected"))).toBeNull();
  });

  it("connected, or not yet known, shows nothing", () => {
    expect(isCrmUnavailable(null)).toBe(false);
    expect(isCrmUnavailable({ state: "connected" })).toBe(false);
    expect(isCrmUnavailable({ state: "paused", title: "CRM paused", forUser: "Wait", actor: "tenant_admin" })).toBe(true);
  });
});
