import type { Address, Body, MailItem, Sensitivity } from "../items";
import { seriesUidOf } from "./globalObjectId";

/**
 * Graph's message and event resources in our transport-neutral words. Graph's message has no sensitivity property
 * (events do): Outlook's PidTagSensitivity arrives as a single-value extended property when asked for (Mail.Read).
 */

/** PidTagSensitivity (0x0036, PT_LONG), in the `$expand` filter and as Graph spells it back ("Integer 0x36"). */
export const SENSITIVITY_PROPERTY_FILTER = "singleValueExtendedProperties($filter=id eq 'Integer 0x0036')";

/** Exactly what an email activity needs; `body` only when the capture level keeps bodies. */
export function messageSelect(withBody: boolean): string {
  return ["internetMessageId", "subject", "from", "toRecipients", "ccRecipients", "bccRecipients", "sentDateTime", "receivedDateTime", ...(withBody ? ["body"] : [])].join(",");
}

type Json = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

function address(v: unknown): Address | null {
  const e = (v as { emailAddress?: { address?: unknown; name?: unknown } } | null)?.emailAddress;
  const email = str(e?.address)?.trim();
  return email ? { email, name: str(e?.name) } : null;
}

const addresses = (v: unknown): Address[] => (Array.isArray(v) ? v.map(address).filter((a): a is Address => a !== null) : []);

function date(v: unknown): Date | null {
  const s = str(v);
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** dateTimeTimeZone without `Prefer: outlook.timezone` is UTC ("UTC assumed", event-delta.md), written without a zone letter. */
function eventTime(v: unknown): Date | null {
  const dt = str((v as { dateTime?: unknown } | null)?.dateTime);
  if (!dt) return null;
  return date(/[zZ]|[+-]\d\d:\d\d$/.test(dt) ? dt : `${dt}Z`);
}

function body(v: unknown): Body | null {
  const b = v as { contentType?: unknown; content?: unknown } | null;
  const content = str(b?.content);
  if (content === null) return null;
  return { type: str(b?.contentType)?.toLowerCase() === "text" ? "text" : "html", content };
}

const SENSITIVITY_BY_VALUE: Readonly<Record<string, Sensitivity>> = { "0": "normal", "1": "personal", "2": "private", "3": "confidential" };

function messageSensitivity(m: Json): Sensitivity {
  const props = m.singleValueExtendedProperties;
  if (!Array.isArray(props)) return "normal";
  for (const p of props as { id?: unknown; value?: unknown }[]) {
    const id = str(p.id)?.toLowerCase().replace(/\s+/g, " ");
    // "Integer 0x36" as Graph normalises it; "Integer 0x0036" as some clients write it.
    if (id === "integer 0x36" || id === "integer 0x0036") return SENSITIVITY_BY_VALUE[String(p.value)] ?? "normal";
  }
  return "normal";
}

const EVENT_SENSITIVITY: Readonly<Record<string, Sensitivity>> = { normal: "normal", personal: "personal", private: "private", confidential: "confidential" };

/** A message from a delta page or a GET; meeting requests and responses (eventMessage*) are never activities themselves. */
export function messageItem(m: Json, withBody: boolean): MailItem {
  const id = String(m.id);
  const type = str(m["@odata.type"]) ?? "#microsoft.graph.message";
  if (type !== "#microsoft.graph.message") return { kind: "other", itemId: id, itemClass: type.replace(/^#microsoft\.graph\./, "") };
  return {
    kind: "email",
    itemId: id,
    internetMessageId: str(m.internetMessageId),
    subject: str(m.subject) ?? "",
    from: address(m.from),
    to: addresses(m.toRecipients),
    cc: addresses(m.ccRecipients),
    bcc: addresses(m.bccRecipients),
    sentAt: date(m.sentDateTime),
    receivedAt: date(m.receivedDateTime),
    sensitivity: messageSensitivity(m),
    body: withBody ? body(m.body) : null,
    attachments: [],
  };
}

/** Whether a delta entry carries what an activity needs, or only the changed properties (then it is fetched). */
export function isCompleteMessage(m: Json): boolean {
  return "receivedDateTime" in m || "sentDateTime" in m;
}

/** One event instance (single, occurrence or exception): each occurrence is its own meeting, keyed by its own iCalUId. */
export function eventItem(e: Json, withBody: boolean): MailItem {
  const id = String(e.id);
  const start = eventTime(e.start);
  const end = eventTime(e.end);
  if (!start || !end) return { kind: "other", itemId: id, itemClass: "event without times" };
  const attendees = Array.isArray(e.attendees) ? (e.attendees as { type?: unknown }[]) : [];
  const ofType = (t: string) => addresses(attendees.filter((a) => a.type === t));
  return {
    kind: "meeting",
    itemId: id,
    uid: str(e.iCalUId),
    seriesUid: seriesUidOf(str(e.iCalUId)),
    subject: str(e.subject) ?? "",
    organizer: address(e.organizer),
    requiredAttendees: ofType("required"),
    optionalAttendees: ofType("optional"),
    start,
    end,
    isAllDay: e.isAllDay === true,
    location: str((e.location as { displayName?: unknown } | null)?.displayName) || null,
    isCancelled: e.isCancelled === true,
    sensitivity: EVENT_SENSITIVITY[str(e.sensitivity)?.toLowerCase() ?? ""] ?? "normal",
    body: withBody ? body(e.body) : null,
  };
}
