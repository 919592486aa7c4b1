import type { Api, ClientConfig, ConnectOutcome, MailboxView, OnpremConnectRequest, TokenGetter } from "../api";
import { ApiError } from "../api";
import { adminConsentLinkFor } from "../auth/adminConsentLink";
import { SignInError } from "../auth/signInError";
import type { TokenSource } from "../auth/tokenSource";
import { DialogError } from "../outlook/officeDialog";
import type { MailboxUser } from "../outlook/mailboxUser";
import type { SidebarCrm } from "../../server/api/crmContract";
import { connectOutcomeNotice } from "./connectOutcomeNotice";
import { crmUnavailableFrom } from "./crmUnavailable";
import { sendToAdminLabel } from "./copyLinkLabels";
import type { Notice } from "./notice";
import type { OnpremFormProblem } from "./onpremForm";

/** Which screen the pane shows. */
export type PaneScreen =
  | { readonly kind: "starting" }
  /** Opened in a browser tab, not in Outlook: explain, offer nothing that needs Outlook. */
  | { readonly kind: "outsideOutlook" }
  | { readonly kind: "unavailable"; readonly message: string }
  /** No token: "Set up sync" on a first open, "Sign in" for a rep who set up sync before. */
  | { readonly kind: "signedOut"; readonly returning: boolean }
  | { readonly kind: "mailbox"; readonly mailbox: MailboxView | null }
  /**
   * The on-premises Exchange form: the whole form to set up sync, or (the password changed) the new password only.
   * `mailbox` is what Back returns to.
   */
  | { readonly kind: "onprem"; readonly email: string; readonly remembered: boolean; readonly passwordOnly: boolean; readonly mailbox: MailboxView | null };

export type PaneBusy = "signIn" | "connect" | "refresh" | "disconnect" | "onprem" | null;

/** What the on-premises form sends: the email is the mailbox's own, never typed. */
export type OnpremInput = Omit<OnpremConnectRequest, "email">;

export interface PaneState {
  readonly screen: PaneScreen;
  readonly busy: PaneBusy;
  readonly notice: Notice | null;
  /** The organisation's Salesforce, as the server last said (null until it has). Not the rep's to fix. */
  readonly crm: SidebarCrm | null;
  /** Bumped when a screen appears because the rep acted, so it takes focus (not on the first render). */
  readonly focusKey: number;
}

/** Thrown by the token getter when the API needs a token the pane can only get by asking the rep. */
export class SignInRequiredError extends Error {
  constructor() {
    super("Sign in to continue.");
    this.name = "SignInRequiredError";
  }
}

export interface PaneDeps {
  readonly inOutlook: boolean;
  readonly user: MailboxUser | null;
  readonly origin: string;
  loadConfig(): Promise<ClientConfig>;
  /** How this Outlook gets tokens; `loadConfig` fetches the sign-in settings when that way needs them. */
  chooseTokens(loadConfig: () => Promise<ClientConfig>): TokenSource;
  createApi(getToken: TokenGetter): Api;
  runConnectDialog(dialogUrl: string): Promise<ConnectOutcome>;
  wasSetUp(): boolean;
  rememberSetUp(value: boolean): void;
  /** Called when the pane is about to ask for the rep's mailbox: the screens that show it can load meanwhile. */
  preloadMailboxScreens?(): void;
}

/** An on-premises mailbox whose password Exchange no longer accepts: the pane asks for the new password only. */
export function needsNewPassword(m: MailboxView | null): boolean {
  return !!m && m.onpremPassword && m.status === "attention" && m.reason === "reconnect_required";
}

/** A mailbox that still needs the rep to finish set-up: none, disconnected, or pending without an administrator behind it. */
export function needsSetUp(m: MailboxView | null): boolean {
  return !m || m.status === "disconnected" || (m.status === "pending" && !m.managedByAdmin);
}

/**
 * The pane's state and what the rep can do, without React, so it can be tested in Node: sign in, set up sync (and
 * reconnect), refresh, disconnect. Screens subscribe to it (usePane.ts).
 */
export class PaneController {
  private state: PaneState = { screen: { kind: "starting" }, busy: null, notice: null, crm: null, focusKey: 0 };
  private readonly listeners = new Set<() => void>();
  private tokens: TokenSource | null = null;
  private apiClient: Api | null = null;
  /** The server found this mailbox in Exchange Online: Set up sync signs in with Microsoft from now on. */
  private knownOnline = false;

