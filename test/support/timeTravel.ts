/**
 * Runs fn with the wall clock moved ahead (Date only; timers stay real), for what judges expiry by Date.now():
 * msal-node's cached access tokens, jose's exp check. The simulators' clocks read Date.now too, so they move along.
 */
export async function withClockAhead<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({
    doNotFake: ["nextTick", "setImmediate", "setTimeout", "setInterval", "clearTimeout", "clearInterval", "queueMicrotask", "hrtime", "performance"],
  });
  jest.setSystemTime(Date.now() + ms);
  try {
    return await fn();
  } finally {
    jest.useRealTimers();
  }
}
