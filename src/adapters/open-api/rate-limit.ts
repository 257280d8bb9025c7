/**
 * Gateway rate limits: per app, per API (platform.md §5). Every calendar API is
 * tier 4: 1000 calls a minute and 50 a second; either window trips it.
 * Counters live in memory: a restart forgives, as a gateway failover would.
 */
export interface RateWindow {
  limit: number;
  ms: number;
}

export const TIER_4: readonly RateWindow[] = [
  { limit: 50, ms: 1000 },
  { limit: 1000, ms: 60_000 },
];

export interface RateVerdict {
  allowed: boolean;
  /** The window that tripped: its cap and the seconds until it resets. */
  limit?: number;
  resetSeconds?: number;
}

export class RateLimiter {
  private readonly counters = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly windows: readonly RateWindow[],
    private readonly now: () => number,
  ) {}

  hit(key: string): RateVerdict {
    const now = this.now();
    for (const window of this.windows) {
      const slot = `${window.ms}|${key}`;
      const windowStart = now - (now % window.ms);
      let counter = this.counters.get(slot);
      if (!counter || counter.windowStart !== windowStart) {
        counter = { windowStart, count: 0 };
        this.counters.set(slot, counter);
      }
      if (counter.count >= window.limit) {
        return { allowed: false, limit: window.limit, resetSeconds: Math.max(1, Math.ceil((windowStart + window.ms - now) / 1000)) };
      }
    }
    for (const window of this.windows) this.counters.get(`${window.ms}|${key}`)!.count++;
    this.sweep(now);
    return { allowed: true };
  }

  /** Drops counters of windows long past, so memory stays bounded by active apps × APIs. */
  private sweep(now: number): void {
    if (this.counters.size < 10_000) return;
    for (const [slot, counter] of this.counters) if (now - counter.windowStart > 120_000) this.counters.delete(slot);
  }
}
