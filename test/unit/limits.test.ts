import { KeyedLimiter } from "../../server/jobs/keyedLimiter";
import { WorkPool } from "../../server/jobs/workPool";

const tick = () => new Promise((r) => setImmediate(r));

describe("KeyedLimiter", () => {
  it("never runs more than the limit per key, and other keys are not held up", async () => {
    const limiter = new KeyedLimiter(2);
    let peakA = 0;
    let nowA = 0;
    const releases: (() => void)[] = [];
    const taskA = () =>
      limiter.run("a", async () => {
        nowA++;
        peakA = Math.max(peakA, nowA);
        await new Promise<void>((r) => releases.push(r));
        nowA--;
      });
    const all = [taskA(), taskA(), taskA(), taskA()];
    await tick();
    expect(limiter.inUse("a")).toBe(2);
    let bRan = false;
    await limiter.run("b", async () => {
      bRan = true;
    });
    expect(bRan).toBe(true);
    while (releases.length > 0 || nowA > 0) {
      releases.shift()?.();
      await tick();
    }
    await Promise.all(all);
    expect(peakA).toBe(2);
    expect(limiter.inUse("a")).toBe(0);
  });
});

describe("WorkPool", () => {
  it("caps concurrency and refuses a job already queued for the same mailbox", async () => {
    const pool = new WorkPool(3);
    let running = 0;
    let peak = 0;
    let done = 0;
    const job = () => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      done++;
    };
    for (let i = 0; i < 10; i++) expect(pool.push(`m${i}`, job())).toBe(true);
    expect(pool.push("m9", job())).toBe(false);
    await pool.idle();
    expect(done).toBe(10);
    expect(peak).toBe(3);
    expect(pool.push("m9", job())).toBe(true);
    await pool.idle();
  });

  it("tells a feeder when the queue has room again", async () => {
    const pool = new WorkPool(1);
    const releases: (() => void)[] = [];
    const job = () => () => new Promise<void>((r) => releases.push(r));
    for (let i = 0; i < 4; i++) pool.push(`m${i}`, job());
    // One running, three waiting.
    let room = false;
    const waited = pool.whenQueueBelow(2).then(() => (room = true));
    await tick();
    expect(room).toBe(false);
    releases.shift()?.();
    await tick();
    expect(room).toBe(false);
    releases.shift()?.();
    await waited;
    expect(room).toBe(true);
    while (releases.length > 0 || pool.size > 0) {
      releases.shift()?.();
      await tick();
    }
  });
});
