import type { Browser, BrowserContext, Page } from "playwright-core";

/**
 * A stand-in for Office.js in headless Chromium, so the task pane runs as it would inside Outlook: Office.onReady with
 * host Outlook, the open item of the test's choosing, the user's profile, roaming settings, the theme, requirement sets
 * (NestedAppAuth is not supported, so the pane takes the Office dialog fallback), and displayDialogAsync implemented
 * with a real popup window whose pages' Office.context.ui.messageParent posts back to the pane, as Outlook on the web
 * does. The script is added to the whole browser context, so every popup (the sign-in and connect dialogs) gets it too,
 * and the real office.js is answered with an empty script so it cannot replace the stand-in.
 */

export interface StandInAddress {
  readonly name?: string;
  readonly email: string;
}

export interface StandInItem {
  readonly itemType?: "message" | "appointment";
  /** Compose mode: recipients are objects with getAsync, and there is no Internet Message-ID yet. */
  readonly compose?: boolean;
  readonly subject?: string;
  readonly from?: StandInAddress;
  readonly to?: readonly StandInAddress[];
  readonly cc?: readonly StandInAddress[];
  readonly internetMessageId?: string;
  /** ISO date-time. */
  readonly dateTimeCreated?: string;
  readonly body?: string;
}

export interface OfficeStandInOptions {
  readonly mailbox: { readonly email: string; readonly displayName?: string };
  readonly item?: StandInItem | null;
  /** Outlook's theme colours: "dark" gives the pane a near-black background, as Outlook's dark mode does. */
  readonly theme?: "light" | "dark";
  readonly nestedAppAuth?: boolean;
  /** Roaming settings as Outlook keeps them for this mailbox. */
  readonly roamingSettings?: Record<string, unknown>;
}

/** What a test can do to the stand-in from page.evaluate (window.__officeStandIn). */
export interface StandInControl {
  /** The rep selects another item (a pinned pane gets ItemChanged). */
  setItem(item: StandInItem | null): void;
  /** The next displayDialogAsync fails to open with this Office error code (12007, 12009, 12011...). */
  failNextDialog(code: number): void;
  /** URLs the pane asked Outlook to open in the browser (openBrowserWindow). */
  readonly openedUrls: string[];
  readonly roaming: Record<string, unknown>;
}

/**
 * The page-side code, serialised into the init script. Plain ES2020 with no imports or helpers, since it runs in the
 * browser as its own source text.
 */
