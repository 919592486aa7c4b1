import type { ClientConfig } from "../../../addin/api";
import { adminConsentLinkFor } from "../../../addin/auth/adminConsentLink";
import { parseAuthDialogMessage } from "../../../addin/auth/authDialogMessage";
import { apiScopes, authorityOptions, openIdConfigurationUrl } from "../../../addin/auth/authority";
import { chooseTokenSource } from "../../../addin/auth/chooseTokenSource";
import { dialogTokenSource } from "../../../addin/auth/dialogTokenSource";
import type { NaaLoader, NestableClient } from "../../../addin/auth/naaTokenSource";
import { naaTokenSource } from "../../../addin/auth/naaTokenSource";
import { SignInError, signInErrorFromMsal } from "../../../addin/auth/signInError";
import { TokenStore } from "../../../addin/auth/storedToken";
import { DialogError } from "../../../addin/outlook/officeDialog";
import { installOffice, uninstallOffice } from "./officeMock";

const config: ClientConfig = {
  clientId: "0f1e2d3c-4b5a-4697-8a8b-9c0d1e2f3a44",
  authorityHost: "https://login.microsoftonline.us",
  tenant: "organizations",
  apiScope: "api://0f1e2d3c-4b5a-4697-8a8b-9c0d1e2f3a44/access_as_user",
  demo: false,
};

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), map: m };
}

describe("MSAL's authority (addin/auth/authority)", () => {
  it("stays on the configured host: a known authority, with the OpenID configuration handed over", () => {
    expect(authorityOptions(config, '{"issuer":"x"}')).toEqual({
      authority: "https://login.microsoftonline.us/organizations",
      knownAuthorities: ["login.microsoftonline.us"],
      authorityMetadata: '{"issuer":"x"}',
    });
    expect(authorityOptions({ ...config, authorityHost: "https://localhost:4001/" })).toEqual({ authority: "https://localhost:4001/organizations", knownAuthorities: ["localhost:4001"] });
    expect(openIdConfigurationUrl(config)).toBe("https://login.microsoftonline.us/organizations/v2.0/.well-known/openid-configuration");
  });

  it("asks for the API's own scope only", () => {
    expect(apiScopes(config)).toEqual(["api://0f1e2d3c-4b5a-4697-8a8b-9c0d1e2f3a44/access_as_user"]);
  });
});

describe("the token kept for the pane's session (addin/auth/storedToken)", () => {
  it("hands the token out until two minutes before it expires, then drops it", () => {
    let now = 1_000_000;
    const storage = memoryStorage();
    const store = new TokenStore(storage, "k", () => now);
    expect(store.get()).toBeNull();
    store.set({ accessToken: "t1", expiresOn: now + 10 * 60_000 });
    expect(store.get()).toBe("t1");
    now += 8 * 60_000 + 1;
    expect(store.get()).toBeNull();
    expect(storage.map.has("k")).toBe(false);
  });

  it("treats unreadable or missing storage as no token", () => {
    const storage = memoryStorage();
    storage.setItem("k", "{not json");
    expect(new TokenStore(storage, "k").get()).toBeNull();
    const store = new TokenStore(null, "k");
    store.set({ accessToken: "t", expiresOn: Date.now() + 3600_000 });
    expect(store.get()).toBeNull();
  });
});

describe("the sign-in dialog's messages (addin/auth/authDialogMessage)", () => {
  it("accepts an access token or a reason, nothing else", () => {
    expect(parseAuthDialogMessage(JSON.stringify({ type: "crm-sync-token", accessToken: "at", expiresOn: 5 }))).toEqual({ type: "crm-sync-token", accessToken: "at", expiresOn: 5 });
    expect(parseAuthDialogMessage(JSON.stringify({ type: "crm-sync-sign-in-failed", problem: "declined", message: "m" }))).toEqual({ type: "crm-sync-sign-in-failed", problem: "declined", message: "m" });
    expect(parseAuthDialogMessage(JSON.stringify({ type: "crm-sync-token", idToken: "id", expiresOn: 5 }))).toBeNull();
    expect(parseAuthDialogMessage(JSON.stringify({ outcome: "connected" }))).toBeNull();
    expect(parseAuthDialogMessage("nope")).toBeNull();
  });
});

describe("signing in through the Office dialog (addin/auth/dialogTokenSource)", () => {
  it("has no token silently until the dialog handed one back, then keeps it for the session", async () => {
    const urls: string[] = [];
    const source = dialogTokenSource({
      dialogUrl: "https://sync.contoso.com/auth/dialog.html?login_hint=adele%40contoso.com",
      store: new TokenStore(memoryStorage(), "k"),
      run: async (url) => {
        urls.push(url);
        return { type: "crm-sync-token", accessToken: "api-token", expiresOn: Date.now() + 3600_000 };
      },
    });
    expect(source.kind).toBe("dialog");
    await expect(source.silent()).resolves.toBeNull();
    await expect(source.interactive()).resolves.toBe("api-token");
    await expect(source.silent()).resolves.toBe("api-token");
    expect(urls).toEqual(["https://sync.contoso.com/auth/dialog.html?login_hint=adele%40contoso.com"]);
    source.forget();
    await expect(source.silent()).resolves.toBeNull();
  });

  it("turns what went wrong into the pane's terms: declined, closed, blocked", async () => {
    const failing = (run: () => Promise<never> | Promise<{ type: "crm-sync-sign-in-failed"; problem: "declined"; message: string }>) =>
      dialogTokenSource({ dialogUrl: "https://x/auth/dialog.html", store: new TokenStore(null, "k"), run }).interactive();
    await expect(failing(async () => ({ type: "crm-sync-sign-in-failed", problem: "declined", message: "Need admin approval?" }))).rejects.toMatchObject({
      problem: "declined",
      message: "Need admin approval?",
    });
    await expect(failing(() => Promise.reject(new DialogError("closed", 12006, "closed")))).rejects.toMatchObject({ problem: "cancelled" });
    await expect(failing(() => Promise.reject(new DialogError("blocked", 12009, "blocked")))).rejects.toMatchObject({ problem: "blocked" });
    await expect(failing(() => Promise.reject(new DialogError("already_open", 12007, "open")))).rejects.toMatchObject({ problem: "blocked" });
  });
});

