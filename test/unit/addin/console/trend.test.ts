import { niceCeiling, trendGeometry, trendSummary } from "../../../../addin/console/trend";

const hour = (h: number) => new Date(Date.UTC(2026, 2, 5, h)).toISOString();

describe("the failures chart", () => {
  it("rounds the axis up to 1, 2, 5 × 10ⁿ", () => {
    expect([0, 1, 2, 3, 7, 10, 11, 26, 480].map(niceCeiling)).toEqual([1, 1, 2, 5, 10, 10, 20, 50, 500]);
  });

  it("draws failed runs as bars scaled to the axis, with the worst hour found", () => {
    const trend = [
      { hour: hour(0), ok: 10, failed: 0 },
      { hour: hour(1), ok: 5, failed: 4 },
      { hour: hour(2), ok: 0, failed: 1 },
      { hour: hour(3), ok: 8, failed: 2 },
    ];
    const g = trendGeometry(trend, 400, 100, 4);
    expect(g.max).toBe(5);
    expect(g.worst?.hour).toBe(hour(1));
    expect(g.totalFailed).toBe(7);
    expect(g.bars.map((b) => [b.x, b.width, b.height, b.y])).toEqual([
      [2, 96, 0, 100],
      [102, 96, 80, 20],
      [202, 96, 20, 80],
      [302, 96, 40, 60],
    ]);
    expect(g.bars[2]?.failureRate).toBe(1);
    expect(g.bars[0]?.failureRate).toBe(0);
  });

  it("keeps a single failure visible against a busy axis", () => {
    const g = trendGeometry([{ hour: hour(0), ok: 0, failed: 1 }, { hour: hour(1), ok: 0, failed: 400 }], 100, 100);
    expect(g.bars[0]?.height).toBe(2);
  });

  it("sums the chart up for screen readers", () => {
    expect(trendSummary([{ hour: hour(0), ok: 12, failed: 0 }])).toBe("No failed syncs in the last 24 hours (12 succeeded).");
    const trend = [{ hour: hour(0), ok: 3, failed: 2 }, { hour: hour(1), ok: 1, failed: 5 }];
    expect(trendSummary(trend, "UTC")).toBe("7 failed syncs in the last 24 hours, most at 01:00 (5); 4 succeeded.");
    // India is 5:30 ahead: the worst hour reads as the reader's clock shows it.
    expect(trendSummary(trend, "Asia/Kolkata")).toBe("7 failed syncs in the last 24 hours, most at 06:30 (5); 4 succeeded.");
  });
});
