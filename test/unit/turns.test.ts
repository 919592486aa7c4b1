import { nextTurn, retryAt, turnOffsetSeconds } from "../../server/jobs/turns";

describe("sync turns", () => {
  it("spreads 10,000 mailboxes evenly over the 30-minute interval", () => {
    const perMinute = new Array<number>(30).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const minute = Math.floor(turnOffsetSeconds(`mailbox-${i}`, 30) / 60);
      perMinute[minute] = (perMinute[minute] ?? 0) + 1;
    }
    // Even would be 333 per minute; no minute may hold a crowd.
    expect(Math.max(...perMinute)).toBeLessThan(400);
    expect(Math.min(...perMinute)).toBeGreaterThan(270);
  });

  it("gives a mailbox the same slot every interval, strictly after the given time", () => {
    const start = new Date("2026-11-22T10:00:00Z");
    const first = nextTurn("m-1", 30, start);
    expect(first.getTime()).toBeGreaterThan(start.getTime());
    expect(first.getTime() - start.getTime()).toBeLessThanOrEqual(30 * 60_000);
    const second = nextTurn("m-1", 30, first);
    expect(second.getTime() - first.getTime()).toBe(30 * 60_000);
  });

  it("backs off a failing mailbox, honouring the server's own wait", () => {
    const now = new Date("2026-11-22T10:00:00Z");
    expect(retryAt(now, 1, 30).getTime() - now.getTime()).toBe(60_000);
    expect(retryAt(now, 3, 30).getTime() - now.getTime()).toBe(240_000);
    expect(retryAt(now, 10, 30).getTime() - now.getTime()).toBe(30 * 60_000);
    expect(retryAt(now, 1, 30, 300_000).getTime() - now.getTime()).toBe(300_000);
  });
});
