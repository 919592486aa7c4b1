/** One benchmark figure, printed as `BENCH <name> <value> <unit>`. */
export interface BenchLine {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

export function printLine(l: BenchLine): void {
  console.log(`BENCH ${l.name} ${Number.isInteger(l.value) ? l.value : l.value.toFixed(2)} ${l.unit}`);
}

/** Samples this process's resident memory (the server's: the simulators run in a child) until stopped; returns the peak in MB. */
export function rssSampler(everyMs = 200): { stop(): number } {
  // memoryUsage.rss() alone: memoryUsage() also walks the heap's spaces, which cost ~5 % of a short cycle's CPU.
  let peak = process.memoryUsage.rss();
  const t = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  return {
    stop() {
      clearInterval(t);
      return Math.round(Math.max(peak, process.memoryUsage.rss()) / 1024 / 1024);
    },
  };
}
