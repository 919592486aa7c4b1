/**
 * What a calendarView shows of a calendar item: a single instance, or the occurrences and exceptions of a series
 * (never the series master; delta-query-events.md). An instance is in the window when it overlaps it.
 */
import type { CalendarItemData, MeetingFields, Recurrence } from "../exchange/model/types";

const DAY = 86_400_000;
/** A series without a numbered range would be endless; the model always numbers it, this bounds a bad one. */
const MAX_OCCURRENCES = 1000;

export interface Instance {
  readonly type: "singleInstance" | "occurrence" | "exception";
  /** The series occurrence's original start (occurrences and exceptions); orders instances and names them. */
  readonly originalStart: number | undefined;
  readonly start: number;
  readonly end: number;
  readonly subject: string;
  readonly location: string;
}

export function originalStarts(meeting: MeetingFields, recurrence: Recurrence): number[] {
  const step = (recurrence.pattern === "daily" ? 1 : 7) * recurrence.interval * DAY;
  const n = Math.min(recurrence.numberOfOccurrences, MAX_OCCURRENCES);
  return Array.from({ length: n }, (_, i) => meeting.start + i * step);
}

/** Every instance of the item, in original-start order, cancelled occurrences left out. */
export function allInstances(data: CalendarItemData): Instance[] {
  const m = data.meeting;
  const r = m.recurrence;
  if (!r) return [{ type: "singleInstance", originalStart: undefined, start: m.start, end: m.end, subject: data.subject, location: m.location }];
  const duration = m.end - m.start;
  const cancelled = new Set(r.cancelled);
  const exceptions = new Map(r.exceptions.map((e) => [e.originalStart, e]));
  const out: Instance[] = [];
  for (const original of originalStarts(m, r)) {
    if (cancelled.has(original)) continue;
    const e = exceptions.get(original);
    out.push(
      e
        ? { type: "exception", originalStart: original, start: e.start, end: e.end, subject: e.subject ?? data.subject, location: e.location ?? m.location }
        : { type: "occurrence", originalStart: original, start: original, end: original + duration, subject: data.subject, location: m.location },
    );
  }
  return out;
}

export const overlaps = (i: { start: number; end: number }, windowStart: number, windowEnd: number): boolean =>
  i.start < windowEnd && (i.end > windowStart || (i.end === i.start && i.start >= windowStart));

export function instancesInWindow(data: CalendarItemData, windowStart: number, windowEnd: number): Instance[] {
  return allInstances(data).filter((i) => overlaps(i, windowStart, windowEnd));
}

/**
 * An occurrence's iCalUId: Outlook's GlobalObjectId with the instance date (year, month, day at bytes 16-19) filled in,
 * where the series' UID (CleanGlobalObjectId form) has zeros — "different for each occurrence" (resources/event.md).
 */
export function occurrenceICalUId(uid: string, originalStart: number): string {
  const d = new Date(originalStart);
  const date = d.getUTCFullYear().toString(16).padStart(4, "0") + (d.getUTCMonth() + 1).toString(16).padStart(2, "0") + d.getUTCDate().toString(16).padStart(2, "0");
  if (/^040000008200E00074C5B7101A82E008/i.test(uid) && uid.length >= 40) return (uid.slice(0, 32) + date + uid.slice(40)).toUpperCase();
  return `${uid}-${date}`;
}
