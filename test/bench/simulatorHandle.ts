import type { ChildProcess } from "node:child_process";
import { fork } from "node:child_process";
import { join } from "node:path";
import type { CpuReading, FromSimulators, ToSimulators, WorldInfo, WorldSpec } from "./worldSpec";

/** The bench's side of the simulator process: start it with a world, ask for its CPU time, close it. */
export interface SimulatorHandle {
  readonly info: WorldInfo;
  cpu(): Promise<CpuReading>;
  close(): Promise<void>;
}

export async function startSimulatorProcess(spec: WorldSpec, caFile: string): Promise<SimulatorHandle> {
  // Runs from dist/ (npm run bench builds first): the compiled sibling of this file.
  const child = fork(join(__dirname, "simulatorProcess.js"), [], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = <T extends FromSimulators["type"]>(type: T) => reply(child, type);
  const ready = next("ready");
  post(child, { type: "start", spec });
  const info = (await ready).info;
  return {
    info,
    async cpu() {
      const r = next("cpu");
      post(child, { type: "cpu" });
      return (await r).reading;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      post(child, { type: "close" });
      await exited;
    },
  };
}

function post(child: ChildProcess, m: ToSimulators): void {
  child.send(m);
}

/** The next message of this type; a failure report or an early exit rejects. */
function reply<T extends FromSimulators["type"]>(child: ChildProcess, type: T): Promise<Extract<FromSimulators, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromSimulators) => {
      if (m.type === type) {
        cleanup();
        resolve(m as Extract<FromSimulators, { type: T }>);
      } else if (m.type === "failed") {
        cleanup();
        reject(new Error(`the simulator process failed: ${m.error}`));
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`the simulator process exited (code ${code}) before answering ${type}`));
    };
    const cleanup = () => {
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}
