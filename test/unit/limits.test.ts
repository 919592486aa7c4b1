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

  it("gives a job's slot to the next one when it says its work is done, and is idle only when every job has ended", async () => {
    const pool = new WorkPool(2);
    const started: string[] = [];
    const end = new Map<string, () => void>();
    const workDone = new Map<string, () => void>();
    const job = (id: string) => (done: () => void) =>
      new Promise<void>((resolve) => {
        started.push(id);
        workDone.set(id, done);
        end.set(id, resolve);
      });
    for (const id of ["a", "b", "c", "d", "e"]) pool.push(id, job(id));
    await tick();
    expect(started).toEqual(["a", "b"]);
    // a's calls are over and only its record is left: c takes its slot while a finishes.
    workDone.get("a")?.();
    workDone.get("a")?.(); // a second call changes nothing
    await tick();
    expect(started).toEqual(["a", "b", "c"]);
    expect(pool.depth).toEqual({ queued: 2, active: 2 });
    // Jobs finishing are held to the same cap: with a and b both finishing, d waits for one of them to end.
    workDone.get("b")?.();
    await tick();
    expect(started).toEqual(["a", "b", "c"]);
    expect(pool.push("a", job("a"))).toBe(false); // still finishing: not queued twice
    let idle = false;
    const idled = pool.idle().then(() => (idle = true));
    end.get("a")?.();
    await tick();
    expect(started).toEqual(["a", "b", "c", "d"]);
    for (const id of ["b", "c", "d", "e"]) {
      await tick();
      expect(idle).toBe(false);
      end.get(id)?.();
    }
    await idled;
    expect(started).toEqual(["a", "b", "c", "d", "e"]);
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