  constructor(private readonly deps: PaneDeps) {}

  getState = (): PaneState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The API client once the pane knows how to sign in (after start()). */
  get api(): Api | null {
    return this.apiClient;
  }

  get user(): MailboxUser | null {
    return this.deps.user;
  }

  private set(patch: Partial<PaneState>, focus = false): void {
    this.state = { ...this.state, ...patch, ...(focus ? { focusKey: this.state.focusKey + 1 } : {}) };
    for (const l of this.listeners) l();
  }

  setNotice = (notice: Notice | null): void => this.set({ notice });

  async start(): Promise<void> {
    if (!this.deps.inOutlook) return this.set({ screen: { kind: "outsideOutlook" } });
    if (this.state.screen.kind !== "starting") this.set({ screen: { kind: "starting" }, notice: null });
    // Fetched once, and only by what needs it (nested app authentication); a failure is shown, then retried on demand.
    let config: Promise<ClientConfig> | null = null;
    const loadConfig = () =>
      (config ??= this.deps.loadConfig().catch((err: unknown) => {
        config = null;
        throw err;
      }));
    const tokens = this.deps.chooseTokens(loadConfig);
    this.tokens = tokens;
    this.apiClient = this.deps.createApi(async ({ fresh }) => {
      if (fresh) tokens.forget();
      const token = await tokens.silent();
      if (!token) throw new SignInRequiredError();
      return token;
    });
    let token: string | null = null;
    try {
      token = await tokens.silent();
    } catch (err) {
      if (err instanceof ApiError) {
        return this.set({ screen: { kind: "unavailable", message: err.message } });
      }
      this.set({ notice: this.noticeFor(err) });
    }
    if (!token) return this.set({ screen: { kind: "signedOut", returning: this.deps.wasSetUp() } });
    this.deps.preloadMailboxScreens?.();
    await this.loadMailbox(false);
  }

  /** "Sign in" (a returning rep): get a token, then show their mailbox. */
  signIn = async (): Promise<void> => {
    if (this.state.busy) return;
    this.set({ busy: "signIn", notice: null });
    try {
      if (await this.signInInteractively()) await this.loadMailbox(true);
    } finally {
      this.set({ busy: null });
    }
  };

  /** "Set up sync" and "Reconnect": sign in when needed, then the connect dialog, then the new state. */
  setUp = async (): Promise<void> => {
    if (this.state.busy) return;
    this.set({ busy: "connect", notice: null });
    try {
      const tokens = this.tokens;
      if (!tokens) return;
      let token: string | null = null;
      try {
        token = await tokens.silent();
      } catch {
        token = null;
      }
      if (!token && !(await this.signInInteractively())) return;
      const mailbox = await this.fetchMailbox();
      if (mailbox === undefined) return;
      if (mailbox && !needsSetUp(mailbox) && !(mailbox.status === "attention" && !mailbox.managedByAdmin)) {
        this.deps.rememberSetUp(true);
        const text = mailbox.managedByAdmin
          ? "Your administrator set up sync for this mailbox: there is nothing to set up."
          : `Sync is already set up for ${mailbox.email}.`;
        return this.set({ screen: { kind: "mailbox", mailbox }, notice: { intent: "info", text } }, true);
      }
      if (needsNewPassword(mailbox)) return this.showOnprem(mailbox, true);
      // The company's Exchange is known to be on-premises (a colleague connected): the form, not Microsoft's sign-in.
      if (!this.knownOnline && !mailbox?.managedByAdmin && (await this.companyIsOnprem())) return this.showOnprem(mailbox ?? null, false);
      await this.connect(mailbox);
    } finally {
      this.set({ busy: null });
    }
  };

  /** "Exchange (on-premises)", chosen by hand: sign in to CRM Sync when needed, then the form. */
  chooseOnprem = async (): Promise<void> => {
    if (this.state.busy) return;
    this.set({ busy: "connect", notice: null });
    try {
      const tokens = this.tokens;
      if (!tokens) return;
      const token = await tokens.silent().catch(() => null);
      if (!token && !(await this.signInInteractively())) return;
      const mailbox = await this.fetchMailbox();
      if (mailbox === undefined) return;
      await this.showOnprem(mailbox, needsNewPassword(mailbox));
    } finally {
      this.set({ busy: null });
    }
  };

