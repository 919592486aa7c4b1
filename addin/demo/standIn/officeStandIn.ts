import type { OfficeStandInOptions, StandInAddress, StandInControl, StandInItem } from "./standInTypes";

/**
 * Office.js for the demo: what the pane uses of it, behaving as Outlook on the web does. Office.onReady with host
 * Outlook, the open item, the user's profile, roaming settings, the theme, requirement sets, and displayDialogAsync
 * with a real popup window whose page's Office.context.ui.messageParent posts back to the pane. Outside a host (the
 * page opened on its own) onReady answers with no host, as the real office.js does in a plain browser tab.
 */
type Handler = (arg: unknown) => void;
type Callback = (result: unknown) => void;

const AsyncResultStatus = { Succeeded: "succeeded", Failed: "failed" } as const;
const EventType = { ItemChanged: "olkItemSelectedChanged", DialogMessageReceived: "dialogMessageReceived", DialogEventReceived: "dialogEventReceived" } as const;
/** Marks the pane-bound message a dialog page's messageParent posts to its opener. */
export const messageParentTag = "messageParent";

const later = (f: () => void) => setTimeout(f, 0);
const asDetails = (a: StandInAddress) => ({ displayName: a.name ?? a.email, emailAddress: a.email, recipientType: "externalUser" });