function standIn(options: OfficeStandInOptions): void {
  type Handler = (arg: unknown) => void;
  const w = window as unknown as Record<string, unknown> & Window;
  if (w.__officeStandIn) return;

  const AsyncResultStatus = { Succeeded: "succeeded", Failed: "failed" };
  const EventType = { ItemChanged: "olkItemSelectedChanged", DialogMessageReceived: "dialogMessageReceived", DialogEventReceived: "dialogEventReceived" };
  const inDialog = Boolean(window.opener && window.opener !== window);

  const asDetails = (a: StandInAddress) => ({ displayName: a.name ?? a.email, emailAddress: a.email, recipientType: "externalUser" });
  const itemChangedHandlers: Handler[] = [];
  let failNext = 0;
  const openedUrls: string[] = [];
  const roaming: Record<string, unknown> = { ...(options.roamingSettings ?? {}) };

  function makeItem(item: StandInItem | null | undefined): unknown {
    if (!item) return null;
    const body = {
      getAsync(_type: string, optionsOrCallback: unknown, maybeCallback?: (r: unknown) => void) {
        const cb = (typeof optionsOrCallback === "function" ? optionsOrCallback : maybeCallback) as (r: unknown) => void;
        setTimeout(() => cb({ status: AsyncResultStatus.Succeeded, value: item.body ?? "" }), 0);
      },
    };
    if (item.compose) {
      const recipients = (list: readonly StandInAddress[] | undefined) => ({
        getAsync: (cb: (r: unknown) => void) => setTimeout(() => cb({ status: AsyncResultStatus.Succeeded, value: (list ?? []).map(asDetails) }), 0),
      });
      return { itemType: item.itemType ?? "message", subject: { getAsync: () => undefined }, to: recipients(item.to), cc: recipients(item.cc), body };
    }
    return {
      itemType: item.itemType ?? "message",
      subject: item.subject ?? "",
      from: item.from ? asDetails(item.from) : null,
      to: (item.to ?? []).map(asDetails),
      cc: (item.cc ?? []).map(asDetails),
      internetMessageId: item.internetMessageId,
      dateTimeCreated: new Date(item.dateTimeCreated ?? Date.now()),
      body,
    };
  }

  const dark = options.theme === "dark";
  const mailbox = {
    item: makeItem(options.item),
    userProfile: { emailAddress: options.mailbox.email, displayName: options.mailbox.displayName ?? options.mailbox.email, accountType: "enterprise" },
    addHandlerAsync(type: string, handler: Handler, cb?: (r: unknown) => void) {
      if (type === EventType.ItemChanged) itemChangedHandlers.push(handler);
      if (cb) setTimeout(() => cb({ status: AsyncResultStatus.Succeeded }), 0);
    },
    removeHandlerAsync(type: string, cb?: (r: unknown) => void) {
      if (type === EventType.ItemChanged) itemChangedHandlers.length = 0;
      if (cb) setTimeout(() => cb({ status: AsyncResultStatus.Succeeded }), 0);
    },
  };

  let dialogCount = 0;
  let openDialog: Window | null = null;

  function displayDialogAsync(url: string, dialogOptions: unknown, callback?: (r: unknown) => void) {
    const cb = (typeof dialogOptions === "function" ? dialogOptions : callback) as (r: unknown) => void;
    const fail = (code: number, message: string) => setTimeout(() => cb({ status: AsyncResultStatus.Failed, error: { code, name: "Error", message } }), 0);
    if (failNext) {
      const code = failNext;
      failNext = 0;
      return fail(code, "The dialog could not be opened (stand-in).");
    }
    if (openDialog && !openDialog.closed) return fail(12007, "A dialog is already opened.");
    const target = new URL(url, location.href);
    if (target.protocol !== "https:") return fail(12005, "The URL must use HTTPS.");
    const win = window.open(target.toString(), `office-dialog-${++dialogCount}`, "popup,width=480,height=640");
    if (!win) return fail(12009, "The user chose to ignore the dialog box.");
    openDialog = win;
    const handlers: Record<string, Handler[]> = { [EventType.DialogMessageReceived]: [], [EventType.DialogEventReceived]: [] };
    let closedByAddIn = false;
    const onMessage = (e: MessageEvent) => {
      const data = e.data as { __officeStandIn?: string; message?: string } | null;
      if (e.source !== win || !data || data.__officeStandIn !== "messageParent") return;
      for (const h of handlers[EventType.DialogMessageReceived] ?? []) h({ message: data.message, origin: e.origin });
    };
    window.addEventListener("message", onMessage);
    const watch = setInterval(() => {
      if (!win.closed) return;
      cleanup();
      if (!closedByAddIn) for (const h of handlers[EventType.DialogEventReceived] ?? []) h({ error: 12006 });
    }, 100);
    function cleanup() {
      clearInterval(watch);
      window.removeEventListener("message", onMessage);
      if (openDialog === win) openDialog = null;
    }
    const dialog = {
      addEventHandler(type: string, handler: Handler) {
        (handlers[type] ??= []).push(handler);
      },
      close() {
        closedByAddIn = true;
        cleanup();
        win.close();
      },
      messageChild() {
        /* not used by the pane */
      },
    };
    setTimeout(() => cb({ status: AsyncResultStatus.Succeeded, value: dialog }), 0);
  }

  const Office = {
    __standIn: true,
    HostType: { Outlook: "Outlook", Word: "Word", Excel: "Excel", PowerPoint: "PowerPoint" },
    PlatformType: { OfficeOnline: "OfficeOnline" },
    AsyncResultStatus,
    EventType,
    CoercionType: { Text: "text", Html: "html" },
    MailboxEnums: { ItemType: { Message: "message", Appointment: "appointment" } },
    onReady(cb?: (info: unknown) => void) {
      const info = { host: "Outlook", platform: "OfficeOnline" };
      if (cb) setTimeout(() => cb(info), 0);
      return Promise.resolve(info);
    },
    context: {
      host: "Outlook",
      mailbox,
      officeTheme: dark
        ? { bodyBackgroundColor: "#1f1f1f", bodyForegroundColor: "#ffffff", controlBackgroundColor: "#292929", controlForegroundColor: "#ffffff" }
        : { bodyBackgroundColor: "#ffffff", bodyForegroundColor: "#242424", controlBackgroundColor: "#ffffff", controlForegroundColor: "#242424" },
      requirements: {
        isSetSupported(name: string) {
          if (name === "NestedAppAuth") return options.nestedAppAuth === true;
          return name === "Mailbox" || name === "DialogApi" || name === "OpenBrowserWindowApi";
        },
      },
      roamingSettings: {
        get: (key: string) => roaming[key],
        set: (key: string, value: unknown) => {
          roaming[key] = value;
        },
        remove: (key: string) => {
          delete roaming[key];
        },
        saveAsync: (cb?: (r: unknown) => void) => {
          if (cb) setTimeout(() => cb({ status: AsyncResultStatus.Succeeded }), 0);
        },
      },
      ui: {
        displayDialogAsync,
        messageParent(message: string) {
          if (!inDialog) throw new Error("messageParent: this page is not an Office dialog (stand-in)");
          (window.opener as Window).postMessage({ __officeStandIn: "messageParent", message }, "*");
        },
        openBrowserWindow(url: string) {
          openedUrls.push(url);
        },
      },
    },
  };

  const control: StandInControl = {
    setItem(item) {
      mailbox.item = makeItem(item);
      for (const h of itemChangedHandlers) h({ type: EventType.ItemChanged });
    },
    failNextDialog(code) {
      failNext = code;
    },
    openedUrls,
    roaming,
  };
  Object.defineProperty(window, "Office", { value: Office, writable: true, configurable: true });
  Object.defineProperty(window, "__officeStandIn", { value: control, configurable: true });
}

