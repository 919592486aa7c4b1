import { parseConnectOutcome, runConnectDialog } from "../../../addin/outlook/connectDialog";
import { DialogError, runDialog } from "../../../addin/outlook/officeDialog";
import { installOffice, uninstallOffice } from "./officeMock";

type Handler = (arg: unknown) => void;

/** Office's dialog as the pane sees it: opens (or fails to), then the test plays the dialog's part. */
function fakeDialogApi(open: { failWith?: number } = {}) {
  const handlers: Record<string, Handler[]> = {};
  const calls: Array<{ url: string; options: unknown }> = [];
  let closed = 0;
  const displayDialogAsync = (url: string, options: unknown, cb: (r: unknown) => void) => {
    calls.push({ url, options });
    if (open.failWith) return cb({ status: "failed", error: { code: open.failWith, message: "refused" } });
    cb({
      status: "succeeded",
      value: {
        addEventHandler: (type: string, h: Handler) => (handlers[type] ??= []).push(h),
        close: () => closed++,
      },
    });
  };
  return {
    displayDialogAsync,
    calls,
    closedCount: () => closed,
    message: (message: string, origin?: string) => (handlers.dialogMessageReceived ?? []).forEach((h) => h({ message, origin })),
    event: (error: number) => (handlers.dialogEventReceived ?? []).forEach((h) => h({ error })),
  };
}

const pageOrigin = "https://sync.contoso.com";

beforeEach(() => {
  (globalThis as { location?: unknown }).location = { origin: pageOrigin };
});
afterEach(() => {
  uninstallOffice();
  delete (globalThis as { location?: unknown }).location;
});

describe("the Office dialog (addin/outlook/officeDialog)", () => {
  it("opens the URL at 60 % by 30 % and resolves with the first message it understands, then closes the dialog", async () => {
    const d = fakeDialogApi();
    installOffice({ ui: { displayDialogAsync: d.displayDialogAsync } });
    const result = runDialog(`${pageOrigin}/auth/dialog.html`, (m) => (m.startsWith("ok:") ? m.slice(3) : null));
    d.message("noise");
    d.message("ok:from elsewhere", "https://evil.example");
    d.message("ok:token", pageOrigin);
    await expect(result).resolves.toBe("token");
    expect(d.calls).toEqual([{ url: `${pageOrigin}/auth/dialog.html`, options: { height: 60, width: 30, displayInIframe: false } }]);
    expect(d.closedCount()).toBe(1);
  });

  it("the rep closing the window (12006) is a clear 'closed', not an error code", async () => {
    const d = fakeDialogApi();
    installOffice({ ui: { displayDialogAsync: d.displayDialogAsync } });
    const result = runDialog("https://sync.contoso.com/x", () => "never");
    d.event(12006);
    await expect(result).rejects.toMatchObject({ problem: "closed", code: 12006, message: expect.stringContaining("closed before it finished") });
  });

  it.each([
    [12009, "blocked", "Allow pop-up windows"],
    [12011, "blocked", "Allow pop-up windows"],
    [12007, "already_open", "already open"],
    [12004, "failed", "Office error 12004"],
  ])("a dialog that cannot open (%i) says why: %s", async (code, problem, text) => {
    installOffice({ ui: { displayDialogAsync: fakeDialogApi({ failWith: code }).displayDialogAsync } });
    const err = await runDialog("https://sync.contoso.com/x", () => "never").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DialogError);
    expect(err).toMatchObject({ problem, code, message: expect.stringContaining(text) });
  });

  it("outside Outlook there is no dialog: it says to open CRM Sync from Outlook", async () => {
    await expect(runDialog("https://sync.contoso.com/x", () => "x")).rejects.toMatchObject({ problem: "unavailable" });
  });
});

describe("the connect dialog's outcome (addin/outlook/connectDialog)", () => {
  it("hands back what the server's result page sent", async () => {
    const d = fakeDialogApi();
    installOffice({ ui: { displayDialogAsync: d.displayDialogAsync } });
    const outcome = runConnectDialog(`${pageOrigin}/api/connect/begin?state=s1`);
    d.message(JSON.stringify({ outcome: "declined", message: "Access was not allowed.", adminConsentUrl: `${pageOrigin}/api/connect/admin-consent?tenant=t1` }), pageOrigin);
    await expect(outcome).resolves.toEqual({ outcome: "declined", message: "Access was not allowed.", adminConsentUrl: `${pageOrigin}/api/connect/admin-consent?tenant=t1` });
  });

  it("takes only the four outcomes", () => {
    expect(parseConnectOutcome('{"outcome":"connected","email":"adele@contoso.com"}')).toEqual({ outcome: "connected", email: "adele@contoso.com" });
    expect(parseConnectOutcome('{"outcome":"maybe"}')).toBeNull();
    expect(parseConnectOutcome("not json")).toBeNull();
    expect(parseConnectOutcome("null")).toBeNull();
  });
});
