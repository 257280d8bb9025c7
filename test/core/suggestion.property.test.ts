/**
 * Meeting-time suggestions, by property (fast-check), against brute force:
 *   (a) every fully free proposal lies inside one working span of every
 *       person and meets none of anyone's busy periods, on every occurrence;
 *       without a fully free proposal, no candidate at all is fully free;
 *   (b) the ranking is deterministic: the same answer whatever the order of
 *       people and busy periods; proposals are in rank order, never overlap,
 *       never meet an excluded range, and the first is the best candidate;
 *   (c) working hours become UTC spans whose every minute is, in the hours'
 *       own zone, on a worked weekday between its start and end;
 *   (d) a series' occurrences keep the slot's wall-clock time in its zone.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { mergeIntervals, rank, suggest, type Interval, type Person, type ScoredSlot } from '../../src/core/availability/suggestion.js';
import { workingIntervals } from '../../src/core/availability/suggestion-hours.js';
import { meetingRule, seriesOccurrences } from '../../src/core/availability/suggestion-recurrence.js';
import { utcToLocal } from '../../src/core/events/recurrence/zones.js';
import { WEEKDAYS, type WorkingHours } from '../../src/core/tenancy/model.js';

const RUNS = { numRuns: 200 };
const Q = 900;
/** 2025-03-10 00:00 UTC, a Monday; everything happens within three days of it. */
const BASE = 1741564800;
const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Australia/Sydney'] as const;

const intervalArb = fc.tuple(fc.integer({ min: 0, max: 3 * 96 }), fc.integer({ min: 0, max: 24 })).map(([q, len]): Interval => ({ start: BASE + q * Q, end: BASE + (q + len) * Q }));
const personArb = fc.record({ busy: fc.array(intervalArb, { maxLength: 8 }), working: fc.array(intervalArb, { maxLength: 6 }) });
const inputArb = fc.record({
  people: fc.array(personArb, { minLength: 1, maxLength: 4 }),
  excluded: fc.array(intervalArb, { maxLength: 3 }),
  from: fc.integer({ min: 0, max: 96 }).map((q) => BASE + q * Q + (q % 3) * 60),
  span: fc.integer({ min: 1, max: 2 * 96 }).map((q) => q * Q),
  duration: fc.integer({ min: 1, max: 12 }).map((q) => q * Q / (q % 2 === 0 ? 2 : 1)),
  limit: fc.integer({ min: 1, max: 6 }),
});

const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end || (b.start === b.end && a.start < b.start && b.start < a.end);
const inside = (spans: readonly Interval[], o: Interval) => spans.some((w) => w.start <= o.start && w.end >= o.end);
const freeFor = (p: { busy: Interval[]; working: Interval[] }, o: Interval) => inside(mergeIntervals(p.working), o) && !p.busy.some((b) => overlaps(o, b));

type Input = typeof inputArb extends fc.Arbitrary<infer T> ? T : never;

function run(input: Input, shuffle = false) {
  const people: Person[] = input.people.map((p) => ({ busy: mergeIntervals(shuffle ? [...p.busy].reverse() : p.busy), working: mergeIntervals(shuffle ? [...p.working].reverse() : p.working) }));
  return suggest({
    window: { from: input.from, to: input.from + input.span }, duration: input.duration, step: Q,
    people: shuffle ? [...people].reverse() : people, excluded: input.excluded, limit: input.limit,
  });
}

