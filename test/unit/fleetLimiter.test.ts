import { FleetLimiter } from "../../server/jobs/fleetLimiter";
import { createLogger } from "../../server/logger";
import type { HoldRequest } from "../../server/store/budgetShareRepository";

const tick = () => new Promise((r) => setImmediate(r));

/** One worker alone on the account: the database grants whatever is asked, up to the budget, and counts the asks. */
function soleWorkerShares() {
  const asks: HoldRequest[] = [];
  const renewals: string[][] = [];
  const givenBack: string[][] = [];
  return {
    asks,
    renewals,
    givenBack,
    hold: async (_key: string, _worker: string, r: HoldRequest) => {
      asks.push(r);
      return Math.min(r.wants, r.limit);
    },
    renew: async (_worker: string, keys: readonly string[]) => {
      renewals.push([...keys]);
      return new Map(keys.map((k) => [k, { renewed: true, contested: false }]));
    },
    releaseMany: async (_worker: string, keys: readonly string[]) => {
      if (keys.length > 0) givenBack.push([...keys]);
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

  it("renews the shares of every account it used in one statement, and gives back in one those it stopped using", async () => {
    const shares = soleWorkerShares();
    // Renewal rounds every 10 ms.
    limiter = new FleetLimiter({ shares, worker: "w1", limit: 10, shared: () => true, shareSeconds: 0.03, logger: createLogger("error") });
    await Promise.all(["tenant-a", "tenant-b", "tenant-c"].map((k) => limiter.run(k, async () => undefined)));
    const asked = shares.asks.length;
    while (shares.givenBack.length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(shares.renewals.some((keys) => keys.length === 3)).toBe(true);
    expect(shares.givenBack[0]?.sort()).toEqual(["tenant-a", "tenant-b", "tenant-c"]);
    // No ask per account to renew or give back.
    expect(shares.asks.length).toBe(asked);
  });
});
