import { CronTask } from "../../server/jobs/cronTask";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A job due every second whose run takes longer than that, counting how many runs are under way at once. */
function slowJob(runMs: number) {
  const seen = { started: 0, running: 0, mostAtOnce: 0 };
  const task = new CronTask("* * * * * *", `slow-job-${Math.random().toString(36).slice(2)}`, async () => {
    seen.started++;
    seen.running++;
    seen.mostAtOnce = Math.max(seen.mostAtOnce, seen.running);
    await sleep(runMs);
    seen.running--;
  });
  return { task, seen };
}

describe("CronTask (a job on a cron schedule in this process)", () => {
  jest.setTimeout(15_000);

  it("runs on its schedule, one run at a time even when started twice and a run outlasts the interval, and not after stop", async () => {
    const { task, seen } = slowJob(1_200);
    task.start();
    task.start();
    try {
      for (let i = 0; i < 50 && seen.started === 0; i++) await sleep(100);
      expect(seen.started).toBe(1);
      // Two more due times pass while the first run is under way.
      await sleep(2_200);
      expect(seen.mostAtOnce).toBe(1);
      expect(seen.started).toBeGreaterThanOrEqual(2);
    } finally {
      await task.stop();
    }
    const startedBeforeStop = seen.started;
    await sleep(2_200);
    expect(seen.started).toBe(startedBeforeStop);
  });
});