/** The init script's source: the function above, called with the test's options. */
export function officeStandInScript(options: OfficeStandInOptions): string {
  // Some TypeScript runners (tsx/esbuild with keepNames) wrap functions in __name(); give the page a no-op one.
  return `(function () { var __name = function (f) { return f; }; (${standIn.toString()})(${JSON.stringify(options)}); })();`;
}

/** Installs the stand-in in every page and popup of `context`, and keeps the real office.js out. */
export async function installOfficeStandIn(context: BrowserContext, options: OfficeStandInOptions): Promise<void> {
  await context.route("**/office-js/office.js", (route) =>
    route.fulfill({ status: 200, contentType: "application/javascript", body: "/* Office.js stand-in is installed by test/support/officeStandIn.ts */" }),
  );
  await context.addInitScript({ content: officeStandInScript(options) });
}

/** A task pane as Outlook shows it: Outlook's pane width (320 px), the stand-in installed, the pane loaded. */
export async function openPaneInOutlook(
  browser: Browser,
  productUrl: string,
  options: OfficeStandInOptions & { readonly width?: number },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: options.width ?? 320, height: 800 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: productUrl });
  await installOfficeStandIn(context, options);
  const page = await context.newPage();
  await page.goto(`${productUrl}/taskpane.html`);
  return { context, page };
}

/** An email as the stand-in's open item, with a Message-ID no other test uses unless one is given. */
export function standInEmail(from: string, others: { to?: string[]; cc?: string[]; subject?: string; internetMessageId?: string; body?: string } = {}): StandInItem {
  const nameOf = (email: string) => {
    const local = email.split("@")[0] ?? email;
    return local.charAt(0).toUpperCase() + local.slice(1);
  };
  const address = (email: string) => ({ email, name: nameOf(email) });
  return {
    subject: others.subject ?? "Quote for the spring order",
    from: address(from),
    to: (others.to ?? []).map(address),
    cc: (others.cc ?? []).map(address),
    internetMessageId: others.internetMessageId ?? `<e2e-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com>`,
    dateTimeCreated: new Date(Date.now() - 3600_000).toISOString(),
    body: others.body ?? "Hello,\nplease find the quote attached.\nBest regards",
  };
}
