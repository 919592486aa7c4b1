import { formatDuration, formatRelative, formatSkipped } from "../../../../addin/console/format";

describe("console formats", () => {
  const now = Date.parse("2026-03-05T12:00:00Z");
  it("says times relative to now", () => {
    expect(formatRelative(null, now)).toBe("—");
    expect(formatRelative("2026-03-05T11:59:40Z", now)).toBe("just now");
    expect(formatRelative("2026-03-05T11:55:00Z", now)).toBe("5 min ago");
    expect(formatRelative("2026-03-05T12:30:00Z", now)).toBe("in 30 min");
    expect(formatRelative("2026-03-05T09:00:00Z", now)).toBe("3 h ago");
    expect(formatRelative("2026-03-02T12:00:00Z", now)).toBe("3 days ago");
  });

  it("says durations at a readable precision", () => {
    expect([null, 840, 4_230, 125_000].map(formatDuration)).toEqual(["—", "840 ms", "4.2 s", "2 min 05 s"]);
  });

  it("lists skipped items by reason", () => {
    expect(formatSkipped({})).toBe("—");
    expect(formatSkipped({ no_crm_match: 1200, blocked_domain: 3, internal_only: 0 })).toBe("blocked domain: 3, no crm match: 1,200");
  });
});
