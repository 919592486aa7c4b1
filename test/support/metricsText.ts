/**
 * Reads Prometheus text exposition (what GET /metrics answers) into samples, so tests ask for a value by name and
 * labels instead of matching lines.
 */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export class MetricsText {
  readonly samples: readonly Sample[];
  /** Family names declared with # TYPE. */
  readonly families: ReadonlySet<string>;

  constructor(readonly text: string) {
    const samples: Sample[] = [];
    const families = new Set<string>();
    for (const line of text.split("\n")) {
      const type = /^# TYPE (\S+) \S+$/.exec(line);
      if (type?.[1]) families.add(type[1]);
      if (line === "" || line.startsWith("#")) continue;
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m?.[1] || m[3] === undefined) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) if (l[1]) labels[l[1]] = l[2] ?? "";
      samples.push({ name: m[1], labels, value: Number(m[3]) });
    }
    this.samples = samples;
    this.families = families;
  }

  /** The sample with exactly these labels (every label named), or undefined. */
  find(name: string, labels: Record<string, string> = {}): Sample | undefined {
    const want = Object.entries(labels);
    return this.samples.find((s) => s.name === name && Object.keys(s.labels).length === want.length && want.every(([k, v]) => s.labels[k] === v));
  }

  /** That sample's value; 0 when absent (a counter series not yet created). */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.find(name, labels)?.value ?? 0;
  }

  /** The sum over every series of a name whose labels include these. */
  sum(name: string, labels: Record<string, string> = {}): number {
    const want = Object.entries(labels);
    return this.samples.filter((s) => s.name === name && want.every(([k, v]) => s.labels[k] === v)).reduce((t, s) => t + s.value, 0);
  }
}

export async function scrape(url: string, init?: RequestInit): Promise<MetricsText> {
  const res = await fetch(url, init);
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  if (!/^text\/plain/.test(res.headers.get("content-type") ?? "")) throw new Error(`GET ${url} answered ${res.headers.get("content-type")}`);
  return new MetricsText(await res.text());
}
