import { readBodyText, readOpenEmail } from "../../../addin/outlook/openEmail";
import { installOffice, readItem, uninstallOffice } from "./officeMock";

afterEach(uninstallOffice);

describe("the open email (addin/outlook/openEmail)", () => {
  it("reads who is on a received email, its Message-ID, subject and date, addresses lower-cased", () => {
    installOffice({ mailbox: { item: readItem() } });
    expect(readOpenEmail()).toEqual({
      internetMessageId: "<quote-1@fabrikam.com>",
      subject: "Quote for the spring order",
      from: { email: "buyer@fabrikam.com", name: "Bea Buyer" },
      to: [
        { email: "adele@contoso.com", name: "Adele Vance" },
        // Outlook repeats the address as the display name when it knows no name: that is no name.
        { email: "lead@northwind.com", name: null },
      ],
      cc: [{ email: "diego@contoso.com", name: "Diego Siciliani" }],
      sentAt: "2026-11-20T09:30:00.000Z",
    });
  });

  it("says why there is no email: nothing selected, a draft being written, a meeting", () => {
    installOffice({ mailbox: {} });
    expect(readOpenEmail()).toBe("no_item");
    uninstallOffice();
    installOffice({ mailbox: { item: { itemType: "message", to: { getAsync: () => undefined }, subject: { getAsync: () => undefined } } } });
    expect(readOpenEmail()).toBe("compose");
    uninstallOffice();
    installOffice({ mailbox: { item: readItem({ itemType: "appointment" }) } });
    expect(readOpenEmail()).toBe("not_a_message");
  });

  it("answers no email outside Outlook rather than throwing", () => {
    expect(readOpenEmail()).toBe("no_item");
  });

  it("reads the body as text through body.getAsync", async () => {
    const asked: string[] = [];
    installOffice({
      mailbox: {
        item: readItem({
          body: {
            getAsync(type: string, cb: (r: unknown) => void) {
              asked.push(type);
              cb({ status: "succeeded", value: "Plain text" });
            },
          },
        }),
      },
    });
    await expect(readBodyText()).resolves.toBe("Plain text");
    expect(asked).toEqual(["text"]);
  });

  it("passes Outlook's reason on when the body cannot be read", async () => {
    installOffice({
      mailbox: {
        item: readItem({ body: { getAsync: (_t: string, cb: (r: unknown) => void) => cb({ status: "failed", error: { code: 9020, message: "The item is not available." } }) } }),
      },
    });
    await expect(readBodyText()).rejects.toThrow("The item is not available.");
  });
});
