/**
 * The simulators' notion of "now". Tests advance it to reach token expiry or 90 days of refresh-token inactivity
 * without waiting; several simulators started together share one clock.
 */
export class SimulatedClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance() takes a non-negative number of milliseconds, got ${ms}`);
    this.offsetMs += ms;
  }
}
