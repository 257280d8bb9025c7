/**
 * The bounded caches (issue #16 §8): the LRU every memo keyed by client input
 * uses, the rate limiter's counters expiring with their windows, and the
 * recurrence memos staying at their bounds however many distinct hostile
 * zone names and rules arrive.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Lru } from '../../src/core/lru.js';
import { MAX_COUNTERS, RateLimiter } from '../../src/adapters/open-api/rate-limit.js';
import { occurrencesBetween, weekMemo } from '../../src/core/events/recurrence/expand.js';
import { parsedRuleCache, parseRecurrence } from '../../src/core/events/recurrence/rrule.js';
import { seriesFacts, seriesFactsMemo } from '../../src/core/events/recurrence/stored.js';
import { isTimeZone, offsetAt, utcToLocal, zoneCacheSizes } from '../../src/core/events/recurrence/zones.js';

test('an LRU keeps the most recently used entries up to its limit', () => {
  const lru = new Lru<string, number>(3);
  for (const [key, value] of [['a', 1], ['b', 2], ['c', 3]] as const) lru.set(key, value);
  assert.equal(lru.get('a'), 1); // a is now the most recent
  lru.set('d', 4); // evicts b, the least recent
  assert.deepEqual([lru.has('a'), lru.has('b'), lru.has('c'), lru.has('d')], [true, false, true, true]);
  lru.set('c', 30); // an update refreshes it
  lru.set('e', 5); // evicts a
  assert.deepEqual(lru.entriesOldestFirst(), [['d', 4], ['c', 30], ['e', 5]]);
  assert.equal(lru.size, 3);
  assert.equal(lru.delete('d'), true);
  assert.equal(lru.delete('d'), false);
  lru.clear();
  assert.equal(lru.size, 0);
  assert.throws(() => new Lru(0), RangeError);
});

test('getOrSet remembers what make returns, and nothing when make throws', () => {
  const lru = new Lru<string, number>(2);
  let calls = 0;
  assert.equal(lru.getOrSet('x', () => ++calls), 1);
  assert.equal(lru.getOrSet('x', () => ++calls), 1);
  assert.throws(() => lru.getOrSet('y', () => { throw new Error('bad'); }), /bad/);
  assert.equal(lru.has('y'), false);
});

test('a weighted LRU is bounded by the weight of its entries too', () => {
  const lru = new Lru<string, number[]>(100, { max: 10, weigh: (list) => list.length });
  lru.set('a', [1, 2, 3, 4]);
  lru.set('b', [1, 2, 3, 4]);
  assert.equal(lru.weighed, 8);
  lru.set('c', [1, 2, 3]); // 11 > 10: a goes
  assert.deepEqual([lru.has('a'), lru.has('b'), lru.has('c'), lru.weighed], [false, true, true, 7]);
  lru.set('huge', Array.from({ length: 11 }, () => 0)); // heavier than the whole cache: not kept, nothing evicted
  assert.deepEqual([lru.has('huge'), lru.size, lru.weighed], [false, 2, 7]);
  lru.set('b', [1]); // replacing re-weighs
  assert.equal(lru.weighed, 4);
});

test('rate-limit counters expire with their window, and are capped', () => {
  let now = 1_000_000_000;
  const limiter = new RateLimiter([{ limit: 2, ms: 1000 }, { limit: 5, ms: 60_000 }], () => now);
  assert.deepEqual([limiter.hit('k').allowed, limiter.hit('k').allowed, limiter.hit('k').allowed], [true, true, false]);
  for (let i = 0; i < 100; i++) limiter.hit(`key-${i}`);
  assert.equal(limiter.size, 2 * 101); // one counter per window per key
  now += 1000; // the one-second windows are over: swept on the next call
  limiter.hit('k');
  assert.equal(limiter.size, 101 + 1);
  now += 60_000; // every window is over
  limiter.hit('k');
  assert.equal(limiter.size, 2);
  // A clock moved back (the sandbox's) leaves no counter "from the future" behind.
  for (let i = 0; i < 10; i++) limiter.hit(`late-${i}`);
  now -= 3_600_000;
  limiter.hit('k');
  assert.equal(limiter.size, 2);
  // The counts themselves restart with the window.
  now += 120_000;
  assert.equal(limiter.hit('fresh').allowed, true);
});

test('rate-limit counters never exceed their cap, even within one window', () => {
  const limiter = new RateLimiter([{ limit: 50, ms: 1000 }], () => 0);
  for (let i = 0; i < MAX_COUNTERS + 500; i++) limiter.hit(`app-${i}`);
  assert.equal(limiter.size, MAX_COUNTERS);
});

/** `Europe/Berlin` spelt with letter cases chosen by the bits of n: Intl takes every one. */
function casing(zone: string, n: number): string {
  let bit = 0;
  return [...zone].map((c) => (/[a-z]/i.test(c) ? ((n >> bit++) & 1 ? c.toUpperCase() : c.toLowerCase()) : c)).join('');
}

test('10,000 distinct hostile zone names and 10,000 rules leave every memo at its bound', () => {
  for (let n = 0; n < 10_000; n++) {
    const zone = casing(n % 2 ? 'America/Argentina/Buenos_Aires' : 'Europe/Berlin', n);
    assert.ok(isTimeZone(zone), zone);
    utcToLocal(1767225600, zone);
    offsetAt(1767225600 + (n % 50) * 86400, zone);
    isTimeZone(`Nowhere/${n}`); // refused names are not remembered at all
  }
  const zones = zoneCacheSizes();
  assert.equal(zones.formatters.size, zones.formatters.max);
  // Offsets are kept by the canonical zone: two here, whatever their spelling.
  assert.equal(zones.zones.size, 2);

  for (let n = 0; n < 10_000; n++) {
    const rule = parseRecurrence(`FREQ=DAILY;INTERVAL=${(n % 9999) + 1};COUNT=${Math.floor(n / 9999) + 2}`);
    if (n % 8 !== 0) continue;
    // Every eighth as a series (1,250, past the memo's 1,000): its stored expansion and a fortnight of reads are memoised too.
    const start = 1767225600 + n * 60;
    const series = { start: { kind: 'timed' as const, ts: start, tz: 'Asia/Shanghai' }, end: { kind: 'timed' as const, ts: start + 60, tz: 'Asia/Shanghai' }, rule };
    seriesFacts(series);
    occurrencesBetween(series, start, start + 14 * 86400);
  }
  const parsed = parsedRuleCache();
  assert.equal(parsed.size, parsed.max);
  const facts = seriesFactsMemo();
  assert.equal(facts.size, facts.max);
  const weeks = weekMemo();
  assert.ok(weeks.size <= weeks.max, `${weeks.size} weeks`);
  assert.ok(weeks.occurrences <= 100_000, `${weeks.occurrences} occurrences`);
});
