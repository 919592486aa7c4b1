/**
 * Who is using the console and what they may see, as one state the app renders: signing in, signed in without a
 * console role (the role page), signed in with Sync.Admin or Sync.Support (the console), or the server not answering.
 * The server decides the roles (GET /api/console/me); the console only hides what the server would refuse anyway.
 */
import type { TokenGetter } from "../apiHttp";
import { ApiError } from "../apiHttp";
import { SignInError } from "../auth/signInError";
import type { ConsoleMe } from "../../server/api/consoleContract";
import type { ConsoleAuth, SignedInAccount } from "./consoleAuth";
import { SignInRequiredError } from "./consoleAuth";
import type { ConsoleApi } from "./consoleApi";

export type SessionState =
  | { readonly kind: "starting" }
  /** `message`: why the person is looking at the sign-in screen again (refused, expired), or null on a first visit. */
  | { readonly kind: "signedOut"; readonly message: string | null }
  /** On the way to Microsoft's pages. */
  | { readonly kind: "leaving" }
  | { readonly kind: "noRole"; readonly account: SignedInAccount | null; readonly serverMessage: string | null }
  | { readonly kind: "ready"; readonly me: ConsoleMe; readonly account: SignedInAccount | null; readonly api: ConsoleApi }
  | { readonly kind: "unavailable"; readonly message: string };

export const noRoleMessage =
  "You need the Sync.Admin or Sync.Support role; ask your administrator to assign it in Entra ID (Enterprise applications -> Users and groups).";

export interface SessionDeps {
  readonly auth: ConsoleAuth;
  readonly createApi: (getToken: TokenGetter) => ConsoleApi;
  /** The console address to come back to after Microsoft's pages (the hash). */
  readonly currentRoute: () => string;
  /** Puts the console back where the person was before signing in. */
  readonly restoreRoute: (route: string) => void;
}

type Listener = () => void;

export class ConsoleSession {
  private state: SessionState = { kind: "starting" };
  private readonly listeners = new Set<Listener>();
  private account: SignedInAccount | null = null;

  constructor(private readonly deps: SessionDeps) {}

  getState = (): SessionState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(state: SessionState): void {
    this.state = state;
    for (const l of this.listeners) l();
  }

  /** A token for the API; when none can be had silently, the console goes back to its sign-in screen. */
  private readonly getToken: TokenGetter = async ({ fresh }) => {
    try {
      return await this.deps.auth.token(fresh);
    } catch (err) {
      if (err instanceof SignInRequiredError) {
        this.set({ kind: "signedOut", message: err.message });
        throw new ApiError(401, "sign_in_required", err.message);
      }
      throw new ApiError(0, "sign_in_failed", `Microsoft did not give the console a token: ${(err as Error)?.message ?? String(err)}`);
    }
  };

  async start(): Promise<void> {
    this.set({ kind: "starting" });
    let started: Awaited<ReturnType<ConsoleAuth["start"]>>;
    try {
      started = await this.deps.auth.start();
    } catch (err) {
      if (err instanceof SignInError) return this.set({ kind: "signedOut", message: err.message });
      if (err instanceof ApiError) return this.set({ kind: "unavailable", message: err.message });
      return this.set({ kind: "unavailable", message: "The console could not start signing you in. Reload the page; if it keeps happening, contact support." });
    }
    if (started.returnTo) this.deps.restoreRoute(started.returnTo);
    this.account = started.account;
    if (!started.account) return this.set({ kind: "signedOut", message: null });
    await this.loadMe();
  }

  /** Asks the server who the caller is and what they may do. */
  async loadMe(): Promise<void> {
    const api = this.deps.createApi(this.getToken);
    try {
      const me = await api.me();
      if (me.roles.length === 0) return this.set({ kind: "noRole", account: this.account, serverMessage: null });
      this.set({ kind: "ready", me, account: this.account, api });
    } catch (err) {
      if (!(err instanceof ApiError)) return this.set({ kind: "unavailable", message: "The console could not read your sign-in. Reload the page." });
      if (err.code === "sign_in_required") return; // already on the sign-in screen
      if (err.status === 403) return this.set({ kind: "noRole", account: this.account, serverMessage: err.message });
      if (err.status === 401) return this.set({ kind: "signedOut", message: `CRM Sync did not accept your sign-in: ${err.message}` });
      this.set({ kind: "unavailable", message: err.message });
    }
  }

  async signIn(options: { chooseAccount?: boolean } = {}): Promise<void> {
    this.set({ kind: "leaving" });
    try {
      await this.deps.auth.signIn(this.deps.currentRoute(), options);
    } catch (err) {
      this.set({ kind: "signedOut", message: err instanceof Error ? `Signing in did not start: ${err.message}` : "Signing in did not start. Reload the page." });
    }
  }

  async signOut(): Promise<void> {
    this.set({ kind: "leaving" });
    try {
      await this.deps.auth.signOut();
    } catch {
      this.set({ kind: "signedOut", message: null });
    }
  }
}
