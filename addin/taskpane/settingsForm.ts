import type { CaptureLevelChoice, FolderChoice, MailboxSettingsView } from "../api";

/** The Sync settings form as the rep edits it: lists as free text, one entry per line. */
export interface SettingsDraft {
  readonly folders: readonly FolderChoice[];
  readonly captureLevel: CaptureLevelChoice;
  readonly blockedAddresses: string;
  readonly blockedDomains: string;
}

export type SettingsErrors = Partial<Record<"folders" | "blockedAddresses" | "blockedDomains", string>>;

export const folderLabels: Readonly<Record<FolderChoice, string>> = { inbox: "Inbox", sentitems: "Sent Items", calendar: "Calendar" };
export const folderOrder: readonly FolderChoice[] = ["inbox", "sentitems", "calendar"];

export const captureLabels: Readonly<Record<CaptureLevelChoice, { label: string; hint: string }>> = {
  metadata: { label: "Who and when", hint: "Only the people and the time; no subject, no text." },
  subject: { label: "Who, when and subject", hint: "Adds the subject line." },
  full_body: { label: "Everything", hint: "Adds the email's text (attachments are never copied)." },
};

// The same shapes the server accepts (server/sync/policyFor.ts), so the form catches mistakes before a round trip.
const addressPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const domainPattern = /^[a-z0-9.-]+\.[a-z]{2,}$/;

export function toDraft(s: MailboxSettingsView): SettingsDraft {
  return { folders: s.folders, captureLevel: s.captureLevel, blockedAddresses: s.blockedAddresses.join("\n"), blockedDomains: s.blockedDomains.join("\n") };
}

/** Splits free text on new lines, commas, semicolons and spaces; lower-cases; drops blanks and repeats. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((e) => e.trim().toLowerCase()).filter(Boolean))];
}

function invalidEntries(entries: readonly string[], valid: (e: string) => boolean): string[] {
  return entries.filter((e) => !valid(e));
}

/** The settings to send, or the problems to show next to each field. */
export function validateDraft(d: SettingsDraft): { ok: true; value: MailboxSettingsView } | { ok: false; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  if (d.folders.length === 0) errors.folders = "Choose at least one folder.";
  const addresses = splitList(d.blockedAddresses);
  // "@fabrikam.com" is a common way to write a domain: accept it.
  const domains = splitList(d.blockedDomains).map((e) => e.replace(/^@/, ""));
  const badAddresses = invalidEntries(addresses, (e) => addressPattern.test(e));
  const badDomains = invalidEntries(domains, (e) => domainPattern.test(e));
  if (badAddresses.length > 0) errors.blockedAddresses = `Not an email address: ${badAddresses.slice(0, 3).join(", ")}${badAddresses.length > 3 ? "…" : ""}`;
  if (badDomains.length > 0) errors.blockedDomains = `Not a domain like fabrikam.com: ${badDomains.slice(0, 3).join(", ")}${badDomains.length > 3 ? "…" : ""}`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const folders = folderOrder.filter((f) => d.folders.includes(f));
  return { ok: true, value: { folders, captureLevel: d.captureLevel, blockedAddresses: addresses, blockedDomains: domains } };
}
