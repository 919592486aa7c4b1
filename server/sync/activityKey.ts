import { createHash } from "node:crypto";
import type { MailItem } from "../mailbox/items";

/**
 * What makes two mailbox items the same CRM activity: the Internet Message-ID of an email, the iCalendar UID of a
 * meeting, both as every participant's mailbox sees them. Without one, the item stands alone.
 */
export function emailKey(internetMessageId: string): string {
  return `msg:${internetMessageId.trim().replace(/^<|>$/g, "").toLowerCase()}`;
}

export function dedupKey(item: MailItem, mailboxId: string): string {
  if (item.kind === "email" && item.internetMessageId) return emailKey(item.internetMessageId);
  if (item.kind === "meeting" && item.uid) return `cal:${item.uid.trim().toLowerCase()}`;
  if (item.kind === "meeting") return `item:${mailboxId}:cal:${item.itemId}`;
  return `item:${mailboxId}:${item.itemId}`;
}

/** A meeting's key (by iCalendar UID, or by item without one): the only activities a deleted mailbox item takes out of the CRM. */
export function isMeetingKey(key: string): boolean {
  return key.startsWith("cal:") || key.includes(":cal:");
}

/** The CRM's external id: fixed length, no characters a CRM field could reject, scoped to the tenant. */
export function crmKey(tenantId: string, key: string): string {
  return createHash("sha256").update(`${tenantId}|${key}`).digest("base64url");
}
