import { attentionPlan } from "../../../addin/taskpane/attentionPlan";
import { connectOutcomeNotice } from "../../../addin/taskpane/connectOutcomeNotice";
import { addressesOn, leadGuess, splitPeople } from "../../../addin/taskpane/peopleOnEmail";
import { splitList, validateDraft } from "../../../addin/taskpane/settingsForm";
import { relativeTime } from "../../../addin/taskpane/timeText";

describe("what the attention screen offers (addin/taskpane/attentionPlan)", () => {
  it("Reconnect for a lost or withdrawn grant, the admin link for admin approval, and no blame for our own fault", () => {
    expect(attentionPlan("reconnect_required", "user", false)).toEqual({ actions: ["reconnect"], whoActs: "You can fix this yourself.", adminLink: false });
    expect(attentionPlan("consent_required", "user", false).actions).toEqual(["reconnect"]);
    expect(attentionPlan("admin_approval_required", "tenant_admin", false)).toMatchObject({ actions: ["setUpAgain"], adminLink: true });
    expect(attentionPlan("server_misconfigured", "operator", false).whoActs).toBe("This is not caused by anything you did, and you do not need to do anything.");
    expect(attentionPlan("ews_blocked", "support", false)).toEqual({ actions: ["checkAgain"], whoActs: "Support can see this problem and how to fix it.", adminLink: false });
    expect(attentionPlan("license_blocked", "tenant_admin", false).whoActs).toMatch(/IT administrator/);
  });

  it("an administrator's mailbox has no rep sign-in to renew", () => {
    expect(attentionPlan("reconnect_required", "user", true).actions).toEqual(["checkAgain"]);
  });
});

describe("the connect dialog's outcome as a notice (addin/taskpane/connectOutcomeNotice)", () => {
  it("declined and admin approval carry the link with its wording", () => {
    expect(connectOutcomeNotice({ outcome: "declined", message: "Access was not allowed.", adminConsentUrl: "https://x/l" })).toEqual({
      intent: "warning",
      title: "Sync was not set up",
      text: "Access was not allowed.",
      copyLink: { label: "Need admin approval? Send this link to your administrator", url: "https://x/l" },
    });
    expect(connectOutcomeNotice({ outcome: "connected", email: "adele@contoso.com" })).toMatchObject({ intent: "success", text: expect.stringContaining("adele@contoso.com") });
    expect(connectOutcomeNotice({ outcome: "error", message: "expired" })).toEqual({ intent: "error", title: "Sync was not set up", text: "expired" });
  });
});

describe("the people on an email (addin/taskpane/peopleOnEmail)", () => {
  const email = {
    internetMessageId: "<1@x>",
    subject: "s",
    from: { email: "buyer@fabrikam.com", name: "Bea Buyer" },
    to: [
      { email: "adele@contoso.com", name: "Adele" },
      { email: "buyer@fabrikam.com", name: "Bea" },
    ],
    cc: [{ email: "diego@contoso.com", name: null }],
    sentAt: "2026-11-20T09:30:00.000Z",
  };

  it("everyone but the rep, sender first, each once", () => {
    expect(addressesOn(email, "Adele@contoso.com").map((a) => a.email)).toEqual(["buyer@fabrikam.com", "diego@contoso.com"]);
  });

  it("colleagues apart from customers, by the server's word", () => {
    const split = splitPeople(addressesOn(email, "adele@contoso.com"), [
      { email: "buyer@fabrikam.com", internal: false, crm: null },
      { email: "diego@contoso.com", internal: true, crm: null },
    ]);
    expect(split.external.map((l) => l.email)).toEqual(["buyer@fabrikam.com"]);
    expect(split.internal.map((l) => l.email)).toEqual(["diego@contoso.com"]);
  });

  it("guesses a lead's names and company", () => {
    expect(leadGuess({ email: "sam.stranger@litware.co.uk", displayName: "Sam Q. Stranger" })).toEqual({ firstName: "Sam Q.", lastName: "Stranger", company: "Litware" });
    expect(leadGuess({ email: "sam@litware.com", displayName: "Stranger, Sam" })).toEqual({ firstName: "Sam", lastName: "Stranger", company: "Litware" });
    expect(leadGuess({ email: "info@litware.com", displayName: null })).toEqual({ firstName: "", lastName: "", company: "Litware" });
    expect(leadGuess({ email: "x@litware.com", displayName: "Madonna" })).toEqual({ firstName: "", lastName: "Madonna", company: "Litware" });
  });
});

describe("Sync settings form (addin/taskpane/settingsForm)", () => {
  const draft = { folders: ["inbox", "calendar"] as const, captureLevel: "subject" as const, blockedAddresses: "", blockedDomains: "" };

  it("splits lists on lines, commas and spaces, once each, lower-cased", () => {
    expect(splitList(" A@x.com,\nb@x.com; a@x.com ")).toEqual(["a@x.com", "b@x.com"]);
  });

  it("sends folders in a stable order and domains without a leading @", () => {
    expect(validateDraft({ ...draft, folders: ["calendar", "inbox"], blockedDomains: "@Competitor.com" })).toEqual({
      ok: true,
      value: { folders: ["inbox", "calendar"], captureLevel: "subject", blockedAddresses: [], blockedDomains: ["competitor.com"] },
    });
  });

  it("names each mistake next to its field", () => {
    expect(validateDraft({ ...draft, folders: [], blockedAddresses: "ceo@tailspin.com nobody", blockedDomains: "fabrikam" })).toEqual({
      ok: false,
      errors: { folders: "Choose at least one folder.", blockedAddresses: "Not an email address: nobody", blockedDomains: "Not a domain like fabrikam.com: fabrikam" },
    });
  });
});

describe("times in the pane (addin/taskpane/timeText)", () => {
  const now = new Date("2026-11-22T10:00:00Z");
  it("minutes are counted, hours show the clock", () => {
    expect(relativeTime("2026-11-22T10:12:00Z", now)).toBe("in 12 minutes");
    expect(relativeTime("2026-11-22T09:59:00Z", now)).toBe("1 minute ago");
    expect(relativeTime("2026-11-22T10:00:10Z", now)).toBe("now");
    expect(relativeTime(null, now)).toBeNull();
    expect(relativeTime("garbage", now)).toBeNull();
    expect(relativeTime("2026-11-22T13:00:00Z", now, "UTC")).toMatch(/^at 0?1:00\s?PM$|^at 13:00$/);
  });

  it("tells today from another day in the reader's time zone, not the machine's", () => {
    // 13:00 UTC is 02:00 the next day in Auckland and 05:00 the same day in Los Angeles.
    expect(relativeTime("2026-11-22T13:00:00Z", now, "Pacific/Auckland")).toMatch(/^Nov 23 at |^23 Nov at /);
    expect(relativeTime("2026-11-22T13:00:00Z", now, "America/Los_Angeles")).toMatch(/^at 0?5:00/);
  });
});