  /** Back from the on-premises form to the screen it came from. */
  leaveOnprem = (): void => {
    if (this.state.screen.kind !== "onprem" || this.state.busy) return;
    this.set({ screen: { kind: "mailbox", mailbox: this.state.screen.mailbox } }, true);
  };

  /**
   * "Test and save" (or the new password): the password goes to the server once and is not kept here. Answers the
   * problem to show on the form, or null when the pane moved on (or the problem is not the form's: then a notice says it).
   */
  submitOnprem = async (input: OnpremInput): Promise<OnpremFormProblem | null> => {
    const screen = this.state.screen;
    const api = this.apiClient;
    if (screen.kind !== "onprem" || !api || this.state.busy) return null;
    this.set({ busy: "onprem", notice: null });
    try {
      if (screen.passwordOnly) {
        await api.replaceOnpremPassword(input.password);
        await this.loadMailbox(true);
        this.set({ notice: { intent: "success", title: "Sync resumes", text: "Your new password is saved. Sync continues where it stopped; nothing is logged twice." } });
        return null;
      }
      const answer = await api.connectOnprem({ email: screen.email, ...input });
      if (answer.outcome === "online") {
        this.knownOnline = true;
        this.set({ screen: { kind: "mailbox", mailbox: screen.mailbox }, notice: { intent: "info", title: "Your mailbox is in Exchange Online", text: `${answer.message} Choose Set up sync to sign in with Microsoft.` } }, true);
        return null;
      }
      this.deps.rememberSetUp(true);
      await this.loadMailbox(true);
      this.set({ notice: connectOutcomeNotice({ outcome: "connected", email: screen.email }) });
      return null;
    } catch (err) {
      // Read on a refusal only, so the first screen's script does not carry the form's error reading.
      const { onpremProblemFrom } = await import("./onpremForm.js");
      const problem = onpremProblemFrom(err);
      if (problem) return problem;
      this.reportError(err);
      return null;
    } finally {
      this.set({ busy: null });
    }
  };

  refresh = async (): Promise<void> => {
    if (this.state.busy) return;
    this.set({ busy: "refresh" });
    try {
      await this.loadMailbox(false);
    } finally {
      this.set({ busy: null });
    }
  };

  /** After the rep confirmed: the server deletes the mailbox's credentials for good. Resolves true when done. */
  disconnect = async (): Promise<boolean> => {
    if (!this.apiClient || this.state.busy) return false;
    this.set({ busy: "disconnect", notice: null });
    try {
      await this.apiClient.disconnect();
      this.deps.rememberSetUp(false);
      this.set(
        { screen: { kind: "mailbox", mailbox: null }, notice: { intent: "success", title: "Sync is off", text: "CRM Sync no longer has access to your mailbox. Emails already logged stay in Salesforce." } },
        true,
      );
      return true;
    } catch (err) {
      this.reportError(err);
      return false;
    } finally {
      this.set({ busy: null });
    }
  };

  /** A screen changed the mailbox (Sync now moved the next sync). */
  mailboxChanged = (mailbox: MailboxView | null): void => this.set({ screen: { kind: "mailbox", mailbox } });

  /**
   * For errors from the panels' own calls: a lost sign-in sends the pane back to "Sign in" (and answers null); a CRM
   * that went away since the pane last looked updates the pane's word on it; any other error answers the message to
   * show where the rep acted.
   */
  messageFor = (err: unknown): string | null => {
    const crm = crmUnavailableFrom(err);
    if (crm && this.state.crm?.state !== crm.state) this.set({ crm });
    if (err instanceof SignInRequiredError) {
      this.set({ screen: { kind: "signedOut", returning: true }, notice: { intent: "info", text: "Your sign-in has ended. Sign in again to continue." } }, true);
      return null;
    }
    if (err instanceof ApiError || err instanceof SignInError || err instanceof DialogError) return err.message;
    return "Something went wrong. Try again; if it keeps happening, contact support.";
  };

  private reportError(err: unknown): void {
    const message = this.messageFor(err);
    if (message) this.set({ notice: { intent: "error", text: message } });
  }

