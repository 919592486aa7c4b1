import { OfficeMockObject } from "office-addin-mock";

// office-addin-mock needs only the host names of office-addin-manifest, whose package index loads an ES-only module
// that Jest's CommonJS runtime cannot require on Node 20. Its own host-name file is plain CommonJS: use that alone.
jest.mock("office-addin-manifest", () => jest.requireActual("office-addin-manifest/lib/officeApp.js"));

/**
 * Office.js for unit tests: office-addin-mock's Outlook host with the enums the pane reads. `context` is merged into
 * Office.context; the mock is installed as the global Office until uninstallOffice().
 */
export function installOffice(context: Record<string, unknown>): Record<string, unknown> {
  const mock = new OfficeMockObject({
    host: "outlook",
    HostType: { Outlook: "Outlook" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    EventType: { ItemChanged: "olkItemSelectedChanged", DialogMessageReceived: "dialogMessageReceived", DialogEventReceived: "dialogEventReceived" },
    CoercionType: { Text: "text", Html: "html" },
    MailboxEnums: { ItemType: { Message: "message", Appointment: "appointment" } },
    onReady: async () => ({ host: "Outlook", platform: "OfficeOnline" }),
    context,
  }) as unknown as Record<string, unknown>;
  (globalThis as { Office?: unknown }).Office = mock;
  return mock;
}

export function uninstallOffice(): void {
  delete (globalThis as { Office?: unknown }).Office;
}

/** A received email as Outlook's read mode shows it. */
export function readItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    itemType: "message",
    subject: "Quote for the spring order",
    from: { displayName: "Bea Buyer", emailAddress: "Buyer@Fabrikam.com" },
    to: [
      { displayName: "Adele Vance", emailAddress: "adele@contoso.com" },
      { displayName: "lead@northwind.com", emailAddress: "lead@northwind.com" },
    ],
    cc: [{ displayName: "Diego Siciliani", emailAddress: "diego@contoso.com" }],
    internetMessageId: "<quote-1@fabrikam.com>",
    dateTimeCreated: new Date("2026-11-20T09:30:00Z"),
    body: {
      getAsync(_type: string, cb: (r: unknown) => void) {
        cb({ status: "succeeded", value: "Hello Adele,\nthe quote is attached." });
      },
    },
    ...overrides,
  };
}
