/**
 * A least-recently-used cache with a hard size limit, for memos keyed by what
 * clients send (RRULE texts, zone names, series times). Issue #16 §8: such a
 * memo without a bound grows with every distinct hostile key; clearing it when
 * full (what these memos did before) also throws the hot entries away, so a
 * flood of junk keys made every honest read pay again. A Map keeps insertion
 * order, so re-inserting on each hit makes its first key the least recent.
 */
export interface LruWeight<V> {
  /** The most the entries may weigh together (e.g. occurrences held, not lists). */
  max: number;
  weigh(value: V): number;
}

export class Lru<K, V> {
  private readonly entries = new Map<K, V>();
  private totalWeight = 0;

  constructor(
    readonly maxEntries: number,
    private readonly weight?: LruWeight<V>,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('an LRU holds at least one entry');
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entries' weight together (0 without a weight). */
  get weighed(): number {
    return this.totalWeight;
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
    this.delete(key);
    const weight = this.weight?.weigh(value) ?? 0;
    // A value heavier than the whole cache would only evict everything else, and itself next.
    if (this.weight && weight > this.weight.max) return;
    this.entries.set(key, value);
    this.totalWeight += weight;
    while (this.entries.size > this.maxEntries || (this.weight && this.totalWeight > this.weight.max)) {
      this.delete(this.entries.keys().next().value as K);
    }
  }

  delete(key: K): boolean {
    if (!this.entries.has(key)) return false;
    if (this.weight) this.totalWeight -= this.weight.weigh(this.entries.get(key)!);
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.totalWeight = 0;
  }

  /** A snapshot of the entries, least recently used first (safe to delete from while iterating). */
  entriesOldestFirst(): Array<[K, V]> {
    return [...this.entries];
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
