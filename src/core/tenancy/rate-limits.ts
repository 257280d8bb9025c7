/**
 * Feishu's gateway limits, counted per key (app, tenant, API) in fixed windows
 * aligned to the clock (platform.md §5). Where the counters live is a port: in
 * memory for one process, in PostgreSQL or Redis when several larkcal
 * processes serve one database (issue #16 §3), so the limit holds for the
 * cluster and not per process.
 *
 * Every backend counts alike: a call the limit refuses does not count.
 */
export interface RateWindow {
  limit: number;
  ms: number;
}

export interface RateVerdict {
  allowed: boolean;
  /** The window that tripped: its cap and the seconds until it resets. */
  limit?: number;
  resetSeconds?: number;
}

export interface RateCounters {
  /** Counts one call under `key` in each window, unless a window is full. */
  hit(key: string, windows: readonly RateWindow[], now: number): Promise<RateVerdict>;
}

/** The window's start for `now`: windows are aligned to the clock, so every process agrees on them. */
export const windowStart = (window: RateWindow, now: number): number => now - (now % window.ms);

/** The refusal for a full window. */
export function refusal(window: RateWindow, now: number): RateVerdict {
  return { allowed: false, limit: window.limit, resetSeconds: Math.max(1, Math.ceil((windowStart(window, now) + window.ms - now) / 1000)) };
}
