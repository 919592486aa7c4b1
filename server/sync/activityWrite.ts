import { createHash } from "node:crypto";
import type { ActivityWrite, CrmPerson } from "../crm/crmSink";
import type { ActivityItem } from "../mailbox/items";
import type { KnownActivity } from "../store/syncRepository";
import { crmKey } from "./activityKey";
import { descriptionFor, subjectFor } from "./activityText";
import type { SyncPolicy } from "./policy";
import { itemDate } from "./policy";

/** The CRM write for an item, shared by background sync and "Log this email": the same key, owner and people rules. */
export function toWrite(target: { tenantId: string; ownerEmail: string }, item: ActivityItem, key: string, who: readonly CrmPerson[], prior: KnownActivity | undefined, policy: SyncPolicy): ActivityWrite {
  // Contacts before leads; then everyone an earlier mailbox already linked (a Bcc only the sender saw stays linked).
  const ordered = [...who].sort((x, y) => (x.kind === y.kind ? 0 : x.kind === "contact" ? -1 : 1));
  const whoIds = [...new Set([...(prior?.whoIds ?? []), ...ordered.map((p) => p.id)])];
  const primary = ordered[0];
  const start = itemDate(item) ?? new Date(0);
  const subject = subjectFor(item, policy.captureLevel);
  return {
    key: crmKey(target.tenantId, key),
    kind: item.kind,
    subject,
    description: descriptionFor(item, policy.captureLevel),
    start,
    end: item.kind === "meeting" ? item.end : null,
    isAllDay: item.kind === "meeting" ? item.isAllDay : false,
    location: item.kind === "meeting" ? item.location : null,
    whoIds,
    whatId: primary?.accountId ?? null,
    ownerEmail: prior?.ownerEmail ?? target.ownerEmail,
    cancelled: item.kind === "meeting" && item.isCancelled,
  };
}

/** What a write would put in the CRM, to skip writes that change nothing. */
export function contentHash(w: ActivityWrite): string {
  return createHash("sha256")
    .update(JSON.stringify([w.kind, w.subject, w.description, w.start.toISOString(), w.end?.toISOString() ?? null, w.isAllDay, w.location, w.whoIds, w.whatId, w.cancelled]))
    .digest("base64url");
}