describe('suggestion ranking', () => {
  test('(a) fully free proposals are free for everyone inside their hours; otherwise nothing is', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const answer = run(input);
      const candidates: Interval[] = [];
      for (let s = Math.ceil(input.from / Q) * Q; s + input.duration <= input.from + input.span; s += Q) candidates.push({ start: s, end: s + input.duration });
      const allowed = candidates.filter((c) => !input.excluded.some((x) => overlaps(c, x)));
      if (answer.fullyFree) {
        assert.ok(answer.slots.length > 0);
        for (const slot of answer.slots) for (const p of input.people) assert.ok(freeFor(p, slot), JSON.stringify({ slot, p }));
      } else {
        assert.ok(!allowed.some((c) => input.people.every((p) => freeFor(p, c))));
        assert.equal(answer.slots.length > 0, allowed.length > 0);
      }
    }), RUNS);
  });

  test('(b) deterministic, in rank order, disjoint, never excluded, best first', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const answer = run(input);
      assert.deepEqual(run(input, true), answer);
      assert.ok(answer.slots.length <= input.limit);
      const sorted = [...answer.slots].sort(rank);
      assert.deepEqual(sorted, answer.slots);
      answer.slots.forEach((a: ScoredSlot, i) => {
        assert.ok(a.start >= input.from && a.end <= input.from + input.span && a.start % Q === 0);
        assert.ok(!input.excluded.some((x) => overlaps(a, x)));
        for (const b of answer.slots.slice(i + 1)) assert.ok(!overlaps(a, b));
      });
      if (answer.slots[0]) {
        const best = answer.slots[0];
        for (let s = Math.ceil(input.from / Q) * Q; s + input.duration <= input.from + input.span; s += Q) {
          const c = { start: s, end: s + input.duration };
          if (input.excluded.some((x) => overlaps(c, x))) continue;
          const conflicts = input.people.filter((p) => p.busy.some((b) => overlaps(c, b))).length;
          const outside = input.people.filter((p) => !inside(mergeIntervals(p.working), c)).length;
          assert.ok(conflicts > best.conflicts || (conflicts === best.conflicts && (outside > best.outsideHours || (outside === best.outsideHours && s >= best.start))));
        }
      }
    }), RUNS);
  });
});

const hoursArb = fc.record({
  timezone: fc.constantFrom(...ZONES),
  days: fc.dictionary(fc.constantFrom(...WEEKDAYS), fc.tuple(fc.integer({ min: 0, max: 47 }), fc.integer({ min: 1, max: 48 })).map(([a, b]): [string, string] => {
    const hhmm = (half: number) => `${String(Math.floor(half / 2)).padStart(2, '0')}:${half % 2 ? '30' : '00'}`;
    return [hhmm(Math.min(a, b - 1)), hhmm(Math.max(b, a + 1))];
  })),
}) as fc.Arbitrary<WorkingHours>;

describe('suggestion working hours and series', () => {
  test('(c) every minute of a working span is worked, in the hours\' own zone', () => {
    fc.assert(fc.property(hoursArb, fc.integer({ min: 0, max: 400 }), (hours, dayOffset) => {
      // Around the 2025 DST changes (March, April, October, November) as well as ordinary weeks.
      const from = BASE + dayOffset * 86400 - 10 * 86400;
      const to = from + 5 * 86400;
      for (const span of workingIntervals(hours, from, to)) {
        assert.ok(span.start < span.end);
        for (let t = span.start; t < span.end; t += 1800) {
          const local = utcToLocal(t, hours.timezone);
          const date = Date.UTC(local.year, local.month - 1, local.day) / 1000 / 86400;
          const weekday = WEEKDAYS[(((date - 4) % 7) + 7) % 7]!;
          const pair = hours.days[weekday];
          const hm = `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
          // A span may run into the next day's span at midnight (24:00 then 00:00).
          assert.ok(pair && hm >= pair[0] && hm < pair[1], `${hours.timezone} ${weekday} ${hm} in ${JSON.stringify(hours.days)}`);
        }
      }
    }), { numRuns: 100 });
  });

  test('(d) occurrences of a series keep the slot\'s wall-clock time and never precede it', () => {
    const rules = ['FREQ=DAILY', 'FREQ=WEEKLY;INTERVAL=2', 'FREQ=WEEKLY;BYDAY=MO,WE,FR', 'FREQ=MONTHLY', 'FREQ=DAILY;UNTIL=20250401T000000Z'];
    fc.assert(fc.property(fc.constantFrom(...rules), fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 60 * 96 }), (text, zone, q) => {
      const slot = { start: BASE + q * Q, end: BASE + q * Q + 3600 };
      const occurrences = seriesOccurrences(meetingRule(text), zone)(slot);
      if (occurrences === null) return;
      assert.deepEqual(occurrences[0], slot);
      const wall = utcToLocal(slot.start, zone);
      for (const o of occurrences.slice(1)) {
        assert.ok(o.start > slot.start && o.end - o.start === 3600);
        const l = utcToLocal(o.start, zone);
        // A wall time inside a DST gap moves forward by the gap.
        if (l.hour !== wall.hour || l.minute !== wall.minute) assert.equal((l.hour * 60 + l.minute) - (wall.hour * 60 + wall.minute), 60);
      }
    }), RUNS);
  });
});
