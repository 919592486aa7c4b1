import { FleetLimiter } from "../../server/jobs/fleetLimiter";
import { createLogger } from "../../server/logger";
import type { HoldRequest } from "../../server/store/budgetShareRepository";

const tick = () => new Promise((r) => setImmediate(r));

/** One worker alone on the account: the database grants whatever is asked, up to the budget, and counts the asks. */
function soleWorkerShares() {
  const asks: HoldRequest[] = [];
  return {
    asks,
    hold: async (_key: string, _worker: string, r: HoldRequest) => {
      asks.push(r);
      return Math.min(r.wants, r.limit);
    },
    releaseAll: async () => undefined,
  };
}

describe("FleetLimiter (a shared account's budget across workers)", () => {
  let limiter: FleetLimiter;
  afterEach(async () => limiter.close());

  it("serves calls that came while its first ask was out as soon as the database grants them, not after a retry pause", async () => {
    const shares = soleWorkerShares();
    limiter = new FleetLimiter({ shares, worker: "w1", limit: 10, shared: () => true, logger: createLogger("error") });
    const releases: (() => void)[] = [];
    const calls = Array.from({ length: 5 }, () => limiter.run("tenant-a", () => new Promise<void>((r) => releases.push(r))));
    for (let i = 0; i < 10 && limiter.inUse("tenant-a") < 5; i++) await tick();
    expect(limiter.inUse("tenant-a")).toBe(5);
    for (const r of releases) r();
    await Promise.all(calls);
  });

  it("asks for room beyond the calls in flight, so the next mailboxes' calls on the same account need no ask", async () => {
    const shares = soleWorkerShares();
    limiter = new FleetLimiter({ shares, worker: "w1", limit: 10, shared: () => true, logger: createLogger("error") });
    await limiter.run("tenant-a", async () => undefined);
    const asked = shares.asks.length;
    // Two mailboxes' calls at once, then one after another: all within what was granted.
    await Promise.all([limiter.run("tenant-a", async () => undefined), limiter.run("tenant-a", async () => undefined)]);
    for (let i = 0; i < 20; i++) await limiter.run("tenant-a", async () => undefined);
    expect(shares.asks.length).toBe(asked);
    expect(shares.asks[0]?.wants).toBeGreaterThan(1);
  });

  it("never asks for more than the budget", async () => {
    const shares = soleWorkerShares();
    limiter = new FleetLimiter({ shares, worker: "w1", limit: 3, shared: () => true, logger: createLogger("error") });
    const releases: (() => void)[] = [];
    const calls = Array.from({ length: 8 }, () => limiter.run("tenant-a", () => new Promise<void>((r) => releases.push(r))));
    for (let i = 0; i < 10; i++) await tick();
    expect(limiter.inUse("tenant-a")).toBe(3);
    expect(Math.max(...shares.asks.map((a) => a.wants))).toBe(3);
    while (releases.length > 0) {
      releases.shift()?.();
      await tick();
    }
    await Promise.all(calls);
  });
});
