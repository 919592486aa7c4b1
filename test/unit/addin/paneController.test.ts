import type { Api, ClientConfig, ConnectOutcome, MailboxView, TokenGetter } from "../../../addin/api";
import { ApiError } from "../../../addin/api";
import { SignInError } from "../../../addin/auth/signInError";
import type { TokenSource } from "../../../addin/auth/tokenSource";
import { DialogError } from "../../../addin/outlook/officeDialog";
import type { PaneDeps } from "../../../addin/taskpane/paneController";
import type { SidebarCrm } from "../../../server/api/crmContract";
import { PaneController, SignInRequiredError } from "../../../addin/taskpane/paneController";

const config: ClientConfig = { clientId: "c", authorityHost: "https://login.microsoftonline.com", tenant: "organizations", apiScope: "api://c/access_as_user", demo: false };

function mailbox(overrides: Partial<MailboxView> = {}): MailboxView {
  return {
    id: "m1",
    email: "adele@contoso.com",
    provider: "ews",
    managedByAdmin: false,
    onpremPassword: false,
    status: "active",
    reason: null,
    remedy: null,
    adminConsentUrl: null,
    lastSync: null,
    nextSyncAt: "2026-11-22T10:30:00.000Z",
    loggedToday: 0,
    ...overrides,
  };
}

/** A pane with everything around it faked: tokens, the server, the connect dialog, roaming settings. */
function pane(
  o: {
    token?: string | null;
    interactive?: () => Promise<string>;
    mailboxes?: Array<MailboxView | null>;
    /** What the server says about the organisation's CRM with each mailbox answer (connected by default). */
    crm?: SidebarCrm;
    outcome?: () => Promise<ConnectOutcome>;
    api?: Partial<Api>;
    setUp?: boolean;
    deps?: Partial<PaneDeps>;
  } = {},
) {
  let token = o.token ?? null;
  const roaming = { setUp: o.setUp ?? false };
  const mailboxes = [...(o.mailboxes ?? [null])];
  const log: string[] = [];
  let getToken: TokenGetter | null = null;
  const tokens: TokenSource = {
    kind: "dialog",
    silent: async () => token,
    interactive: async () => {
      log.push("sign-in dialog");
      token = await (o.interactive ?? (async () => "fresh"))();
      return token;
    },
    forget: () => {
      token = null;
    },
  };
  const api: Api = {
    mailbox: async () => {
      await getToken?.({ fresh: false });
      log.push("GET mailbox");
      return { mailbox: mailboxes.length > 1 ? (mailboxes.shift() ?? null) : (mailboxes[0] ?? null), crm: o.crm ?? { state: "connected" } };
    },
    startConnect: async (email) => (log.push(`connect ${email}`), { dialogUrl: "https://sync.contoso.com/api/connect/begin?state=s", expiresAt: "" }),
    syncNow: async () => ({ queued: true, nextSyncAt: "", startsBy: null }),
    disconnect: async () => void log.push("DELETE mailbox"),
    people: async () => ({ crmConnected: true, people: [] }),
    addLead: async () => ({ email: "", internal: false, crm: null }),
    emailStatus: async () => ({ logged: false }),
    logEmail: async () => ({ result: "logged", crmId: "1", url: null }),
    settings: async () => ({ folders: ["inbox"], captureLevel: "subject", blockedAddresses: [], blockedDomains: [] }),
    saveSettings: async (s) => s,
    onpremStart: async () => (log.push("GET onprem"), { email: "adele@contoso.com", remembered: false }),
    connectOnprem: async (r) => (log.push(`POST onprem ${JSON.stringify(r)}`), { outcome: "connected", usedRemembered: false }),
    replaceOnpremPassword: async (pw) => (log.push(`POST onprem password ${pw}`), { outcome: "resumed" }),
    ...o.api,
  };
  const deps: PaneDeps = {
    inOutlook: true,
    user: { email: "adele@contoso.com", displayName: "Adele Vance" },
    origin: "https://sync.contoso.com",
    loadConfig: async () => config,
    chooseTokens: () => tokens,
    createApi: (g) => ((getToken = g), api),
    runConnectDialog: async (url) => (log.push(`dialog ${url}`), (o.outcome ?? (async () => ({ outcome: "connected", email: "adele@contoso.com" }) as ConnectOutcome))()),
    wasSetUp: () => roaming.setUp,
    rememberSetUp: (v) => {
      roaming.setUp = v;
    },
    ...o.deps,
  };
  return { controller: new PaneController(deps), log, roaming, mailboxes };
}

