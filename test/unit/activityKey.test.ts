import type { MailItem } from "../../server/mailbox/items";
import { dedupKey, isMeetingKey } from "../../server/sync/activityKey";

/**
 * Sync links a mailbox item to its activity only when the key is a meeting's (a deleted email leaves the CRM alone), so
 * every key dedupKey makes for a meeting must read as one, and no email's or other item's key may.
 */
const as = (item: Partial<MailItem> & Pick<MailItem, "kind" | "itemId">) => item as MailItem;
const mailbox = "7c0b8d4e-0000-4000-8000-000000000001";

describe("isMeetingKey", () => {
  it("holds for a meeting's key, with an iCalendar UID or without one", () => {
    expect(isMeetingKey(dedupKey(as({ kind: "meeting", itemId: "AAMk1", uid: "040000008200E00074C5B7101A82E008" }), mailbox))).toBe(true);
    expect(isMeetingKey(dedupKey(as({ kind: "meeting", itemId: "AAMk2", uid: null }), mailbox))).toBe(true);
  });

  it("does not hold for an email's key or another item's", () => {
    expect(isMeetingKey(dedupKey(as({ kind: "email", itemId: "AAMk3", internetMessageId: "<a1@contoso.com>" }), mailbox))).toBe(false);
    expect(isMeetingKey(dedupKey(as({ kind: "email", itemId: "AAMk4", internetMessageId: null }), mailbox))).toBe(false);
    expect(isMeetingKey(dedupKey(as({ kind: "other", itemId: "AAMk5" }), mailbox))).toBe(false);
  });
});