describe("nested app authentication (addin/auth/naaTokenSource)", () => {
  function fakeNaa(client: Partial<NestableClient>): { loader: NaaLoader; created: number } {
    const state = { created: 0 };
    const loader: NaaLoader = {
      create: async () => {
        state.created++;
        return { acquireTokenSilent: async () => ({ accessToken: "silent" }), acquireTokenPopup: async () => ({ accessToken: "popup" }), ...client };
      },
      isInteractionRequired: (err) => (err as Error).name === "InteractionRequiredAuthError",
    };
    return {
      loader,
      get created() {
        return state.created;
      },
    };
  }
  const interactionRequired = Object.assign(new Error("login required"), { name: "InteractionRequiredAuthError" });

  it("asks silently first, for the API scope", async () => {
    const requests: unknown[] = [];
    const naa = fakeNaa({ acquireTokenSilent: async (r) => (requests.push(r), { accessToken: "at" }) });
    const source = naaTokenSource(async () => config, { loader: naa.loader });
    await expect(source.silent()).resolves.toBe("at");
    await expect(source.silent()).resolves.toBe("at");
    expect(requests).toEqual([{ scopes: [config.apiScope] }, { scopes: [config.apiScope] }]);
    expect(naa.created).toBe(1);
  });

  it("answers no token when Entra needs the rep (InteractionRequiredAuthError), and the popup gets one", async () => {
    const popups: unknown[] = [];
    const naa = fakeNaa({
      acquireTokenSilent: () => Promise.reject(interactionRequired),
      acquireTokenPopup: async (r) => (popups.push(r), { accessToken: "from-popup" }),
    });
    const source = naaTokenSource(async () => config, { loader: naa.loader, loginHint: "adele@contoso.com" });
    await expect(source.silent()).resolves.toBeNull();
    await expect(source.interactive()).resolves.toBe("from-popup");
    expect(popups).toEqual([{ scopes: [config.apiScope], loginHint: "adele@contoso.com" }]);
  });

  it("a consent Entra refused (admin approval, user said no) is 'declined'", async () => {
    const denied = Object.assign(new Error("x"), { errorCode: "access_denied", errorMessage: "AADSTS65004: User declined to consent to access the app." });
    const naa = fakeNaa({ acquireTokenPopup: () => Promise.reject(denied) });
    await expect(naaTokenSource(async () => config, { loader: naa.loader }).interactive()).rejects.toMatchObject({ problem: "declined" });
  });
});

describe("MSAL errors in the pane's terms (addin/auth/signInError)", () => {
  it.each([
    [{ errorCode: "access_denied", errorMessage: "AADSTS65004: User declined" }, "declined"],
    [{ errorCode: "invalid_request", errorMessage: "AADSTS90094: The grant requires admin permission." }, "declined"],
    [{ errorCode: "user_cancelled" }, "cancelled"],
    [{ errorCode: "popup_window_error" }, "blocked"],
    [{ errorCode: "server_error", errorMessage: "AADSTS50000: There was an error issuing a token.\r\nTrace ID: 1" }, "failed"],
  ])("%o is %s", (err, problem) => {
    const e = signInErrorFromMsal(err);
    expect(e).toBeInstanceOf(SignInError);
    expect(e.problem).toBe(problem);
  });

  it("keeps only the first line of a server's message (no trace ids for the rep)", () => {
    expect(signInErrorFromMsal({ errorCode: "server_error", errorMessage: "AADSTS50000: There was an error.\r\nTrace ID: 1" }).message).toBe(
      "Signing in did not work: AADSTS50000: There was an error. Try again; if it keeps happening, contact support.",
    );
  });
});

describe("choosing how to sign in (addin/auth/chooseTokenSource)", () => {
  afterEach(uninstallOffice);

  it("takes NAA where Outlook supports it, the Office dialog (with the mailbox as login hint) elsewhere", () => {
    installOffice({ requirements: { isSetSupported: (name: string) => name === "NestedAppAuth" } });
    expect(chooseTokenSource(async () => config, "adele@contoso.com", "https://sync.contoso.com").kind).toBe("naa");
    uninstallOffice();
    installOffice({ requirements: { isSetSupported: () => false } });
    expect(chooseTokenSource(async () => config, "adele@contoso.com", "https://sync.contoso.com").kind).toBe("dialog");
  });

  it("the admin-consent link for a rep who could not sign in leaves the tenant to the administrator's sign-in", () => {
    expect(adminConsentLinkFor("https://sync.contoso.com/")).toBe("https://sync.contoso.com/api/connect/admin-consent?tenant=organizations");
  });
});