function makeItem(item: StandInItem | null | undefined): unknown {
  if (!item) return null;
  const body = {
    getAsync(_type: string, optionsOrCallback: unknown, maybeCallback?: Callback) {
      const cb = (typeof optionsOrCallback === "function" ? optionsOrCallback : maybeCallback) as Callback;
      later(() => cb({ status: AsyncResultStatus.Succeeded, value: item.body ?? "" }));
    },
  };
  if (item.compose) {
    const recipients = (list: readonly StandInAddress[] | undefined) => ({
      getAsync: (cb: Callback) => later(() => cb({ status: AsyncResultStatus.Succeeded, value: (list ?? []).map(asDetails) })),
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

export interface StandInEnvironment {
  readonly window: Window;
  /** Set in a dialog's page: messageParent posts to this window (the pane that opened the dialog). */
  readonly dialogOpener: Window | null;
  /** Roaming settings were saved (the demo page keeps them per mailbox). */
  readonly onRoamingSaved?: (values: Record<string, unknown>) => void;
}

/** The Office global for a pane inside Outlook (options given) or for a dialog's page. */
export function createOfficeStandIn(options: OfficeStandInOptions, env: StandInEnvironment): { office: unknown; control: StandInControl } {
  const win = env.window;
  const itemChangedHandlers: Handler[] = [];
  let failNext = 0;
  const openedUrls: string[] = [];
  const naaRequests: string[] = [];
  const roaming: Record<string, unknown> = { ...(options.roamingSettings ?? {}) };

  const mailbox = {
    item: makeItem(options.item),
    userProfile: { emailAddress: options.mailbox.email, displayName: options.mailbox.displayName ?? options.mailbox.email, accountType: "enterprise" },
    addHandlerAsync(type: string, handler: Handler, cb?: Callback) {
      if (type === EventType.ItemChanged) itemChangedHandlers.push(handler);
      if (cb) later(() => cb({ status: AsyncResultStatus.Succeeded }));
    },
    removeHandlerAsync(type: string, cb?: Callback) {
      if (type === EventType.ItemChanged) itemChangedHandlers.length = 0;
      if (cb) later(() => cb({ status: AsyncResultStatus.Succeeded }));
    },
  };

  let dialogCount = 0;
  let openDialog: Window | null = null;

  function displayDialogAsync(url: string, dialogOptions: unknown, callback?: Callback) {
    const cb = (typeof dialogOptions === "function" ? dialogOptions : callback) as Callback;
    const fail = (code: number, message: string) => later(() => cb({ status: AsyncResultStatus.Failed, error: { code, name: "Error", message } }));
    if (failNext) {
      const code = failNext;
      failNext = 0;
      return fail(code, "The dialog could not be opened.");
    }
    if (openDialog && !openDialog.closed) return fail(12007, "A dialog is already opened.");
    const target = new URL(url, win.location.href);
    if (target.protocol !== "https:") return fail(12005, "The URL must use HTTPS.");
    const popup = win.open(target.toString(), `office-dialog-${++dialogCount}`, "popup,width=480,height=640");
    if (!popup) return fail(12009, "The user chose to ignore the dialog box.");
    openDialog = popup;
    const handlers: Record<string, Handler[]> = { [EventType.DialogMessageReceived]: [], [EventType.DialogEventReceived]: [] };
    let closedByAddIn = false;
    const onMessage = (e: MessageEvent) => {
      const data = e.data as { __officeStandIn?: string; message?: string } | null;
      if (e.source !== popup || !data || data.__officeStandIn !== messageParentTag) return;
      for (const h of handlers[EventType.DialogMessageReceived] ?? []) h({ message: data.message, origin: e.origin });
    };
    win.addEventListener("message", onMessage);
    const watch = setInterval(() => {
      if (!popup.closed) return;
      cleanup();
      if (!closedByAddIn) for (const h of handlers[EventType.DialogEventReceived] ?? []) h({ error: 12006 });
    }, 100);
    function cleanup() {
      clearInterval(watch);
      win.removeEventListener("message", onMessage);
      if (openDialog === popup) openDialog = null;
    }
    const dialog = {
      addEventHandler(type: string, handler: Handler) {
        (handlers[type] ??= []).push(handler);
      },
      close() {
        closedByAddIn = true;
        cleanup();
        popup.close();
      },
      messageChild() {
        /* not used by the pane */
      },
    };
    later(() => cb({ status: AsyncResultStatus.Succeeded, value: dialog }));
  }

  const dark = options.theme === "dark";
  const office = {
    __standIn: true,
    HostType: { Outlook: "Outlook", Word: "Word", Excel: "Excel", PowerPoint: "PowerPoint" },
    PlatformType: { OfficeOnline: "OfficeOnline" },
    AsyncResultStatus,
    EventType,
    CoercionType: { Text: "text", Html: "html" },
    MailboxEnums: { ItemType: { Message: "message", Appointment: "appointment" } },
    onReady(cb?: (info: unknown) => void) {
      const info = { host: "Outlook", platform: "OfficeOnline" };
      if (cb) later(() => cb(info));
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
          if (name === "NestedAppAuth") return options.nestedAppAuth === true && !env.dialogOpener;
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
        saveAsync: (cb?: Callback) => {
          env.onRoamingSaved?.({ ...roaming });
          if (cb) later(() => cb({ status: AsyncResultStatus.Succeeded }));
        },
      },
      ui: {
        displayDialogAsync,
        messageParent(message: string) {
          if (!env.dialogOpener) throw new Error("messageParent: this page is not an Office dialog");
          env.dialogOpener.postMessage({ __officeStandIn: messageParentTag, message }, win.location.origin);
        },
        openBrowserWindow(url: string) {
          openedUrls.push(url);
          // Outlook opens it in the rep's browser; in the demo that is a new tab (tests only read openedUrls).
          if (!env.dialogOpener && win.parent !== win) win.open(url, "_blank", "noopener");
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
    naaRequests,
  };
  return { office, control };
}

/** Office.js outside any Office host: onReady answers with no host, and nothing else is there. */
export function officeOutsideHost(): unknown {
  return {
    __standIn: true,
    HostType: { Outlook: "Outlook" },
    AsyncResultStatus,
    EventType,
    onReady(cb?: (info: unknown) => void) {
      const info = { host: null, platform: null };
      if (cb) later(() => cb(info));
      return Promise.resolve(info);
    },
    context: {},
  };
}
