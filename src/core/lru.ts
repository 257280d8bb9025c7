/**
 * A least-recently-used cache with a hard size limit, for memos keyed by what
 * clients send (RRULE texts, zone names, series times). Issue #16 §8: such a
 * memo without a bound grows with every distinct hostile key; clearing it when
 * full (what these memos did before) also throws the hot entries away, so a
 * flood of junk keys made every honest read pay again. A Map keeps insertion
 * order, so re-inserting on each hit makes its first key the least recent.
 */
export class Lru<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('an LRU holds at least one entry');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** The cached value, or `make()`'s, remembered. A `make` that throws caches nothing. */
  getOrSet(key: K, make: () => V): V {
    const found = this.get(key);
    if (found !== undefined) return found;
    const value = make();
    this.set(key, value);
    return value;
  }
}
