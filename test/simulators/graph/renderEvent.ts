/**
 * A calendar item or one of its instances as Graph's event resource (shape of user-post-events.md Response 1). Times
 * are UTC (`Prefer: outlook.timezone` absent: "UTC assumed", event-delta.md). A single instance's iCalUId is the EWS
 * UID (GlobalObjectId hex) itself; occurrences get their own (instances.ts).
 */
import type { Attendee, CalendarItemData, ResponseType } from "../exchange/model/types";
import type { Mailbox } from "../exchange/store/mailbox";
import type { LiveItem } from "../exchange/store/folderState";
import { itemGraphId, occurrenceGraphId } from "./ids";
import type { Instance } from "./instances";
import { occurrenceICalUId } from "./instances";

const RESPONSE: Record<ResponseType, string> = {
  Unknown: "none",
  Organizer: "organizer",
  Tentative: "tentativelyAccepted",
  Accept: "accepted",
  Decline: "declined",
  NoResponseReceived: "notResponded",
};
const NO_TIME = "0001-01-01T00:00:00Z";
const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
/** Graph's dateTimeTimeZone: seven fraction digits, no zone letter. */
const local = (ms: number) => ({ dateTime: new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000"), timeZone: "UTC" });
const location = (name: string) => ({ displayName: name, locationType: "default", uniqueIdType: "unknown", address: {}, coordinates: {} });

function attendee(a: Attendee, type: "required" | "optional") {
  return { type, status: { response: RESPONSE[a.response], time: NO_TIME }, emailAddress: { name: a.person.name, address: a.person.email } };
}

export function masterGraphId(mailbox: Mailbox, item: LiveItem, immutable: boolean): string {
  return itemGraphId(mailbox, "calendar", item.key, immutable);
}

/** `instance` undefined renders the stored item itself (a single instance, or the series master with its pattern). */
export function renderEvent(mailbox: Mailbox, item: LiveItem, instance: Instance | undefined, immutable: boolean): Record<string, unknown> {
  const d = item.data as CalendarItemData;
  const m = d.meeting;
  const masterId = masterGraphId(mailbox, item, immutable);
  const isSeries = !!m.recurrence;
  const original = instance?.originalStart;
  const id = original !== undefined ? occurrenceGraphId(masterId, original) : masterId;
  const type = instance ? instance.type : isSeries ? "seriesMaster" : "singleInstance";
  const changeKey = mailbox.changeKey(item.version);
  const start = instance?.start ?? m.start;
  const end = instance?.end ?? m.end;
  const subject = instance?.subject ?? d.subject;
  const where = instance?.location ?? m.location;
  return {
    "@odata.type": "#microsoft.graph.event",
    "@odata.etag": `W/"${changeKey}"`,
    id,
    createdDateTime: iso(d.created),
    lastModifiedDateTime: iso(d.lastModified),
    changeKey,
    categories: [],
    transactionId: null,
    originalStartTimeZone: "UTC",
    originalEndTimeZone: "UTC",
    iCalUId: original !== undefined ? occurrenceICalUId(m.uid, original) : m.uid,
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    hasAttachments: d.attachments.length > 0,
    subject,
    bodyPreview: d.body.slice(0, 255),
    importance: d.importance.toLowerCase(),
    sensitivity: d.sensitivity.toLowerCase(),
    isAllDay: m.isAllDay,
    isCancelled: m.isCancelled,
    isOrganizer: d.myResponse === "Organizer",
    responseRequested: true,
    seriesMasterId: original !== undefined ? masterId : null,
    // Only occurrences and exceptions have it ("not returned for events that are single instances", event.md).
    ...(original !== undefined ? { originalStart: iso(original) } : {}),
    showAs: m.isCancelled ? "free" : "busy",
    type,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    onlineMeeting: null,
    isOnlineMeeting: false,
    onlineMeetingProvider: "unknown",
    allowNewTimeProposals: true,
    isDraft: false,
    hideAttendees: false,
    responseStatus: { response: RESPONSE[d.myResponse], time: NO_TIME },
    body: { contentType: "html", content: `<html><head></head><body>${d.body.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</body></html>` },
    start: local(start),
    end: local(end),
    location: location(where),
    locations: where ? [{ displayName: where, locationType: "default", uniqueIdType: "unknown" }] : [],
    recurrence: type === "seriesMaster" && m.recurrence ? pattern(m.start, m.recurrence) : null,
    attendees: [...m.required.map((a) => attendee(a, "required")), ...m.optional.map((a) => attendee(a, "optional"))],
    organizer: { emailAddress: { name: m.organizer.name, address: m.organizer.email } },
  };
}

function pattern(start: number, r: NonNullable<CalendarItemData["meeting"]["recurrence"]>) {
  const date = new Date(start).toISOString().slice(0, 10);
  return {
    pattern: {
      type: r.pattern,
      interval: r.interval,
      month: 0,
      dayOfMonth: 0,
      daysOfWeek: r.pattern === "weekly" ? [DAYS[new Date(start).getUTCDay()]] : [],
      firstDayOfWeek: "sunday",
      index: "first",
    },
    range: { type: "numbered", startDate: date, endDate: "0001-01-01", recurrenceTimeZone: "UTC", numberOfOccurrences: r.numberOfOccurrences },
  };
}
