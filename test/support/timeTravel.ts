import { setClock } from "./clockAhead";

/**
 * Runs fn with the wall clock moved ahead (Date only; timers stay real), for what judges expiry by Date.now():
 * msal-node's cached access tokens, jose's exp check. The simulators' clocks read Date.now too, so they move along.
 * Afterwards the clock is the suite's again (real time, or TEST_CLOCK_AHEAD_DAYS ahead of it).
 */
export async function withClockAhead<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  setClock(ms);
  try {
    return await fn();
  } finally {
    setClock();
  }
}
