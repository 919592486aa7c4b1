/**
 * A Map that keeps only its `capacity` most recently added entries (the oldest go first). Simulator hot paths memoise
 * pure work with it: under the benchmark's 10,000 mailboxes an unbounded memo would grow without end, and clearing a
 * full memo all at once would make every mailbox pay again in the same cycle.
 */
export class RecentMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }

  get size(): number {
    return this.entries.size;
  }
}
