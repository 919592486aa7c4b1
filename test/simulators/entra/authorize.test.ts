import { FormBrowser, expectPage, expectRedirect, heading } from "./testSupport/formBrowser";
import { accept, authorizeUrl, decodeJwtPayload, pkcePair, redeem, signIn, startScenario, type Scenario } from "./testSupport/scenario";

/**
 * The authorize endpoint and its pages, driven with plain fetch: sign-in, consent, prompt values, response modes, the
 * admin-approval interrupts, and the errors that must never redirect.
 */
describe("authorize endpoint", () => {
  let scenario: Scenario;
  beforeAll(async () => {
    scenario = await startScenario();
  });
  afterAll(() => scenario.close());

  const mailScope = "openid profile offline_access User.Read Mail.Read";

  function url(params: Record<string, string | undefined>, tenant?: string): string {
    const { sim, demo } = scenario;
    return authorizeUrl(sim, tenant ?? demo.contoso.tenantId, {
      client_id: demo.app.clientId,
      response_type: "code",
      redirect_uri: demo.app.webRedirectUri,
      scope: mailScope,
      state: "s-123",
      ...params,
    });
  }

  it("shows a sign-in page with the login_hint prefilled, then a consent page in plain words with Accept and Cancel", async () => {
    const browser = new FormBrowser(scenario.sim.url);
    const signInPage = expectPage(await browser.open(url({ login_hint: "adele@contoso.com" })));
    expect(heading(signInPage)).toBe("Sign in");
    expect(signInPage.html).toContain('value="adele@contoso.com"');
    expect(signInPage.html).toMatch(/<button[^>]*type="submit"[^>]*>Sign in<\/button>/);

    const consent = expectPage(await signIn(browser, signInPage, "adele@contoso.com", "Passw0rd!"));
    expect(heading(consent)).toBe("Permissions requested");
    expect(consent.html).toContain("Read your mail");
    expect(consent.html).toContain("Maintain access to data you have given it access to");
    expect(consent.html).toMatch(/<button[^>]*value="accept"[^>]*>Accept<\/button>/);
    expect(consent.html).toMatch(/<button[^>]*value="cancel"[^>]*>Cancel<\/button>/);
    expect(consent.html).not.toContain("Consent on behalf of your organization"); // not an admin

    const back = expectRedirect(await accept(browser, consent));
    expect(back.url.startsWith(scenario.demo.app.webRedirectUri)).toBe(true);
    expect(back.via).toBe("query");
    expect(back.params.get("state")).toBe("s-123");
    expect(back.params.get("code")).toBeTruthy();
  });

  it("rejects a wrong password and an unknown user on the page itself", async () => {
    const browser = new FormBrowser(scenario.sim.url);
    const page = expectPage(await browser.open(url({})));
    const wrong = expectPage(await signIn(browser, page, "adele@contoso.com", "nope"));
    expect(wrong.html).toContain("Your account or password is incorrect");
    const unknown = expectPage(await signIn(browser, wrong, "nobody@contoso.com", "x"));
    expect(unknown.html).toContain("This username may be incorrect");
  });

  it("redirects Cancel as access_denied with AADSTS65004 and the state", async () => {
    const browser = new FormBrowser(scenario.sim.url);
    const consent = expectPage(await signIn(browser, await browser.open(url({ scope: "openid Calendars.Read" })), "adele@contoso.com", "Passw0rd!"));
    const back = expectRedirect(await browser.submit(consent, "consent", { action: "cancel" }));
    expect(back.params.get("error")).toBe("access_denied");
    expect(back.params.get("error_subcode")).toBe("cancel");
    expect(back.params.get("error_description")).toMatch(/^AADSTS65004: User declined to consent to access the app\.\r\nTrace ID: /);
    expect(back.params.get("state")).toBe("s-123");
    expect(back.params.get("code")).toBeNull();
  });

  it("skips sign-in and consent when the session and the consent exist; prompt=consent and prompt=login force them", async () => {
    const browser = new FormBrowser(scenario.sim.url);
    await accept(browser, await signIn(browser, await browser.open(url({})), "adele@contoso.com", "Passw0rd!")).catch(() => undefined);
    const silent = expectRedirect(await browser.open(url({ state: "again" })));
    expect(silent.params.get("code")).toBeTruthy();
    expect(silent.params.get("state")).toBe("again");

    const consentAgain = expectPage(await browser.open(url({ prompt: "consent" })));
    expect(heading(consentAgain)).toBe("Permissions requested");
    expect(expectRedirect(await accept(browser, consentAgain)).params.get("code")).toBeTruthy();

    const login = expectPage(await browser.open(url({ prompt: "login" })));
    expect(heading(login)).toBe("Sign in");
  });

  it("answers prompt=none with login_required without a session, a code with one, consent_required when consent is missing", async () => {
    const fresh = new FormBrowser(scenario.sim.url);
    const none = expectRedirect(await fresh.open(url({ prompt: "none" })));
    expect(none.params.get("error")).toBe("login_required");
    expect(none.params.get("error_description")).toMatch(/^AADSTS50058: /);
    expect(none.params.get("state")).toBe("s-123");

    await accept(fresh, await signIn(fresh, await fresh.open(url({})), "adele@contoso.com", "Passw0rd!")).catch(() => undefined);
    expect(expectRedirect(await fresh.open(url({ prompt: "none" }))).params.get("code")).toBeTruthy();
    const missing = expectRedirect(await fresh.open(url({ prompt: "none", scope: "openid Contacts.Read" })));
    expect(missing.params.get("error")).toBe("consent_required");
    expect(missing.params.get("error_description")).toMatch(/^AADSTS65001: /);
  });

  it("shows the account picker for prompt=select_account", async () => {
    const browser = new FormBrowser(scenario.sim.url);
    await signIn(browser, await browser.open(url({ scope: "openid" })), "adele@contoso.com", "Passw0rd!");
    const picker = expectPage(await browser.open(url({ prompt: "select_account" })));
    expect(heading(picker)).toBe("Pick an account");
    expect(picker.html).toContain("adele@contoso.com");
    expect(picker.html).toContain("Use another account");
    const other = expectPage(await browser.submit(picker, "picker", { account: "other" }));
    expect(heading(other)).toBe("Sign in");
  });

  it.each([
    ["form_post", "form_post", "form_post"],
    ["fragment", "fragment", "fragment"],
    ["absent (query)", undefined, "query"],
  ] as const)("delivers the code with response_mode %s", async (_label, mode, via) => {
    const browser = new FormBrowser(scenario.sim.url);
    const outcome = await signIn(browser, await browser.open(url({ response_mode: mode, scope: "openid profile offline_access User.Read Mail.Read" })), "megan@contoso.com", "Passw0rd!");
    const back = expectRedirect(outcome.kind === "page" ? await accept(browser, outcome) : outcome);
    expect(back.via).toBe(via);
    expect(back.params.get("code")).toBeTruthy();
    expect(back.params.get("state")).toBe("s-123");
  });

  it("returns client_info in the authorization response when asked (client_info=1)", async () => {
    const browser = new FormBrowser(scenario.sim.url);
    const outcome = await signIn(browser, await browser.open(url({ client_info: "1" })), "adele@contoso.com", "Passw0rd!");
    const back = expectRedirect(outcome.kind === "page" ? await accept(browser, outcome) : outcome);
    const info = JSON.parse(Buffer.from(back.params.get("client_info") ?? "", "base64url").toString()) as { uid: string; utid: string };
    expect(info).toEqual({ uid: scenario.demo.users.adele.objectId, utid: scenario.demo.contoso.tenantId });
  });

  describe("errors shown on Entra's page, never redirected", () => {
    it("AADSTS50011 for a redirect_uri that is not registered", async () => {
      const res = await fetch(url({ redirect_uri: "https://evil.example/callback" }), { redirect: "manual" });
      expect(res.headers.get("location")).toBeNull();
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain("AADSTS50011: The redirect URI &#39;https://evil.example/callback&#39; specified in the request does not match");
      expect(html).toContain("Correlation Id");
    });

    it("AADSTS700016 for an unknown client and AADSTS90002 for an unknown tenant", async () => {
      const unknownClient = await fetch(url({ client_id: "11111111-2222-3333-4444-555555555555" }), { redirect: "manual" });
      expect(unknownClient.headers.get("location")).toBeNull();
      expect(await unknownClient.text()).toContain("AADSTS700016: Application with identifier &#39;11111111-2222-3333-4444-555555555555&#39; was not found");
      const unknownTenant = await fetch(url({}, "nowhere.example"), { redirect: "manual" });
      expect(await unknownTenant.text()).toContain("AADSTS90002: Tenant &#39;nowhere.example&#39; not found");
    });
  });

  it("redirects protocol errors once the redirect URI is trusted (unsupported_response_type)", async () => {
    const back = expectRedirect(await new FormBrowser(scenario.sim.url).open(url({ response_type: "token" })));
    expect(back.params.get("error")).toBe("unsupported_response_type");
    expect(back.params.get("state")).toBe("s-123");
  });

  describe("tenants where users may not consent", () => {
    const fabrikamUrl = () => url({ scope: "openid profile User.Read" }, scenario.demo.fabrikam.tenantId);

    it("shows AADSTS90094 'Need admin approval' with no code, and its return link redirects access_denied", async () => {
      const browser = new FormBrowser(scenario.sim.url);
      const page = expectPage(await signIn(browser, await browser.open(fabrikamUrl()), "alex@fabrikam.com", "Passw0rd!"));
      expect(heading(page)).toBe("Need admin approval");
      expect(page.html).toContain("needs permission to access resources in your organization that only an admin can grant");
      expect(page.html).toContain("Have an admin account? Sign in with that account");
      const back = expectRedirect(await browser.followLink(page, "Return to the application without granting consent"));
      expect(back.params.get("error")).toBe("access_denied");
      expect(back.params.get("error_description")).toMatch(/^AADSTS65004: /);
      expect(back.params.get("state")).toBe("s-123");
      expect(back.params.get("code")).toBeNull();
    });

    it("lets an admin consent for the organisation, after which users get codes without any prompt", async () => {
      const admin = new FormBrowser(scenario.sim.url);
      const consent = expectPage(await signIn(admin, await admin.open(fabrikamUrl()), "admin@fabrikam.com", "Passw0rd!"));
      expect(consent.html).toContain("Consent on behalf of your organization");
      expect(expectRedirect(await accept(admin, consent, { consentOnBehalfOfOrganization: "true" })).params.get("code")).toBeTruthy();

      const user = new FormBrowser(scenario.sim.url);
      const back = expectRedirect(await signIn(user, await user.open(fabrikamUrl()), "alex@fabrikam.com", "Passw0rd!"));
      expect(back.params.get("code")).toBeTruthy();
    });

    it("shows AADSTS90095 'Approval required' under the admin consent workflow and records the request", async () => {
      const { sim, demo } = scenario;
      const tenant = sim.control.addTenant({ displayName: "Northwind", verifiedDomains: ["northwind.example"], consentPolicy: "adminConsentWorkflow" });
      sim.control.addUser({ tenant: tenant.id, userPrincipalName: "nancy@northwind.example", displayName: "Nancy", password: "pw" });
      const browser = new FormBrowser(sim.url);
      const page = expectPage(await signIn(browser, await browser.open(url({ scope: "openid User.Read" }, tenant.id)), "nancy@northwind.example", "pw"));
      expect(heading(page)).toBe("Approval required");
      const sent = expectPage(await browser.submit(page, "request-approval", { justification: "I need it for CRM logging" }));
      expect(heading(sent)).toBe("Request sent");
      const requests = sim.control.listAdminConsentRequests({ tenant: tenant.id });
      expect(requests).toEqual([expect.objectContaining({ clientId: demo.app.clientId, justification: "I need it for CRM logging" })]);
      const back = expectRedirect(await browser.followLink(sent, "Back to app"));
      expect(back.params.get("error")).toBe("access_denied");
    });

    it("asks an admin for permissions only admins may grant, even where users may consent", async () => {
      const browser = new FormBrowser(scenario.sim.url);
      const page = expectPage(await signIn(browser, await browser.open(url({ scope: "openid User.Read.All" })), "adele@contoso.com", "Passw0rd!"));
      expect(heading(page)).toBe("Need admin approval");
    });
  });

  describe("multi-factor authentication", () => {
    it("asks for the second factor and marks the tokens with amr mfa", async () => {
      const { demo } = scenario;
      const pkce = pkcePair();
      const browser = new FormBrowser(scenario.sim.url);
      const mfa = expectPage(await signIn(browser, await browser.open(url({ code_challenge: pkce.challenge, code_challenge_method: "S256" })), "diego@contoso.com", "Passw0rd!"));
      expect(heading(mfa)).toBe("Enter code");
      const badCode = expectPage(await browser.submit(mfa, "mfa", { otc: "12" }));
      expect(badCode.html).toContain("expected verification code");
      const consent = await browser.submit(badCode, "mfa", { otc: "123456" });
      const back = expectRedirect(consent.kind === "page" ? await accept(browser, consent) : consent);
      const tokens = await redeem(scenario, back.params.get("code") ?? "", { code_verifier: pkce.verifier });
      expect(tokens.status).toBe(200);
      expect(decodeJwtPayload(String(tokens.body.access_token)).amr).toEqual(["pwd", "mfa"]);
      expect(decodeJwtPayload(String(tokens.body.access_token)).upn).toBe(demo.users.diego.upn);
    });

    it("asks a user without a method to register one first", async () => {
      const { sim } = scenario;
      sim.control.addUser({ tenant: "contoso.com", userPrincipalName: "lee@contoso.com", displayName: "Lee", password: "pw", mfaRequired: true, mfaRegistered: false });
      const browser = new FormBrowser(sim.url);
      const register = expectPage(await signIn(browser, await browser.open(url({ scope: "openid" })), "lee@contoso.com", "pw"));
      expect(heading(register)).toBe("More information required");
      const code = expectPage(await browser.submit(register, "mfa-register"));
      expect(heading(code)).toBe("Enter code");
    });
  });

  it("ends the browser session at the logout endpoint and returns to a registered post-logout URI", async () => {
    const { sim, demo } = scenario;
    const browser = new FormBrowser(sim.url);
    await signIn(browser, await browser.open(url({ scope: "openid" })), "adele@contoso.com", "Passw0rd!");
    const out = expectRedirect(
      await browser.open(`${sim.url}/${demo.contoso.tenantId}/oauth2/v2.0/logout?${new URLSearchParams({ post_logout_redirect_uri: demo.app.webRedirectUri, state: "bye" })}`),
    );
    expect(out.params.get("state")).toBe("bye");
    expect(expectRedirect(await browser.open(url({ prompt: "none" }))).params.get("error")).toBe("login_required");
    const page = expectPage(await browser.open(`${sim.url}/common/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent("https://evil.example/")}`));
    expect(heading(page)).toBe("You signed out of your account");
  });

  it("honours the disabled flag at sign-in", async () => {
    const { sim } = scenario;
    sim.control.addUser({ tenant: "contoso.com", userPrincipalName: "gone@contoso.com", displayName: "Gone", password: "pw", accountEnabled: false });
    const browser = new FormBrowser(sim.url);
    const page = expectPage(await signIn(browser, await browser.open(url({})), "gone@contoso.com", "pw"));
    expect(page.html).toContain("Your account has been locked");
  });
});
