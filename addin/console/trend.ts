/** The overview's 24-hour failures chart as geometry: plain numbers, drawn as SVG by TrendChart. */
import type { ConsoleOverview } from "../../server/api/consoleContract";
import { formatCount } from "./format";

export type TrendBucket = ConsoleOverview["trend"][number];

export interface TrendBar {
  readonly hour: string;
  readonly x: number;
  readonly width: number;
  /** Top of the failed bar and its height, in the plot's coordinates (y grows downwards). */
  readonly y: number;
  readonly height: number;
  readonly failed: number;
  readonly ok: number;
  /** Failed share of the hour's runs, 0..1 (0 when nothing ran). */
  readonly failureRate: number;
}

export interface TrendGeometry {
  readonly bars: readonly TrendBar[];
  /** The value at the top of the axis: a round number at or above the busiest hour, at least 1. */
  readonly max: number;
  readonly totalFailed: number;
  readonly totalOk: number;
  /** The hour with the most failures, or null when there were none. */
  readonly worst: TrendBucket | null;
}

/** 1, 2, 5, 10, 20, 50, ...: the smallest at or above n. */
export function niceCeiling(n: number): number {
  if (n <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= n) return step * magnitude;
  return 10 * magnitude;
}

export function trendGeometry(trend: readonly TrendBucket[], width: number, height: number, gap = 2): TrendGeometry {
  const max = niceCeiling(Math.max(0, ...trend.map((b) => b.failed)));
  const slot = trend.length > 0 ? width / trend.length : width;
  const barWidth = Math.max(1, slot - gap);
  let worst: TrendBucket | null = null;
  let totalFailed = 0;
  let totalOk = 0;
  const bars = trend.map((b, i) => {
    totalFailed += b.failed;
    totalOk += b.ok;
    if (b.failed > 0 && (!worst || b.failed > worst.failed)) worst = b;
    // A failing hour is never drawn flat: at least 2 px so it can be seen (and hovered).
    const h = b.failed === 0 ? 0 : Math.max(2, (b.failed / max) * height);
    const runs = b.ok + b.failed;
    return { hour: b.hour, x: i * slot + gap / 2, width: barWidth, y: height - h, height: h, failed: b.failed, ok: b.ok, failureRate: runs === 0 ? 0 : b.failed / runs };
  });
  return { bars, max, totalFailed, totalOk, worst };
}

/** "14:00" in the reader's time zone (or the one given: tests name theirs, so they read the same everywhere). */
export const hourLabel = (iso: string, timeZone?: string) => new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone });

/** What the chart shows, in a sentence: the chart's accessible name. */
export function trendSummary(trend: readonly TrendBucket[], timeZone?: string): string {
  const g = trendGeometry(trend, 100, 100);
  if (g.totalFailed === 0) return `No failed syncs in the last 24 hours (${formatCount(g.totalOk)} succeeded).`;
  const worst = g.worst ? `, most at ${hourLabel(g.worst.hour, timeZone)} (${formatCount(g.worst.failed)})` : "";
  return `${formatCount(g.totalFailed)} failed syncs in the last 24 hours${worst}; ${formatCount(g.totalOk)} succeeded.`;
}