describe("the pane's states and actions (addin/taskpane/paneController)", () => {
  it("outside Outlook: the first-run screen, with nothing that needs Outlook", async () => {
    const { controller } = pane({ deps: { inOutlook: false } });
    await controller.start();
    expect(controller.getState().screen).toEqual({ kind: "outsideOutlook" });
  });

  it("the Office dialog fallback shows its first screen without fetching the sign-in settings", async () => {
    let fetched = 0;
    const { controller } = pane({ deps: { loadConfig: async () => (fetched++, config) } });
    await controller.start();
    expect(controller.getState().screen).toEqual({ kind: "signedOut", returning: false });
    expect(fetched).toBe(0);
  });

  it("first open without a token: Set up sync; a rep who set up before is asked to sign in instead", async () => {
    const first = pane();
    await first.controller.start();
    expect(first.controller.getState().screen).toEqual({ kind: "signedOut", returning: false });
    const returning = pane({ setUp: true });
    await returning.controller.start();
    expect(returning.controller.getState().screen).toEqual({ kind: "signedOut", returning: true });
  });

  it("with a token from earlier in the session: straight to the mailbox, and remembers that sync is set up", async () => {
    const p = pane({ token: "t", mailboxes: [mailbox()] });
    await p.controller.start();
    expect(p.controller.getState().screen).toEqual({ kind: "mailbox", mailbox: mailbox() });
    expect(p.roaming.setUp).toBe(true);
  });

  it("loads the mailbox's screens before asking for the mailbox when signed in already, never for a rep who is signed out", async () => {
    const seen: string[] = [];
    const signedIn = pane({
      token: "t",
      mailboxes: [mailbox()],
      api: { mailbox: async () => (seen.push("GET mailbox"), { mailbox: mailbox(), crm: { state: "connected" } }) },
      deps: { preloadMailboxScreens: () => void seen.push("screens") },
    });
    await signedIn.controller.start();
    expect(seen).toEqual(["screens", "GET mailbox"]);

    const preloaded: string[] = [];
    const signedOut = pane({ deps: { preloadMailboxScreens: () => void preloaded.push("screens") } });
    await signedOut.controller.start();
    expect(signedOut.controller.getState().screen).toEqual({ kind: "signedOut", returning: false });
    expect(preloaded).toEqual([]);
  });

  it("Set up sync: sign-in dialog, then the connect dialog for the Outlook mailbox, then the active mailbox and a notice", async () => {
    const p = pane({ mailboxes: [null, mailbox()] });
    await p.controller.start();
    await p.controller.setUp();
    expect(p.log).toEqual(["sign-in dialog", "GET mailbox", "GET onprem", "connect adele@contoso.com", "dialog https://sync.contoso.com/api/connect/begin?state=s", "GET mailbox"]);
    const state = p.controller.getState();
    expect(state.screen).toEqual({ kind: "mailbox", mailbox: mailbox() });
    expect(state.notice).toMatchObject({ intent: "success", title: "Sync is set up" });
    expect(state.busy).toBeNull();
    expect(state.focusKey).toBeGreaterThan(0);
    expect(p.roaming.setUp).toBe(true);
  });

  it("Set up sync for a mailbox already syncing: says so, opens no dialog", async () => {
    const p = pane({ token: "t", mailboxes: [mailbox()] });
    await p.controller.start();
    await p.controller.setUp();
    expect(p.log).not.toContain("connect adele@contoso.com");
    expect(p.controller.getState().notice).toEqual({ intent: "info", text: "Sync is already set up for adele@contoso.com." });
  });

  it("a declined sign-in (Need admin approval) shows the link to forward", async () => {
    const p = pane({ interactive: () => Promise.reject(new SignInError("declined", "Microsoft did not sign you in.")) });
    await p.controller.start();
    await p.controller.setUp();
    expect(p.controller.getState().notice).toEqual({
      intent: "warning",
      title: "Need admin approval?",
      text: "Microsoft did not sign you in.",
      copyLink: { label: "Send this link to your administrator", url: "https://sync.contoso.com/api/connect/admin-consent?tenant=organizations" },
    });
    expect(p.controller.getState().screen).toEqual({ kind: "signedOut", returning: false });
  });

  it("the connect dialog's answers: declined (with the link), closed by the rep, refused by the server", async () => {
    const declined = pane({
      token: "t",
      outcome: async () => ({ outcome: "declined", message: "Access was not allowed.", adminConsentUrl: "https://sync.contoso.com/api/connect/admin-consent?tenant=t1" }),
    });
    await declined.controller.start();
    await declined.controller.setUp();
    expect(declined.controller.getState().notice).toMatchObject({ intent: "warning", copyLink: { url: "https://sync.contoso.com/api/connect/admin-consent?tenant=t1" } });

    const closed = pane({ token: "t", outcome: () => Promise.reject(new DialogError("closed", 12006, "The window was closed before it finished.")) });
    await closed.controller.start();
    await closed.controller.setUp();
    expect(closed.controller.getState().notice).toEqual({ intent: "error", text: "The window was closed before it finished." });

    const conflict = pane({ token: "t", api: { startConnect: () => Promise.reject(new ApiError(409, "conflict", "This mailbox is connected by another user.")) } });
    await conflict.controller.start();
    await conflict.controller.setUp();
    expect(conflict.controller.getState().notice).toEqual({ intent: "error", text: "This mailbox is connected by another user." });
  });

  it("Reconnect from attention runs the connect dialog; the attention screen is not repeated as a notice", async () => {
    const attention = mailbox({ status: "attention", reason: "reconnect_required", remedy: { title: "Reconnect your mailbox", text: "…", actor: "user" } });
    const p = pane({
      token: "t",
      mailboxes: [attention, attention],
      outcome: async () => ({ outcome: "attention", reason: "reconnect_required", remedy: { title: "Reconnect your mailbox", text: "…", actor: "user" }, adminConsentUrl: null }),
    });
    await p.controller.start();
    await p.controller.setUp();
    expect(p.log).toContain("connect adele@contoso.com");
    expect(p.controller.getState().notice).toBeNull();
  });

  it("a refresh that finds a new state drops the notice about the old one", async () => {
    const p = pane({ token: "t", mailboxes: [mailbox(), mailbox({ status: "attention", reason: "reconnect_required" })] });
    await p.controller.start();
    p.controller.setNotice({ intent: "success", text: "Sync is set up" });
    await p.controller.refresh();
    expect(p.controller.getState().notice).toBeNull();
  });

  it("a sign-in that ended while the pane was open sends it back to Sign in", async () => {
    const p = pane({ token: "t", mailboxes: [mailbox()] });
    await p.controller.start();
    const message = p.controller.messageFor(new SignInRequiredError());
    expect(message).toBeNull();
    expect(p.controller.getState().screen).toEqual({ kind: "signedOut", returning: true });
    expect(p.controller.messageFor(new ApiError(503, "crm_not_connected", "Your organisation has not connected its CRM yet."))).toBe("Your organisation has not connected its CRM yet.");
  });

  it("a disconnected CRM: the pane keeps the server's word on who must act, beside the rep's own mailbox", async () => {
    const crm: SidebarCrm = { state: "disconnected", title: "CRM disconnected", forUser: "Your admin must reconnect Salesforce", actor: "tenant_admin" };
    const p = pane({ token: "t", mailboxes: [mailbox()], crm });
    await p.controller.start();
    expect(p.controller.getState()).toMatchObject({ screen: { kind: "mailbox", mailbox: mailbox() }, crm, notice: null });

    const connected = pane({ token: "t", mailboxes: [mailbox()] });
    await connected.controller.start();
    expect(connected.controller.getState().crm).toEqual({ state: "connected" });
  });

  it("a people search or log answered 409 crm_disconnected updates the pane's CRM state, not an error notice", async () => {
    const p = pane({ token: "t", mailboxes: [mailbox()] });
    await p.controller.start();
    const err = new ApiError(409, "crm_disconnected", "Your admin must reconnect Salesforce");
    expect(p.controller.messageFor(err)).toBe("Your admin must reconnect Salesforce");
    expect(p.controller.getState().crm).toEqual({ state: "disconnected", title: "CRM disconnected", forUser: "Your admin must reconnect Salesforce", actor: "tenant_admin" });
    expect(p.controller.getState().notice).toBeNull();
    // Another 409 (a mailbox connected by someone else) is no word on the CRM.
    p.controller.messageFor(new ApiError(409, "conflict", "This mailbox is connected by another user."));
    expect(p.controller.getState().crm?.state).toBe("disconnected");
  });

  it("Disconnect: the server deletes the credentials; the pane offers set-up again and forgets it was set up", async () => {
    const p = pane({ token: "t", mailboxes: [mailbox()] });
    await p.controller.start();
    await expect(p.controller.disconnect()).resolves.toBe(true);
    expect(p.log).toContain("DELETE mailbox");
    expect(p.controller.getState().screen).toEqual({ kind: "mailbox", mailbox: null });
    expect(p.controller.getState().notice).toMatchObject({ title: "Sync is off" });
    expect(p.roaming.setUp).toBe(false);
  });

  it("the sign-in settings unreachable at start (nested app authentication needs them): a screen that says so", async () => {
    const { controller } = pane({
      deps: {
        loadConfig: () => Promise.reject(new ApiError(0, "network", "CRM Sync could not be reached. Check your connection and try again.")),
        chooseTokens: (loadConfig) => ({ kind: "naa", silent: async () => (await loadConfig(), null), interactive: async () => "t", forget: () => undefined }),
      },
    });
    await controller.start();
    expect(controller.getState().screen).toEqual({ kind: "unavailable", message: "CRM Sync could not be reached. Check your connection and try again." });
  });

  describe("a mailbox on the company's own Exchange", () => {
    const notFound = new ApiError(422, "not_found", "We could not find your Exchange server automatically. Ask IT for your Exchange server's EWS URL.", null, {
      error: "not_found",
      field: "ewsUrl",
      message: "We could not find your Exchange server automatically.",
      unconfirmedHost: null,
    });

    it("Set up sync for a company a colleague already connected: the form, not Microsoft's sign-in", async () => {
      const p = pane({ token: "t", mailboxes: [null], api: { onpremStart: async () => ({ email: "adele@contoso.com", remembered: true }) } });
      await p.controller.start();
      await p.controller.setUp();
      expect(p.controller.getState().screen).toEqual({ kind: "onprem", email: "adele@contoso.com", remembered: true, passwordOnly: false, mailbox: null });
      expect(p.log.filter((l) => l.startsWith("dialog") || l.startsWith("connect"))).toEqual([]);
    });

    it("chosen by hand: a failed Autodiscover names the field to fill, then Test and save connects", async () => {
      let answers: Array<() => Promise<never> | Promise<{ outcome: "connected"; usedRemembered: boolean }>> = [() => Promise.reject(notFound), async () => ({ outcome: "connected", usedRemembered: false })];
      const sent: unknown[] = [];
      const p = pane({
        token: "t",
        mailboxes: [null, null, mailbox({ onpremPassword: true })],
        api: {
          connectOnprem: (r) => {
            sent.push(r);
            const next = answers[0];
            answers = answers.slice(1);
            return next ? next() : Promise.reject(new Error("unexpected call"));
          },
        },
      });
      await p.controller.start();
      await p.controller.chooseOnprem();
      expect(p.controller.getState().screen).toMatchObject({ kind: "onprem", passwordOnly: false, remembered: false });
      const problem = await p.controller.submitOnprem({ password: "pw" });
      expect(problem).toEqual({ field: "ewsUrl", message: notFound.message, askServerFields: true, unconfirmedHost: null, tried: [] });
      expect(p.controller.getState().screen.kind).toBe("onprem");
      expect(await p.controller.submitOnprem({ password: "pw", ewsUrl: "https://mail.contoso.com/EWS/Exchange.asmx", username: "CONTOSO\\adele" })).toBeNull();
      expect(sent).toEqual([
        { email: "adele@contoso.com", password: "pw" },
        { email: "adele@contoso.com", password: "pw", ewsUrl: "https://mail.contoso.com/EWS/Exchange.asmx", username: "CONTOSO\\adele" },
      ]);
      expect(p.controller.getState()).toMatchObject({ screen: { kind: "mailbox", mailbox: { onpremPassword: true, status: "active" } }, notice: { title: "Sync is set up" } });
      expect(p.roaming.setUp).toBe(true);
    });

    it("a malformed field is a problem on the form, naming the field from the server's message", async () => {
      const p = pane({ token: "t", mailboxes: [null], api: { connectOnprem: () => Promise.reject(new ApiError(400, "invalid_request", "username: must be DOMAIN\\username or a UPN")) } });
      await p.controller.start();
      await p.controller.chooseOnprem();
      expect(await p.controller.submitOnprem({ password: "pw", username: "x\\y\\z" })).toMatchObject({ field: "username", askServerFields: false });
    });

    it("after a password change: Reconnect asks for the new password only, and the mailbox is active again", async () => {
      const locked = mailbox({ onpremPassword: true, status: "attention", reason: "reconnect_required" });
      const p = pane({ token: "t", mailboxes: [locked, locked, mailbox({ onpremPassword: true })] });
      await p.controller.start();
      await p.controller.setUp();
      expect(p.controller.getState().screen).toMatchObject({ kind: "onprem", passwordOnly: true });
      expect(await p.controller.submitOnprem({ password: "new" })).toBeNull();
      expect(p.log).toContain("POST onprem password new");
      expect(p.log.some((l) => l.startsWith("POST onprem {"))).toBe(false);
      expect(p.controller.getState()).toMatchObject({ screen: { kind: "mailbox", mailbox: { status: "active" } }, notice: { title: "Sync resumes" } });
    });

    it("the server finds the mailbox in Exchange Online: the pane says so and Set up sync then signs in with Microsoft", async () => {
      const p = pane({
        token: "t",
        mailboxes: [null],
        api: {
          onpremStart: async () => ({ email: "adele@contoso.com", remembered: true }),
          connectOnprem: async () => ({ outcome: "online", message: "Your mailbox is in Exchange Online." }),
        },
      });
      await p.controller.start();
      await p.controller.setUp();
      await p.controller.submitOnprem({ password: "pw" });
      expect(p.controller.getState()).toMatchObject({ screen: { kind: "mailbox", mailbox: null }, notice: { title: "Your mailbox is in Exchange Online" } });
      await p.controller.setUp();
      expect(p.log).toContain("connect adele@contoso.com");
    });
  });
});
