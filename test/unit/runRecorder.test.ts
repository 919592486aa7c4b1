import { RunRecorder } from "../../server/jobs/runRecorder";
import type { FinishedRun, ScheduleRepository } from "../../server/store/scheduleRepository";
import { emptyStats } from "../../server/sync/runStats";

function finished(mailboxId: string): FinishedRun {
  const now = new Date();
  return {
    run: { mailboxId, trigger: "schedule", startedAt: now, endedAt: now, outcome: "ok", stats: emptyStats(), calls: 3, crmCalls: 0, error: null },
    next: { at: now, state: null, failures: "reset" },
    quietCursors: [],
  };
}

/** A store that remembers each batch it was asked to write. */
function fakeStore(fail?: Error) {
  const batches: string[][] = [];
  const store = {
    finish: async (_worker: string, runs: readonly FinishedRun[]) => {
      batches.push(runs.map((r) => r.run.mailboxId));
      if (fail) throw fail;
    },
  } as unknown as ScheduleRepository;
  return { store, batches };
}

describe("RunRecorder", () => {
  it("writes runs that end together in one statement, and each caller hears when its run is written", async () => {
    const { store, batches } = fakeStore();
    const recorder = new RunRecorder(store, "w1", { delayMs: 5 });
    await Promise.all(["a", "b", "c"].map((id) => recorder.record(finished(id))));
    expect(batches).toEqual([["a", "b", "c"]]);
  });

  it("writes a full batch at once and the rest after it, in order", async () => {
    const { store, batches } = fakeStore();
    const recorder = new RunRecorder(store, "w1", { maxBatch: 2, delayMs: 60_000 });
    const first = Promise.all([recorder.record(finished("a")), recorder.record(finished("b"))]);
    await first;
    const rest = Promise.all([recorder.record(finished("c")), recorder.record(finished("d"))]);
    await rest;
    expect(batches).toEqual([["a", "b"], ["c", "d"]]);
  });

  it("puts a second run of the same mailbox into the next batch (one statement updates a mailbox once)", async () => {
    const { store, batches } = fakeStore();
    const recorder = new RunRecorder(store, "w1", { delayMs: 5 });
    await Promise.all([recorder.record(finished("a")), recorder.record(finished("b")), recorder.record(finished("a"))]);
    expect(batches).toEqual([["a", "b"], ["a"]]);
  });

  it("a failed write fails every run of the batch", async () => {
    const { store } = fakeStore(new Error("database gone"));
    const recorder = new RunRecorder(store, "w1", { delayMs: 5 });
    const results = await Promise.allSettled([recorder.record(finished("a")), recorder.record(finished("b"))]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });
});
