import { openInBrowser } from "../../../addin/outlook/browserWindow";
import { onItemChanged } from "../../../addin/outlook/itemChanged";
import { mailboxUser } from "../../../addin/outlook/mailboxUser";
import { isDarkBackground, officeReady, supportsNestedAppAuth } from "../../../addin/outlook/officeHost";
import { rememberSetUp, wasSetUpHere } from "../../../addin/outlook/roamingFlags";
import { installOffice, uninstallOffice } from "./officeMock";

afterEach(uninstallOffice);

describe("Outlook as the pane's host (addin/outlook)", () => {
  it("knows it runs in Outlook and takes Outlook's theme", async () => {
    installOffice({ officeTheme: { bodyBackgroundColor: "#1f1f1f" } });
    await expect(officeReady()).resolves.toEqual({ inOutlook: true, backgroundColor: "#1f1f1f" });
    expect(isDarkBackground("#1f1f1f")).toBe(true);
    expect(isDarkBackground("#ffffff")).toBe(false);
    expect(isDarkBackground(null)).toBe(false);
    expect(isDarkBackground("black")).toBe(false);
  });

  it("outside Office it is not in Outlook, and does not wait forever for an Office.js that never gets ready", async () => {
    await expect(officeReady()).resolves.toEqual({ inOutlook: false, backgroundColor: null });
    installOffice({});
    (globalThis as { Office: { onReady: unknown } }).Office.onReady = () => new Promise(() => undefined);
    await expect(officeReady(20)).resolves.toEqual({ inOutlook: false, backgroundColor: null });
  });

  it("uses nested app authentication only where Outlook supports NestedAppAuth 1.1", () => {
    const asked: string[] = [];
    installOffice({ requirements: { isSetSupported: (name: string, version: string) => (asked.push(`${name} ${version}`), name === "NestedAppAuth") } });
    expect(supportsNestedAppAuth()).toBe(true);
    expect(asked).toEqual(["NestedAppAuth 1.1"]);
    uninstallOffice();
    installOffice({ requirements: { isSetSupported: () => false } });
    expect(supportsNestedAppAuth()).toBe(false);
    uninstallOffice();
    expect(supportsNestedAppAuth()).toBe(false);
  });

  it("reads whose mailbox it is from the user profile", () => {
    installOffice({ mailbox: { userProfile: { emailAddress: "Adele@Contoso.com", displayName: "Adele Vance" } } });
    expect(mailboxUser()).toEqual({ email: "adele@contoso.com", displayName: "Adele Vance" });
    uninstallOffice();
    expect(mailboxUser()).toBeNull();
  });

  it("follows the rep from email to email in a pinned pane (ItemChanged): one Outlook handler, each listener stopped alone", () => {
    const added: string[] = [];
    const removed: string[] = [];
    let handler: (() => void) | undefined;
    let registered: ((r: { status: string }) => void) | undefined;
    installOffice({
      mailbox: {
        addHandlerAsync: (type: string, h: () => void, cb: (r: { status: string }) => void) => {
          added.push(type);
          handler = h;
          registered = cb;
        },
        removeHandlerAsync: (type: string) => removed.push(type),
      },
    });
    let panel = 0;
    let other = 0;
    const stopPanel = onItemChanged(() => panel++);
    const stopOther = onItemChanged(() => other++);
    expect(added).toEqual(["olkItemSelectedChanged"]);
    // Outlook confirms the handler later: an email chosen before then was announced to no one, so all read again.
    registered?.({ status: "succeeded" });
    expect([panel, other]).toEqual([1, 1]);
    handler?.();
    expect([panel, other]).toEqual([2, 2]);
    // A panel that goes away must not silence the others (Office's removeHandlerAsync would remove every handler).
    stopPanel();
    handler?.();
    expect([panel, other]).toEqual([2, 3]);
    expect(removed).toEqual([]);
    stopOther();
    handler?.();
    expect([panel, other]).toEqual([2, 3]);
    // Listening again later needs no second Outlook handler.
    onItemChanged(() => panel++);
    expect(added).toHaveLength(1);
  });

  it("remembers in roaming settings that sync was set up from this mailbox", () => {
    const store = new Map<string, unknown>();
    let saves = 0;
    installOffice({ roamingSettings: { get: (k: string) => store.get(k), set: (k: string, v: unknown) => store.set(k, v), saveAsync: () => saves++ } });
    expect(wasSetUpHere()).toBe(false);
    rememberSetUp(true);
    rememberSetUp(true);
    expect(wasSetUpHere()).toBe(true);
    expect(saves).toBe(1);
    rememberSetUp(false);
    expect(wasSetUpHere()).toBe(false);
  });

  it("opens Salesforce records in the rep's browser through Outlook", () => {
    const opened: string[] = [];
    installOffice({ requirements: { isSetSupported: (name: string) => name === "OpenBrowserWindowApi" }, ui: { openBrowserWindow: (url: string) => opened.push(url) } });
    openInBrowser("https://contoso.my.salesforce.com/003000000000001");
    expect(opened).toEqual(["https://contoso.my.salesforce.com/003000000000001"]);
  });
});
