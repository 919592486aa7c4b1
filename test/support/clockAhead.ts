/**
 * Runs a whole suite as if it were later: TEST_CLOCK_AHEAD_DAYS=365 moves Date (only Date: timers, TLS and the
 * database server keep real time) that many days ahead. Time bombs (a test date that falls out of a rolling window
 * one day) show up now instead of next year. Registered in jest.config.js; does nothing when the variable is unset.
 */
export const clockAheadMs = Number(process.env.TEST_CLOCK_AHEAD_DAYS ?? 0) * 86_400_000;

/** Everything but Date keeps running on real time. */
export const onlyDate = ["nextTick", "setImmediate", "setTimeout", "setInterval", "clearTimeout", "clearInterval", "queueMicrotask", "hrtime", "performance"] as const;

/** Moves Date to real time plus the suite's offset plus `extraMs`; the real-time base comes from performance.timeOrigin. */
export function setClock(extraMs = 0): void {
  if (clockAheadMs === 0 && extraMs === 0) {
    jest.useRealTimers();
    return;
  }
  // advanceTimers keeps the moved clock ticking with real time (a frozen Date would make every duration zero).
  jest.useFakeTimers({ doNotFake: [...onlyDate], advanceTimers: true });
  jest.setSystemTime(Math.round(performance.timeOrigin + performance.now()) + clockAheadMs + extraMs);
}
