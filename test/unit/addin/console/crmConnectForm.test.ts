import { checkCrmConnectForm, emptyCrmConnectForm, loginChoiceOf, myDomainUrl } from "../../../../addin/console/crmConnectForm";

describe("the Connect Salesforce form (addin/console/crmConnectForm)", () => {
  it("production or sandbox with the packaged app needs nothing typed", () => {
    expect(checkCrmConnectForm(emptyCrmConnectForm)).toEqual({ ok: true, kind: "web_server", request: { loginHost: "production" } });
    expect(checkCrmConnectForm({ ...emptyCrmConnectForm, login: "sandbox", clientId: "left over" })).toEqual({ ok: true, kind: "web_server", request: { loginHost: "sandbox" } });
  });

  it("My Domain: the address as an https origin, however it was pasted", () => {
    const check = checkCrmConnectForm({ ...emptyCrmConnectForm, login: "my_domain", myDomain: " acme.my.salesforce.com/lightning/setup " });
    expect(check).toEqual({ ok: true, kind: "web_server", request: { loginHost: "https://acme.my.salesforce.com" } });
    expect(myDomainUrl("https://acme--uat.sandbox.my.salesforce.com/")).toBe("https://acme--uat.sandbox.my.salesforce.com");
    expect(myDomainUrl("http://acme.my.salesforce.com")).toBeNull();
    expect(myDomainUrl("not a host")).toBeNull();
  });

  it("names each field to fix: empty or generic My Domain, missing key and secret of the org's own app", () => {
    const check = checkCrmConnectForm({ ...emptyCrmConnectForm, login: "my_domain", myDomain: "", ownApp: true, clientId: "3MVG9 abc", clientSecret: " " });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors.myDomain).toMatch(/My Domain address/);
    expect(check.errors.clientId).toMatch(/no spaces/);
    expect(check.errors.clientSecret).toMatch(/Consumer Secret/);
    const generic = checkCrmConnectForm({ ...emptyCrmConnectForm, login: "my_domain", myDomain: "https://login.salesforce.com" });
    expect(generic.ok === false && generic.errors.myDomain).toMatch(/choose Production or Sandbox/);
  });

  it("the org's own app goes along with the web server flow, trimmed", () => {
    const check = checkCrmConnectForm({ ...emptyCrmConnectForm, login: "sandbox", ownApp: true, clientId: " 3MVG9key ", clientSecret: "secret " });
    expect(check).toEqual({ ok: true, kind: "web_server", request: { loginHost: "sandbox", ownApp: { clientId: "3MVG9key", clientSecret: "secret" } } });
  });

  it("client credentials: only at the org's My Domain, with the app's key and secret", () => {
    const values = { ...emptyCrmConnectForm, method: "client_credentials" as const, myDomain: "https://test.salesforce.com", clientId: "k", clientSecret: "s" };
    const generic = checkCrmConnectForm(values);
    expect(generic.ok === false && generic.errors.myDomain).toMatch(/Client credentials work only at your org's My Domain/);
    expect(checkCrmConnectForm({ ...values, myDomain: "acme.my.salesforce.com" })).toEqual({
      ok: true,
      kind: "client_credentials",
      request: { myDomain: "https://acme.my.salesforce.com", clientId: "k", clientSecret: "s" },
    });
    const empty = checkCrmConnectForm({ ...emptyCrmConnectForm, method: "client_credentials" });
    expect(empty.ok === false && Object.keys(empty.errors).sort()).toEqual(["clientId", "clientSecret", "myDomain"]);
  });

  it("Reconnect starts from the connection's login host", () => {
    expect(loginChoiceOf("sandbox")).toEqual({ login: "sandbox", myDomain: "" });
    expect(loginChoiceOf("https://login.salesforce.com")).toEqual({ login: "production", myDomain: "" });
    expect(loginChoiceOf("https://test.salesforce.com/")).toEqual({ login: "sandbox", myDomain: "" });
    expect(loginChoiceOf("https://acme.my.salesforce.com")).toEqual({ login: "my_domain", myDomain: "https://acme.my.salesforce.com" });
  });
});
