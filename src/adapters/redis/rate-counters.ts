/**
 * Rate-limit counters in Redis (`--redis redis://…`, issue #16 §3), shared by
 * every larkcal process that points at the same Redis. One Lua script per call
 * checks every window and counts the call only if none is full, atomically, so
 * the counting matches the memory and PostgreSQL backends exactly. Keys carry
 * their window's start and expire with it.
 */
import { Redis } from 'ioredis';
import { refusal, windowStart, type RateCounters, type RateVerdict, type RateWindow } from '../../core/tenancy/rate-limits.js';

/** KEYS: one per window; ARGV: limit and ttl (ms) per window. Returns 0 when counted, else the 1-based full window. */
const HIT = `
for i, key in ipairs(KEYS) do
  local count = tonumber(redis.call('GET', key) or '0')
  if count >= tonumber(ARGV[i * 2 - 1]) then return i end
end
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[i * 2]) end
end
return 0
`;

export class RedisRateCounters implements RateCounters {
  private readonly redis: Redis;

  constructor(url: string, private readonly prefix = 'larkcal:rate:') {
    // Fail fast while Redis is away: the gateway lets calls through rather than queue them.
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
    this.redis.on('error', () => {});
    this.redis.defineCommand('larkcalRateHit', { lua: HIT });
  }

  async connect(): Promise<void> {
    await this.redis.connect();
  }

  async hit(key: string, windows: readonly RateWindow[], now: number): Promise<RateVerdict> {
    const keys = windows.map((w) => `${this.prefix}${w.ms}:${windowStart(w, now)}:${key}`);
    const args = windows.flatMap((w) => [String(w.limit), String(w.ms * 2)]);
    const full = Number(await (this.redis as unknown as { larkcalRateHit(n: number, ...rest: string[]): Promise<number> }).larkcalRateHit(keys.length, ...keys, ...args));
    return full > 0 ? refusal(windows[full - 1]!, now) : { allowed: true };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
