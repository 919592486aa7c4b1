import type { ActivityItem, Address, MailItem } from "../mailbox/items";

/** How much of an email reaches the CRM. */
export type CaptureLevel = "metadata" | "subject" | "full_body";

export interface SyncPolicy {
  /** The organisation's own domains: mail among these only is internal. */
  readonly internalDomains: readonly string[];
  readonly blockedAddresses: readonly string[];
  readonly blockedDomains: readonly string[];
  readonly captureLevel: CaptureLevel;
  /** Items older than this are not back-filled on a first sync. */
  readonly notBefore: Date | null;
  /** Items marked Confidential are skipped like Private ones (the organisation's choice; on by default). */
  readonly skipConfidential: boolean;
}

export const skipReasons = ["private", "confidential", "internal_only", "blocked", "no_crm_match", "too_old", "not_an_activity", "logged_as_series", "logged_as_occurrences"] as const;
export type SkipReason = (typeof skipReasons)[number];

export type Screening = { readonly pass: true; readonly external: readonly string[] } | { readonly pass: false; readonly reason: SkipReason };

const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();

export function participants(item: ActivityItem): Address[] {
  return item.kind === "email"
    ? [...(item.from ? [item.from] : []), ...item.to, ...item.cc, ...item.bcc]
    : [...(item.organizer ? [item.organizer] : []), ...item.requiredAttendees, ...item.optionalAttendees];
}

export function itemDate(item: ActivityItem): Date | null {
  return item.kind === "email" ? (item.sentAt ?? item.receivedAt) : item.start;
}

/**
 * Everything decidable without the CRM: privacy, age, internal-only, blocked. Returns the external addresses
 * worth looking up in the CRM.
 */
export function screen(item: MailItem, policy: SyncPolicy, ownerEmail: string): Screening {
  if (item.kind === "other") return { pass: false, reason: "not_an_activity" };
  if (item.sensitivity === "private") return { pass: false, reason: "private" };
  if (item.sensitivity === "confidential" && policy.skipConfidential) return { pass: false, reason: "confidential" };
  const date = itemDate(item);
  if (policy.notBefore && date && date < policy.notBefore) return { pass: false, reason: "too_old" };
  const internal = new Set(policy.internalDomains.map((d) => d.toLowerCase()));
  internal.add(domainOf(ownerEmail));
  const owner = ownerEmail.toLowerCase();
  const external = [...new Set(participants(item).map((a) => a.email.trim().toLowerCase()))].filter(
    (e) => e.includes("@") && e !== owner && !internal.has(domainOf(e)),
  );
  if (external.length === 0) return { pass: false, reason: "internal_only" };
  const blockedAddresses = new Set(policy.blockedAddresses.map((a) => a.toLowerCase()));
  const blockedDomains = new Set(policy.blockedDomains.map((d) => d.toLowerCase()));
  const allowed = external.filter((e) => !blockedAddresses.has(e) && !blockedDomains.has(domainOf(e)));
  if (allowed.length === 0) return { pass: false, reason: "blocked" };
  return { pass: true, external: allowed };
}
