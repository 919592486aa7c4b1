/**
 * Times as a rep reads them in a narrow pane: "5 minutes ago", "in 12 minutes", or the clock time when it is further
 * away, in the reader's time zone. `now` and `timeZone` are parameters so tests pin them (a test that relied on the
 * machine's zone would pass in one country and fail in another).
 */
export function relativeTime(iso: string | null, now: Date = new Date(), timeZone?: string): string | null {
  if (!iso) return null;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  const minutes = Math.round((at.getTime() - now.getTime()) / 60_000);
  if (minutes === 0) return "now";
  const abs = Math.abs(minutes);
  if (abs < 60) {
    const span = `${abs} minute${abs === 1 ? "" : "s"}`;
    return minutes > 0 ? `in ${span}` : `${span} ago`;
  }
  const dayOf = (d: Date) => d.toLocaleDateString("en-CA", { timeZone });
  const sameDay = dayOf(at) === dayOf(now);
  const clock = at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", timeZone });
  return sameDay ? `at ${clock}` : `${at.toLocaleDateString(undefined, { day: "numeric", month: "short", timeZone })} at ${clock}`;
}
