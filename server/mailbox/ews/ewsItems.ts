import type { EmailAddress, Item } from "ews-javascript-api";
import { Appointment, BodyType, EmailMessage, FileAttachment, MeetingMessage, Sensitivity as EwsSensitivity } from "ews-javascript-api";
import type { Address, AttachmentInfo, Body, MailItem, Sensitivity } from "../items";

/** ews-javascript-api items -> our transport-neutral items. Only properties that were requested are read. */

type DateLike = { TotalMilliSeconds?: number; valueOf(): number } | null | undefined;
const toDate = (d: DateLike): Date | null => {
  if (!d) return null;
  const ms = d.valueOf();
  return Number.isFinite(ms) && ms > 0 ? new Date(ms) : null;
};

const toAddress = (a: EmailAddress | null | undefined): Address | null =>
  a && a.Address ? { email: a.Address.trim().toLowerCase(), name: a.Name?.trim() || null } : null;

const toAddresses = (c: { GetEnumerator(): EmailAddress[] } | null | undefined): Address[] =>
  (c?.GetEnumerator() ?? []).map(toAddress).filter((a): a is Address => a !== null);

const sensitivity = (s: EwsSensitivity | undefined): Sensitivity =>
  s === EwsSensitivity.Private ? "private" : s === EwsSensitivity.Confidential ? "confidential" : s === EwsSensitivity.Personal ? "personal" : "normal";

/** A property we did not ask for throws (ServiceObjectPropertyException), as against real Exchange: read defensively. */
function read<T>(get: () => T, fallback: T): T {
  try {
    return get() ?? fallback;
  } catch {
    return fallback;
  }
}

function body(item: Item): Body | null {
  const b = read(() => item.Body, null);
  if (!b || b.Text === null || b.Text === undefined) return null;
  return { type: b.BodyType === BodyType.HTML ? "html" : "text", content: b.Text };
}

function attachments(item: Item): AttachmentInfo[] {
  return read(() => item.Attachments.GetEnumerator(), []).map((a) => ({
    name: a.Name ?? "attachment",
    contentType: a.ContentType ?? null,
    size: a instanceof FileAttachment || typeof a.Size === "number" ? a.Size : null,
  }));
}

export function toMailItem(item: Item): MailItem {
  const itemId = item.Id.UniqueId;
  // Meeting requests, responses and cancellations are messages about a meeting; the calendar item is what we log.
  if (item instanceof MeetingMessage) return { kind: "other", itemId, itemClass: read(() => item.ItemClass, "IPM.Schedule.Meeting") };
  if (item instanceof Appointment) {
    const start = toDate(read(() => item.Start, null));
    return {
      kind: "meeting",
      itemId,
      uid: read(() => item.ICalUid, null),
      subject: read(() => item.Subject, ""),
      organizer: toAddress(read(() => item.Organizer, null)),
      requiredAttendees: toAddresses(read(() => item.RequiredAttendees, null)),
      optionalAttendees: toAddresses(read(() => item.OptionalAttendees, null)),
      start: start ?? new Date(0),
      end: toDate(read(() => item.End, null)) ?? start ?? new Date(0),
      isAllDay: read(() => item.IsAllDayEvent, false),
      location: read(() => item.Location, null) || null,
      isCancelled: read(() => item.IsCancelled, false),
      sensitivity: sensitivity(read(() => item.Sensitivity, undefined)),
      body: body(item),
    };
  }
  if (item instanceof EmailMessage) {
    return {
      kind: "email",
      itemId,
      internetMessageId: read(() => item.InternetMessageId, null),
      subject: read(() => item.Subject, ""),
      from: toAddress(read(() => item.From, null)),
      to: toAddresses(read(() => item.ToRecipients, null)),
      cc: toAddresses(read(() => item.CcRecipients, null)),
      bcc: toAddresses(read(() => item.BccRecipients, null)),
      sentAt: toDate(read(() => item.DateTimeSent, null)),
      receivedAt: toDate(read(() => item.DateTimeReceived, null)),
      sensitivity: sensitivity(read(() => item.Sensitivity, undefined)),
      body: body(item),
      attachments: attachments(item),
    };
  }
  return { kind: "other", itemId, itemClass: read(() => item.ItemClass, "IPM") };
}
