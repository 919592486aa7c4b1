import { FormBrowser, expectPage, expectRedirect, heading } from "./testSupport/formBrowser";
import { decodeJwtPayload, postToken, signIn, startScenario, type Scenario } from "./testSupport/scenario";

/** The admin consent endpoints (v1 style /adminconsent and /v2.0/adminconsent) and what they grant. */
describe("admin consent endpoint", () => {
  let scenario: Scenario;
  beforeAll(async () => {
    scenario = await startScenario();
  });
  afterAll(() => scenario.close());

  function adminConsentUrl(tenant: string, params: Record<string, string>, version: 1 | 2 = 1): string {
    const { sim, demo } = scenario;
    const url = new URL(`${sim.url}/${tenant}/${version === 2 ? "v2.0/" : ""}adminconsent`);
    for (const [k, v] of Object.entries({ client_id: demo.app.clientId, redirect_uri: demo.app.webRedirectUri, state: "ac-1", ...params })) url.searchParams.set(k, v);
    return url.toString();
  }

  async function appOnlyRoles(tenant: string): Promise<unknown> {
    const { sim, demo } = scenario;
    const res = await postToken(sim, tenant, {
      grant_type: "client_credentials",
      client_id: demo.app.clientId,
      client_secret: demo.app.clientSecret,
      scope: "https://outlook.office365.com/.default",
    });
    expect(res.status).toBe(200);
    return decodeJwtPayload(String(res.body.access_token)).roles;
  }

  it("lets a Fabrikam admin grant the app's permissions, redirecting admin_consent=True with the tenant GUID", async () => {
    const { demo } = scenario;
    // Before: the app has no service principal in Fabrikam at all.
    const before = await postToken(scenario.sim, demo.fabrikam.tenantId, {
      grant_type: "client_credentials",
      client_id: demo.app.clientId,
      client_secret: demo.app.clientSecret,
      scope: "https://outlook.office365.com/.default",
    });
    expect(before.body.error_codes).toEqual([7000229]);

    const browser = new FormBrowser(scenario.sim.url);
    const consent = expectPage(await signIn(browser, await browser.open(adminConsentUrl("organizations", {})), "admin@fabrikam.com", "Passw0rd!"));
    expect(heading(consent)).toContain("Permissions requested");
    expect(consent.html).toContain("Use Exchange Web Services with full access to all mailboxes (application permission)");
    expect(consent.html).toContain("Read user mail");
    const back = expectRedirect(await browser.submit(consent, "consent", { action: "accept" }));
    expect(Object.fromEntries(back.params)).toEqual({ admin_consent: "True", tenant: demo.fabrikam.tenantId, state: "ac-1" });
    expect(await appOnlyRoles(demo.fabrikam.tenantId)).toEqual(["full_access_as_app"]);

    // Tenant-wide delegated grant: Fabrikam users now sign in without any consent or approval page.
    const user = new FormBrowser(scenario.sim.url);
    const outcome = await user.open(
      `${scenario.sim.url}/${demo.fabrikam.tenantId}/oauth2/v2.0/authorize?${new URLSearchParams({
        client_id: demo.app.clientId,
        response_type: "code",
        redirect_uri: demo.app.webRedirectUri,
        scope: "openid profile offline_access Mail.Read",
      })}`,
    );
    expect(expectRedirect(await signIn(user, outcome, "alex@fabrikam.com", "Passw0rd!")).params.get("code")).toBeTruthy();
  });

  it("echoes scope on the v2.0 endpoint", async () => {
    const { demo } = scenario;
    const browser = new FormBrowser(scenario.sim.url);
    const scope = "https://graph.microsoft.com/Calendars.Read https://graph.microsoft.com/Mail.Read";
    const consent = expectPage(await signIn(browser, await browser.open(adminConsentUrl(demo.contoso.tenantId, { scope }, 2)), "megan@contoso.com", "Passw0rd!"));
    const back = expectRedirect(await browser.submit(consent, "consent", { action: "accept" }));
    expect(back.params.get("admin_consent")).toBe("True");
    expect(back.params.get("tenant")).toBe(demo.contoso.tenantId);
    expect(back.params.get("scope")).toBe(scope);
  });

  it("redirects Cancel as access_denied with AADSTS65004 and admin_consent=True", async () => {
    const { demo } = scenario;
    const browser = new FormBrowser(scenario.sim.url);
    const consent = expectPage(await signIn(browser, await browser.open(adminConsentUrl(demo.contoso.tenantId, {})), "megan@contoso.com", "Passw0rd!"));
    const back = expectRedirect(await browser.submit(consent, "consent", { action: "cancel" }));
    expect(back.params.get("error")).toBe("access_denied");
    expect(back.params.get("error_description")).toMatch(/^AADSTS65004: /);
    expect(back.params.get("admin_consent")).toBe("True");
    expect(back.params.get("state")).toBe("ac-1");
    expect(back.params.get("tenant")).toBeNull();
  });

  it("stops a non-admin on the approval page; its return link sends an error, not a consent", async () => {
    const { demo } = scenario;
    const browser = new FormBrowser(scenario.sim.url);
    const page = expectPage(await signIn(browser, await browser.open(adminConsentUrl(demo.contoso.tenantId, {})), "adele@contoso.com", "Passw0rd!"));
    expect(heading(page)).toBe("Need admin approval");
    const back = expectRedirect(await browser.followLink(page, "Return to the application without granting consent"));
    expect(back.params.get("error")).toBe("access_denied");
    expect(back.params.get("admin_consent")).toBe("True");
  });

  it("never redirects to an unregistered redirect_uri", async () => {
    const res = await fetch(adminConsentUrl(scenario.demo.contoso.tenantId, { redirect_uri: "https://evil.example/" }), { redirect: "manual" });
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toContain("AADSTS50011");
  });
});
