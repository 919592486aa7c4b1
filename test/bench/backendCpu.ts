import { readFileSync } from "node:fs";

/** CPU time (user + system) of a process, in ms, from /proc (Linux clock ticks are 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * CPU time of the PostgreSQL backends serving one database, in ms: every backend seen on it is read each time `read`
 * is called, and one that has gone (a pool closed an idle connection) keeps its last reading. Background processes
 * (WAL writer, checkpointer) are shared by the cluster's other databases and are left out.
 */
export class BackendCpu {
  private readonly last = new Map<number, number>();
  private readonly first = new Map<number, number>();

  async read(db: { query<T>(sql: string, params?: unknown[]): Promise<T[]> }): Promise<void> {
    const rows = await db.query<{ pid: number }>("select pid from pg_stat_activity where datname = current_database()");
    for (const { pid } of rows) {
      let ms: number;
      try {
        ms = cpuMs(pid);
      } catch {
        continue; // ended since the query
      }
      if (!this.first.has(pid)) this.first.set(pid, this.started ? 0 : ms);
      this.last.set(pid, ms);
    }
  }

  private started = false;

  /** From now on a backend first seen counts from zero (it was opened during the cycle). */
  start(): void {
    this.started = true;
  }

  get ms(): number {
    let sum = 0;
    for (const [pid, ms] of this.last) sum += ms - (this.first.get(pid) ?? 0);
    return sum;
  }
}
