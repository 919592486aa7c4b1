import { checkPasswordForm, checkServiceAccountForm, emptyServiceAccountForm } from "../../../../addin/console/serviceAccountForm";

const valid = { ...emptyServiceAccountForm, name: " Contoso on-prem ", username: "CONTOSO\\svc-crmsync", password: "p@ss", testMailbox: "adele@contoso.com" };

describe("the Add service account form", () => {
  it("builds the request, Autodiscover when no EWS URL is given", () => {
    expect(checkServiceAccountForm(valid)).toEqual({
      ok: true,
      request: { name: "Contoso on-prem", username: "CONTOSO\\svc-crmsync", password: "p@ss", authMethod: "ntlm", testMailbox: "adele@contoso.com" },
    });
    expect(checkServiceAccountForm({ ...valid, username: "svc@contoso.local", authMethod: "basic", ewsUrl: " https://mail.contoso.com/EWS/Exchange.asmx " })).toMatchObject({
      ok: true,
      request: { username: "svc@contoso.local", authMethod: "basic", ewsUrl: "https://mail.contoso.com/EWS/Exchange.asmx" },
    });
  });

  it("names each field's problem", () => {
    expect(checkServiceAccountForm(emptyServiceAccountForm)).toEqual({
      ok: false,
      errors: {
        name: "Enter a name that says which Exchange organisation this account is for, like “Contoso on-premises”.",
        username: "Enter the account as DOMAIN\\username (or username@domain).",
        password: "Enter the account's password.",
        testMailbox: "Enter a mailbox the account should be able to open: it is tried before the account is saved.",
      },
    });
    expect(checkServiceAccountForm({ ...valid, username: "CONTOSO/svc", ewsUrl: "mail.contoso.com", testMailbox: "adele" })).toEqual({
      ok: false,
      errors: {
        username: "Use a backslash between domain and user: DOMAIN\\username.",
        ewsUrl: "Enter the full EWS address, like https://mail.contoso.com/EWS/Exchange.asmx, or leave it empty to use Autodiscover.",
        testMailbox: "Enter the test mailbox as an address, like adele@contoso.com.",
      },
    });
  });
});

describe("Autodiscover host and the new-password form", () => {
  it("sends an Autodiscover host only without an EWS URL, and checks it looks like a host", () => {
    expect(checkServiceAccountForm({ ...valid, autodiscoverHost: "mail.contoso.com" })).toMatchObject({ ok: true, request: { autodiscoverHost: "mail.contoso.com" } });
    const withUrl = checkServiceAccountForm({ ...valid, ewsUrl: "https://mail.contoso.com/EWS/Exchange.asmx", autodiscoverHost: "ignored.contoso.com" });
    expect(withUrl.ok && "autodiscoverHost" in withUrl.request).toBe(false);
    expect(checkServiceAccountForm({ ...valid, autodiscoverHost: "not a host" })).toMatchObject({ ok: false, errors: { autodiscoverHost: expect.stringContaining("mail.contoso.com") } });
  });

  it("needs the new password and a test mailbox", () => {
    expect(checkPasswordForm({ password: "", testMailbox: "x" })).toEqual({
      ok: false,
      errors: { password: "Enter the account's new password.", testMailbox: "Enter the test mailbox as an address, like adele@contoso.com." },
    });
    expect(checkPasswordForm({ password: "n3w", testMailbox: " adele@contoso.com " })).toEqual({ ok: true, request: { password: "n3w", testMailbox: "adele@contoso.com" } });
  });
});
