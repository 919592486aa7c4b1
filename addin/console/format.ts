/** Times, durations and counts as the console shows them. `now` is a parameter so tests need no clock. */

const dateTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** "31 Jan 2025, 14:05:09" in the reader's time zone, or "—". */
export function formatDateTime(iso: string | null): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/** "just now", "5 min ago", "in 12 min", "3 h ago", "2 days ago"; "—" for none. */
export function formatRelative(iso: string | null, now: number): string {
  if (!iso) return "—";
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const seconds = Math.round((t - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  const say = (n: number, unit: string) => (seconds < 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`);
  if (abs < 3600) return say(Math.max(1, Math.round(abs / 60)), "min");
  if (abs < 48 * 3600) return say(Math.round(abs / 3600), "h");
  const days = Math.round(abs / 86400);
  return say(days, days === 1 ? "day" : "days");
}

/** "840 ms", "4.2 s", "2 min 05 s", "—" when the run has not ended. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  return `${minutes} min ${String(totalSeconds % 60).padStart(2, "0")} s`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** "no_sender: 3, blocked_domain: 1", or "—": the run's skipped items by reason. */
export function formatSkipped(skipped: Readonly<Record<string, number>>): string {
  const parts = Object.entries(skipped)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reason, n]) => `${reason.replace(/_/g, " ")}: ${formatCount(n)}`);
  return parts.length ? parts.join(", ") : "—";
}
