/**
 * calendarView/delta follows one fixed date window per round (event-delta.md): the window is chosen when a round
 * starts and travels inside its links. Our cursor keeps the window beside the link so a later turn knows when the
 * rolling window (backfill days back, horizon days ahead) has moved on and a new round must begin.
 */
export interface CalendarWindow {
  /** ISO 8601, UTC midnight. */
  readonly start: string;
  readonly end: string;
}

export interface CalendarCursor {
  readonly window: CalendarWindow;
  /** The round's newest nextLink or deltaLink; null: start a round over `window`. */
  readonly link: string | null;
}

const DAY_MS = 86_400_000;

/** Today's window, whole UTC days, so it moves once a day rather than on every turn. */
export function windowFor(now: Date, backDays: number, aheadDays: number): CalendarWindow {
  const midnight = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return { start: new Date(midnight - backDays * DAY_MS).toISOString(), end: new Date(midnight + (aheadDays + 1) * DAY_MS).toISOString() };
}

export const sameWindow = (a: CalendarWindow, b: CalendarWindow) => a.start === b.start && a.end === b.end;

const PREFIX = "cal1:";

export function encodeCalendarCursor(c: CalendarCursor): string {
  return `${PREFIX}${JSON.stringify({ s: c.window.start, e: c.window.end, l: c.link })}`;
}

/** null for anything that is not our cursor (a cursor saved by another transport): the folder then starts over. */
export function decodeCalendarCursor(raw: string): CalendarCursor | null {
  if (!raw.startsWith(PREFIX)) return null;
  try {
    const v = JSON.parse(raw.slice(PREFIX.length)) as { s?: unknown; e?: unknown; l?: unknown };
    if (typeof v.s !== "string" || typeof v.e !== "string" || (v.l !== null && typeof v.l !== "string")) return null;
    return { window: { start: v.s, end: v.e }, link: v.l };
  } catch {
    return null;
  }
}
