/**
 * Rate-limit counters in PostgreSQL, shared by every larkcal process on the
 * database (issue #16 §3). One statement counts the call in each window
 * (an upsert, outside any transaction: it takes no turn); a call that
 * overfills a window is taken back out, so refused calls do not count, as in
 * memory. Windows long past are swept now and then.
 *
 * Lock order: the upsert locks its rows in slot order, and a take-back holds
 * one row at a time, so no two calls can wait on each other. (A take-back of
 * several rows in one UPDATE once deadlocked against an upsert; the loser
 * failed open and let a call through over the limit.)
 */
import { sql, type Kysely } from 'kysely';
import { refusal, windowStart, type RateCounters, type RateVerdict, type RateWindow } from '../core/tenancy/rate-limits.js';
import type { Database } from './tables.js';

const SWEEP_EVERY_MS = 30_000;

export class PostgresRateCounters implements RateCounters {
  private sweptAt = 0;

  constructor(private readonly db: Kysely<Database>) {}

  async hit(key: string, windows: readonly RateWindow[], now: number): Promise<RateVerdict> {
    const slots = windows.map((w) => ({ slot: `${w.ms}|${key}`, start: windowStart(w, now), expires: windowStart(w, now) + w.ms }))
      .sort((a, b) => (a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : 0));
    const rows = await this.db.insertInto('rate_counters')
      .values(slots.map((s) => ({ slot: s.slot, window_start: s.start, count: 1, expires_at: s.expires })))
      .onConflict((oc) => oc.columns(['slot', 'window_start']).doUpdateSet({ count: sql`rate_counters.count + 1` }))
      .returning(['slot', 'count'])
      .execute();
    const counts = new Map(rows.map((r) => [r.slot, Number(r.count)]));
    const full = windows.findIndex((w) => (counts.get(`${w.ms}|${key}`) ?? 0) > w.limit);
    if (full >= 0) await this.takeBack(slots);
    void this.sweep(now);
    return full >= 0 ? refusal(windows[full]!, now) : { allowed: true };
  }

  private async takeBack(slots: ReadonlyArray<{ slot: string; start: number }>): Promise<void> {
    for (const s of slots) {
      await this.db.updateTable('rate_counters').set({ count: sql`count - 1` })
        .where('slot', '=', s.slot).where('window_start', '=', s.start)
        .execute();
    }
  }

  private async sweep(now: number): Promise<void> {
    if (now - this.sweptAt < SWEEP_EVERY_MS) return;
    this.sweptAt = now;
    await this.db.deleteFrom('rate_counters').where('expires_at', '<', now - 60_000).execute().catch(() => undefined);
  }
}
