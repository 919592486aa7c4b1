import type { EmailItem, MeetingItem } from "../../server/mailbox/items";
import { descriptionFor, htmlToText, subjectFor } from "../../server/sync/activityText";
import { crmKey, dedupKey } from "../../server/sync/activityKey";
import type { SyncPolicy } from "../../server/sync/policy";
import { screen } from "../../server/sync/policy";
import { effectivePolicy } from "../../server/sync/policyFor";

const policy: SyncPolicy = {
  internalDomains: ["contoso.com"],
  blockedAddresses: ["noreply@fabrikam.com"],
  blockedDomains: ["gmail.com"],
  captureLevel: "full_body",
  notBefore: new Date("2026-01-01T00:00:00Z"),
  skipConfidential: true,
};

function email(over: Partial<EmailItem> = {}): EmailItem {
  return {
    kind: "email",
    itemId: "AAMk1",
    internetMessageId: "<abc@fabrikam.com>",
    subject: "Quote",
    from: { email: "rep@contoso.com", name: "Rep" },
    to: [{ email: "Buyer@Fabrikam.com", name: "Buyer" }],
    cc: [],
    bcc: [],
    sentAt: new Date("2026-11-01T10:00:00Z"),
    receivedAt: null,
    sensitivity: "normal",
    body: { type: "html", content: "<p>Hello&nbsp;there</p><script>x()</script><p>Price: 5 &lt; 6</p>" },
    attachments: [{ name: "quote.pdf", contentType: "application/pdf", size: 1000 }],
    ...over,
  };
}

describe("policy screening", () => {
  it("passes mail with an external participant, lower-cased", () => {
    expect(screen(email(), policy, "rep@contoso.com")).toEqual({ pass: true, external: ["buyer@fabrikam.com"] });
  });

  it("skips private items, internal-only mail, blocked addresses and domains, and items before the back-fill window", () => {
    expect(screen(email({ sensitivity: "private" }), policy, "rep@contoso.com")).toEqual({ pass: false, reason: "private" });
    expect(screen(email({ to: [{ email: "boss@contoso.com", name: null }] }), policy, "rep@contoso.com")).toEqual({ pass: false, reason: "internal_only" });
    expect(screen(email({ to: [{ email: "noreply@fabrikam.com", name: null }, { email: "a@gmail.com", name: null }] }), policy, "rep@contoso.com")).toEqual({
      pass: false,
      reason: "blocked",
    });
    expect(screen(email({ sentAt: new Date("2025-06-01T00:00:00Z") }), policy, "rep@contoso.com")).toEqual({ pass: false, reason: "too_old" });
  });

  it("skips Confidential items like Private ones by default, as an organisation setting a rep cannot loosen", () => {
    const now = new Date();
    const byDefault = effectivePolicy({}, {}, { backfillDays: 0 }, now);
    expect(screen(email({ sensitivity: "confidential" }), byDefault, "rep@contoso.com")).toEqual({ pass: false, reason: "confidential" });
    const orgLogs = effectivePolicy({ skipConfidential: false }, {}, { backfillDays: 0 }, now);
    expect(screen(email({ sensitivity: "confidential" }), orgLogs, "rep@contoso.com")).toEqual({ pass: true, external: ["buyer@fabrikam.com"] });
    expect(effectivePolicy({ skipConfidential: false }, { skipConfidential: true }, { backfillDays: 0 }, now).skipConfidential).toBe(true);
    expect(effectivePolicy({}, { skipConfidential: false }, { backfillDays: 0 }, now).skipConfidential).toBe(true);
    expect(screen(email({ sensitivity: "personal" }), byDefault, "rep@contoso.com").pass).toBe(true);
  });

  it("treats the mailbox's own domain as internal even when not configured", () => {
    expect(screen(email({ from: { email: "rep@northwind.com", name: null }, to: [{ email: "x@northwind.com", name: null }] }), { ...policy, internalDomains: [] }, "rep@northwind.com")).toEqual({
      pass: false,
      reason: "internal_only",
    });
  });

  it("screens meetings by organizer and attendees", () => {
    const meeting: MeetingItem = {
      kind: "meeting",
      itemId: "AAMk2",
      uid: "040000008200E00074C5B7101A82E008",
      subject: "Demo",
      organizer: { email: "rep@contoso.com", name: null },
      requiredAttendees: [{ email: "cto@fabrikam.com", name: null }],
      optionalAttendees: [],
      start: new Date("2026-11-20T10:00:00Z"),
      end: new Date("2026-11-20T11:00:00Z"),
      isAllDay: false,
      location: null,
      isCancelled: false,
      sensitivity: "normal",
      body: null,
    };
    expect(screen(meeting, policy, "rep@contoso.com")).toEqual({ pass: true, external: ["cto@fabrikam.com"] });
    expect(dedupKey(meeting, "m1")).toBe("cal:040000008200e00074c5b7101a82e008");
  });
});

describe("activity text", () => {
  it("writes as much as the capture level allows", () => {
    expect(subjectFor(email(), "metadata")).toBe("Email");
    expect(subjectFor(email(), "subject")).toBe("Email: Quote");
    expect(descriptionFor(email(), "subject")).toBe("Participants: Rep <rep@contoso.com>, Buyer <Buyer@Fabrikam.com>");
    const full = descriptionFor(email(), "full_body");
    expect(full).toContain("Attachments: quote.pdf");
    expect(full).toContain("Hello there");
    expect(full).toContain("Price: 5 < 6");
    expect(full).not.toContain("x()");
  });

  it("ends a subject too long for Salesforce's 255 characters with an ellipsis and keeps the whole subject in the description", () => {
    const long = `Renewal ${"and quote ".repeat(40)}end`;
    const subject = subjectFor(email({ subject: long }), "subject");
    expect(subject).toHaveLength(255);
    expect(subject.endsWith("…")).toBe(true);
    expect(subject.startsWith("Email: Renewal and quote")).toBe(true);
    expect(descriptionFor(email({ subject: long }), "subject")).toBe(`Subject: ${long}\nParticipants: Rep <rep@contoso.com>, Buyer <Buyer@Fabrikam.com>`);
    // A subject that fits is left alone, with no extra line.
    expect(descriptionFor(email(), "full_body").startsWith("Participants:")).toBe(true);
    // An emoji is never cut in half.
    const emoji = subjectFor(email({ subject: `${"x".repeat(246)}😀😀😀😀` }), "subject");
    expect(emoji.endsWith("…")).toBe(true);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF]…$/);
  });

  it("strips markup from HTML bodies", () => {
    expect(htmlToText("<div>a<br>b</div><style>p{}</style>")).toBe("a\nb");
  });

  it("keys the same email identically from any mailbox, and differently per tenant in the CRM", () => {
    expect(dedupKey(email(), "m1")).toBe(dedupKey(email({ itemId: "other", internetMessageId: "abc@FABRIKAM.com" }), "m2"));
    expect(dedupKey(email({ internetMessageId: null }), "m1")).toBe("item:m1:AAMk1");
    expect(crmKey("t1", "msg:abc")).not.toBe(crmKey("t2", "msg:abc"));
    expect(crmKey("t1", "msg:abc")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
