/**
 * Gateway rate limits: per app, per API (platform.md §5). Every calendar API is
 * tier 4: 1000 calls a minute and 50 a second; either window trips it.
 * These counters live in memory, for one process (core/tenancy/rate-limits.ts is
 * the port; storage/rate-counters.ts and adapters/redis share them across processes);
 * a restart forgives, as a gateway failover would.
 */
import { Lru } from '../../core/lru.js';
import { refusal, windowStart, type RateVerdict, type RateWindow } from '../../core/tenancy/rate-limits.js';

export type { RateVerdict, RateWindow };

export const TIER_4: readonly RateWindow[] = [
  { limit: 50, ms: 1000 },
  { limit: 1000, ms: 60_000 },
];

/** Counters kept at most: far above apps × tenants × APIs in use; past it the least recently counted is forgotten. */
export const MAX_COUNTERS = 50_000;

/**
 * Counts calls per key in fixed windows. Each counter expires with its window
 * (issue #16 §8: a per-key counter must expire): a sweep, at most once per
 * shortest window, drops every counter whose window has ended, so memory
 * follows the keys active in the last minute, not every key ever seen. The
 * cap bounds even a burst of distinct keys within one window; a forgotten
 * counter forgives, as a gateway failover would.
 */
export class RateLimiter {
  private readonly counters = new Lru<string, { windowStart: number; ms: number; count: number }>(MAX_COUNTERS);
  private lastSweep = Infinity;
  private nextSweep = -Infinity;

  constructor(
    private readonly windows: readonly RateWindow[],
    private readonly now: () => number,
  ) {}

  hit(key: string): RateVerdict {
    const now = this.now();
    this.sweep(now);
    const slots = this.windows.map((window) => {
      const slot = `${window.ms}|${key}`;
      const start = windowStart(window, now);
      let counter = this.counters.get(slot);
      if (!counter || counter.windowStart !== start) {
        counter = { windowStart: start, ms: window.ms, count: 0 };
        this.counters.set(slot, counter);
      }
      return { window, counter };
    });
    for (const { window, counter } of slots) if (counter.count >= window.limit) return refusal(window, now);
    for (const { counter } of slots) counter.count++;
    return { allowed: true };
  }

  /** Counters held now, for tests. */
  get size(): number {
    return this.counters.size;
  }

  private sweep(now: number): void {
    // Due once per shortest window, or at once when the clock went back.
    if (now < this.nextSweep && now >= this.lastSweep) return;
    this.lastSweep = now;
    this.nextSweep = now + Math.min(...this.windows.map((w) => w.ms));
    for (const [slot, counter] of this.counters.entriesOldestFirst()) {
      // A clock moved back (the sandbox's) leaves windows "in the future": those are stale too.
      if (now >= counter.windowStart + counter.ms || now < counter.windowStart) this.counters.delete(slot);
    }
  }
}
