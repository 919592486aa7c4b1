import type { Address, AttachmentInfo, Body, MailItem, Sensitivity } from "../items";
import { NS } from "./soapEnvelope";
import type { XmlElement } from "./xmlTree";
import { child, childText, children } from "./xmlTree";

/** GetItem's item elements -> our transport-neutral items. Only properties that were requested are read. */

const T = NS.types;

/**
 * The strings an item keeps are cut out of the whole GetItem answer, and V8 keeps the answer alive for as long as any
 * such piece lives: a page's items would hold every answer of the page. A copy lets each answer go after its batch.
 */
function own<S extends string | undefined>(s: S): S {
  return (s === undefined || s.length < 13 ? s : `${s} `.slice(0, -1)) as S;
}

/** A child's text, copied out of the answer. */
const text = (el: XmlElement | undefined, name: string): string | undefined => own(childText(el, T, name));

/** xs:dateTime; EWS sends UTC ("Z"), and a time without a zone is UTC too (no TimeZoneContext is sent). */
function toDate(value: string | undefined): Date | null {
  const v = value?.trim();
  if (!v) return null;
  const ms = Date.parse(/(Z|[+-]\d\d:\d\d)$/i.test(v) ? v : `${v}Z`);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms) : null;
}

function toAddress(mailbox: XmlElement | undefined): Address | null {
  const email = text(mailbox, "EmailAddress")?.trim();
  if (!email) return null;
  return { email: email.toLowerCase(), name: text(mailbox, "Name")?.trim() || null };
}

/** A recipients element (t:Mailbox children) or an attendees element (t:Attendee/t:Mailbox). */
function toAddresses(list: XmlElement | undefined): Address[] {
  const out: Address[] = [];
  for (const c of list?.children ?? []) {
    const a = toAddress(c.name === "Attendee" ? child(c, T, "Mailbox") : c);
    if (a) out.push(a);
  }
  return out;
}

const sensitivities: Record<string, Sensitivity> = { Private: "private", Confidential: "confidential", Personal: "personal" };
const sensitivity = (item: XmlElement): Sensitivity => sensitivities[childText(item, T, "Sensitivity")?.trim() ?? ""] ?? "normal";

const bool = (item: XmlElement, name: string): boolean => childText(item, T, name)?.trim() === "true";

function body(item: XmlElement): Body | null {
  const b = child(item, T, "Body");
  if (!b) return null;
  return { type: b.attrs.BodyType === "HTML" ? "html" : "text", content: own(b.text) };
}

function attachments(item: XmlElement): AttachmentInfo[] {
  return children(child(item, T, "Attachments"), T).map((a) => {
    const size = childText(a, T, "Size");
    return { name: text(a, "Name") ?? "attachment", contentType: text(a, "ContentType") ?? null, size: size !== undefined && Number.isFinite(Number(size)) ? Number(size) : null };
  });
}

// Meeting requests, responses and cancellations are messages about a meeting; the calendar item is what we log.
const meetingMessages = new Set(["MeetingMessage", "MeetingRequest", "MeetingResponse", "MeetingCancellation"]);

export function toMailItem(item: XmlElement): MailItem {
  const itemId = own(child(item, T, "ItemId")?.attrs.Id ?? "");
  const itemClass = text(item, "ItemClass");
  if (item.ns === T && meetingMessages.has(item.name)) return { kind: "other", itemId, itemClass: itemClass ?? "IPM.Schedule.Meeting" };
  if (item.ns === T && item.name === "CalendarItem") {
    const start = toDate(childText(item, T, "Start"));
    return {
      kind: "meeting",
      itemId,
      uid: text(item, "UID") ?? null,
      subject: text(item, "Subject") ?? "",
      organizer: toAddress(child(child(item, T, "Organizer"), T, "Mailbox")),
      requiredAttendees: toAddresses(child(item, T, "RequiredAttendees")),
      optionalAttendees: toAddresses(child(item, T, "OptionalAttendees")),
      start: start ?? new Date(0),
      end: toDate(childText(item, T, "End")) ?? start ?? new Date(0),
      isAllDay: bool(item, "IsAllDayEvent"),
      location: text(item, "Location") || null,
      isCancelled: bool(item, "IsCancelled"),
      sensitivity: sensitivity(item),
      body: body(item),
    };
  }
  if (item.ns === T && item.name === "Message") {
    return {
      kind: "email",
      itemId,
      internetMessageId: text(item, "InternetMessageId") ?? null,
      subject: text(item, "Subject") ?? "",
      from: toAddress(child(child(item, T, "From"), T, "Mailbox")),
      to: toAddresses(child(item, T, "ToRecipients")),
      cc: toAddresses(child(item, T, "CcRecipients")),
      bcc: toAddresses(child(item, T, "BccRecipients")),
      sentAt: toDate(childText(item, T, "DateTimeSent")),
      receivedAt: toDate(childText(item, T, "DateTimeReceived")),
      sensitivity: sensitivity(item),
      body: body(item),
      attachments: attachments(item),
    };
  }
  return { kind: "other", itemId, itemClass: itemClass ?? "IPM" };
}
