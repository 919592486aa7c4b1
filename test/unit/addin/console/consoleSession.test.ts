import { ApiError } from "../../../../addin/apiHttp";
import { SignInError } from "../../../../addin/auth/signInError";
import type { ConsoleAuth } from "../../../../addin/console/consoleAuth";
import { SignInRequiredError } from "../../../../addin/console/consoleAuth";
import type { ConsoleApi } from "../../../../addin/console/consoleApi";
import { ConsoleSession, noRoleMessage } from "../../../../addin/console/consoleSession";
import type { ConsoleMe } from "../../../../server/api/consoleContract";

const megan = { name: "Megan Bowen", username: "megan@contoso.com" };
const adminMe: ConsoleMe = { tenantId: "t1", name: "Megan Bowen", username: "megan@contoso.com", roles: ["Sync.Admin"], isAdmin: true };

function fakeAuth(over: Partial<ConsoleAuth> = {}): ConsoleAuth & { signIns: Array<{ returnTo: string; chooseAccount?: boolean }> } {
  const signIns: Array<{ returnTo: string; chooseAccount?: boolean }> = [];
  return {
    signIns,
    start: async () => ({ account: megan, returnTo: null }),
    signIn: async (returnTo, options = {}) => void signIns.push({ returnTo, ...options }),
    token: async () => "tok",
    signOut: async () => undefined,
    ...over,
  };
}

function session(auth: ConsoleAuth, me: (getToken: (o: { fresh: boolean }) => Promise<string>) => Promise<ConsoleMe>) {
  const restored: string[] = [];
  const s = new ConsoleSession({
    auth,
    createApi: (getToken) => ({ me: () => me(getToken) }) as unknown as ConsoleApi,
    currentRoute: () => "#/mailboxes?status=attention",
    restoreRoute: (r) => restored.push(r),
  });
  return { s, restored };
}

describe("the console's session", () => {
  it("a first visit shows the sign-in screen; Sign in leaves for Microsoft remembering where the person was", async () => {
    const auth = fakeAuth({ start: async () => ({ account: null, returnTo: null }) });
    const { s } = session(auth, async () => adminMe);
    await s.start();
    expect(s.getState()).toEqual({ kind: "signedOut", message: null });
    await s.signIn();
    expect(s.getState()).toEqual({ kind: "leaving" });
    expect(auth.signIns).toEqual([{ returnTo: "#/mailboxes?status=attention" }]);
  });

  it("back from Microsoft with a role: the console, at the place the person left", async () => {
    const { s, restored } = session(fakeAuth({ start: async () => ({ account: megan, returnTo: "#/mailboxes/m1" }) }), async () => adminMe);
    await s.start();
    expect(restored).toEqual(["#/mailboxes/m1"]);
    expect(s.getState()).toMatchObject({ kind: "ready", me: adminMe, account: megan });
  });

  it("signed in without a console role: the role page, whether the server refuses or answers with no roles", async () => {
    const refused = session(fakeAuth(), async () => {
      throw new ApiError(403, "forbidden", "This needs the Sync.Admin or Sync.Support role; ask your administrator to assign it in Entra ID.");
    });
    await refused.s.start();
    expect(refused.s.getState()).toEqual({ kind: "noRole", account: megan, serverMessage: "This needs the Sync.Admin or Sync.Support role; ask your administrator to assign it in Entra ID." });

    const noRoles = session(fakeAuth(), async () => ({ ...adminMe, roles: [], isAdmin: false }));
    await noRoles.s.start();
    expect(noRoles.s.getState()).toEqual({ kind: "noRole", account: megan, serverMessage: null });
    expect(noRoleMessage).toContain("Enterprise applications -> Users and groups");
  });

  it("Microsoft refused the sign-in: the sign-in screen says why", async () => {
    const { s } = session(fakeAuth({ start: async () => Promise.reject(new SignInError("declined", "Microsoft did not sign you in.")) }), async () => adminMe);
    await s.start();
    expect(s.getState()).toEqual({ kind: "signedOut", message: "Microsoft did not sign you in." });
  });

  it("a sign-in that expired sends the person back to the sign-in screen with a reason", async () => {
    const { s } = session(fakeAuth({ token: async () => Promise.reject(new SignInRequiredError()) }), async (getToken) => {
      await getToken({ fresh: false });
      return adminMe;
    });
    await s.start();
    expect(s.getState()).toEqual({ kind: "signedOut", message: "Your sign-in has expired. Sign in again to continue." });
  });

  it("the server down: says so with the server's words, and Try again starts over", async () => {
    let calls = 0;
    const { s } = session(fakeAuth(), async () => {
      if (++calls === 1) throw new ApiError(0, "network", "CRM Sync could not be reached. Check your connection and try again.");
      return adminMe;
    });
    await s.start();
    expect(s.getState()).toEqual({ kind: "unavailable", message: "CRM Sync could not be reached. Check your connection and try again." });
    await s.start();
    expect(s.getState()).toMatchObject({ kind: "ready" });
  });

  it("tells its listeners of each change", async () => {
    const { s } = session(fakeAuth(), async () => adminMe);
    const seen: string[] = [];
    const stop = s.subscribe(() => seen.push(s.getState().kind));
    await s.start();
    stop();
    await s.start();
    expect(seen).toEqual(["starting", "ready"]);
  });
});
