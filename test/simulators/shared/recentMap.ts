/**
 * A Map that keeps about its `capacity` most recently added entries: two generations of half the capacity each, the
 * older dropped whole when the newer fills. Simulator hot paths memoise pure work with it: under the benchmark's 10,000
 * mailboxes an unbounded memo would grow without end, clearing one full memo at once would make every mailbox pay
 * again in the same cycle, and evicting entry by entry from a Map's front costs more than the memo saves (V8 scans
 * the deleted slots each time).
 */
export class RecentMap<K, V> {
  private newer = new Map<K, V>();
  private older = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.newer.get(key) ?? this.older.get(key);
  }

  set(key: K, value: V): void {
    if (this.newer.size >= Math.max(1, this.capacity / 2)) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(key, value);
  }
}
