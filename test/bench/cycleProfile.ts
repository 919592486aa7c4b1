import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";

/**
 * `BENCH_CPU_PROFILE=<folder>`: the server's CPU profile of one measured cycle alone (set-up, seeding and the first
 * cycle left out, unlike `node --cpu-prof`), written as `<label>-<time>.cpuprofile` for Chrome DevTools. Off by default:
 * the profiler itself costs time. The simulator process passes its own folder (BENCH_SIMULATOR_CPU_PROFILE).
 */
export async function startCycleProfile(label: string, folder = process.env.BENCH_CPU_PROFILE): Promise<() => Promise<void>> {
  if (!folder) return async () => undefined;
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))));
  await post("Profiler.enable");
  await post("Profiler.setSamplingInterval", { interval: 500 });
  await post("Profiler.start");
  return async () => {
    const { profile } = await post<{ profile: unknown }>("Profiler.stop");
    session.disconnect();
    const file = join(folder, `${label}-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.error(`bench: CPU profile of ${label} in ${file}`);
  };
}
