import type { DemoItem } from "../demoContract";
import type { DemoOutlookHost, OfficeStandInOptions, StandInControl, StandInItem } from "../standIn/standInTypes";
import { standInGlobals } from "../standIn/standInTypes";

const roamingKey = (email: string) => `demoOutlook.roaming.${email}`;

function storedRoaming(email: string): Record<string, unknown> {
  try {
    return JSON.parse(localStorage.getItem(roamingKey(email)) ?? "{}") as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The open item as Outlook hands it to the pane (read mode; a meeting is an appointment). */
export function standInItem(item: DemoItem, body: string): StandInItem {
  return {
    itemType: item.kind === "meeting" ? "appointment" : "message",
    subject: item.subject,
    from: item.from ?? undefined,
    to: item.to,
    cc: item.cc,
    internetMessageId: item.internetMessageId ?? undefined,
    dateTimeCreated: item.when,
    body,
  };
}

/**
 * The demo page as Outlook, for the pane's frame: who is signed in, the open item, the theme and roaming settings.
 * Set on window before the pane's frame loads; the stand-in there reads it (window.parent.__demoOutlook).
 */
export class OutlookHost {
  private control: StandInControl | null = null;
  private current: StandInItem | null = null;

  publish(mailbox: { email: string; displayName: string }, theme: "light" | "dark"): void {
    this.control = null;
    const host: DemoOutlookHost = {
      options: { mailbox, theme, nestedAppAuth: true, item: this.current, roamingSettings: storedRoaming(mailbox.email) } satisfies OfficeStandInOptions,
      attach: (control) => {
        this.control = control;
      },
      saveRoaming: (values) => localStorage.setItem(roamingKey(mailbox.email), JSON.stringify(values)),
    };
    Object.defineProperty(window, standInGlobals.host, { value: host, configurable: true, writable: true });
  }

  /** The rep opened another item: a pinned pane follows it (ItemChanged). */
  select(item: StandInItem | null): void {
    this.current = item;
    this.control?.setItem(item);
  }
}