  private noticeFor(err: unknown): Notice {
    if (err instanceof SignInError) {
      switch (err.problem) {
        case "declined":
          return {
            intent: "warning",
            title: "Need admin approval?",
            text: err.message,
            copyLink: { label: sendToAdminLabel, url: adminConsentLinkFor(this.deps.origin) },
          };
        case "cancelled":
          return { intent: "info", text: err.message };
        case "blocked":
          return { intent: "warning", text: err.message };
        case "failed":
          return { intent: "error", text: err.message };
      }
    }
    return { intent: "error", text: this.messageFor(err) ?? "Sign in again to continue." };
  }

  /** True when the rep is now signed in; otherwise the notice says why not. */
  private async signInInteractively(): Promise<boolean> {
    if (!this.tokens) return false;
    try {
      await this.tokens.interactive();
      return true;
    } catch (err) {
      this.set({ notice: this.noticeFor(err) });
      return false;
    }
  }

  private async companyIsOnprem(): Promise<boolean> {
    try {
      return (await this.apiClient?.onpremStart())?.remembered ?? false;
    } catch {
      // Not knowing is not a failure: Microsoft's sign-in, as for any mailbox, and the rep can still choose the form.
      return false;
    }
  }

  private async showOnprem(mailbox: MailboxView | null, passwordOnly: boolean): Promise<void> {
    const email = mailbox?.email ?? this.deps.user?.email;
    if (!email) {
      this.set({ notice: { intent: "error", text: "Outlook did not say which mailbox this is. Open CRM Sync from an email in your own mailbox." } });
      return;
    }
    const remembered = passwordOnly ? true : await this.companyIsOnprem();
    this.set({ screen: { kind: "onprem", email, remembered, passwordOnly, mailbox } }, true);
  }

  /** The mailbox, or undefined when the call failed (and the failure was reported). */
  private async fetchMailbox(): Promise<MailboxView | null | undefined> {
    if (!this.apiClient) return undefined;
    try {
      const answer = await this.apiClient.mailbox();
      // An older server says nothing about the CRM: then the pane says nothing either.
      this.set({ crm: answer.crm ?? null });
      return answer.mailbox;
    } catch (err) {
      this.reportError(err);
      return undefined;
    }
  }

  private async loadMailbox(focus: boolean): Promise<MailboxView | null | undefined> {
    const mailbox = await this.fetchMailbox();
    if (mailbox === undefined) {
      // The first load failed for another reason than sign-in: there is no screen yet to keep.
      if (this.state.screen.kind === "starting") this.set({ screen: { kind: "unavailable", message: this.state.notice?.text ?? "CRM Sync could not load your mailbox." }, notice: null });
      return undefined;
    }
    if (mailbox && !needsSetUp(mailbox)) this.deps.rememberSetUp(true);
    const before = this.state.screen.kind === "mailbox" ? this.state.screen.mailbox : undefined;
    // A notice about the old state ("Sync is set up") must not stay beside a new one ("Reconnect your mailbox").
    const changed = before !== undefined && (before?.status !== mailbox?.status || before?.reason !== mailbox?.reason);
    this.set({ screen: { kind: "mailbox", mailbox }, ...(changed ? { notice: null } : {}) }, focus);
    return mailbox;
  }

  private async connect(current: MailboxView | null): Promise<void> {
    const api = this.apiClient;
    const user = this.deps.user;
    if (!api) return;
    if (!user) {
      this.set({ notice: { intent: "error", text: "Outlook did not say which mailbox this is. Open CRM Sync from an email in your own mailbox." } });
      return;
    }
    let outcome: ConnectOutcome;
    try {
      const { dialogUrl } = await api.startConnect(user.email);
      outcome = await this.deps.runConnectDialog(dialogUrl);
    } catch (err) {
      this.set({ screen: { kind: "mailbox", mailbox: current } });
      this.reportError(err);
      return;
    }
    if (outcome.outcome === "connected") this.deps.rememberSetUp(true);
    const mailbox = await this.fetchMailbox();
    const shown = mailbox === undefined ? current : mailbox;
    // The attention screen already says what the outcome would: don't say it twice.
    const repeated = outcome.outcome === "attention" && shown?.status === "attention" && shown.reason === outcome.reason;
    this.set({ screen: { kind: "mailbox", mailbox: shown }, notice: repeated ? null : connectOutcomeNotice(outcome) }, true);
  }
}
