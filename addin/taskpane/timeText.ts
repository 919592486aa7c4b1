/**
 * Times as a rep reads them in a narrow pane: "5 minutes ago", "in 12 minutes", or the clock time when it is further
 * away. `now` is a parameter so tests pin it.
 */
export function relativeTime(iso: string | null, now: Date = new Date()): string | null {
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
  const sameDay = at.toDateString() === now.toDateString();
  const clock = at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return sameDay ? `at ${clock}` : `${at.toLocaleDateString(undefined, { day: "numeric", month: "short" })} at ${clock}`;
}
