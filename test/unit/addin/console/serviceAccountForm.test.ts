import { checkServiceAccountForm, emptyServiceAccountForm } from "../../../../addin/console/serviceAccountForm";

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
