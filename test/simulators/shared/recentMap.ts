/**
 * A Map that keeps about its `capacity` most recently added entries: two generations of half the capacity each, the
 * older dropped whole when the newer fills. Simulator hot paths memoise pure work with it (a memo must not grow
 * without end, nor make every caller pay again at once when it is cleared); evicting entry by entry from a Map's front
 * would cost more than the memo saves, as V8 scans the deleted slots each time.
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
