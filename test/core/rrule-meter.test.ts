/**
 * The expansion meter and the rebased start (recurrence/metered.ts,
 * rebase.ts): a rule that stops matching is stopped by the `gap` budget (and
 * refused where a client is sending it), a long expansion by the `total` one,
 * and a read decades after DTSTART starts near its window yet finds exactly
 * the occurrences a walk from DTSTART finds (property, fast-check).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { DomainError } from '../../src/core/errors.js';
import { occurrences, occurrencesBetween, type Series } from '../../src/core/events/recurrence/expand.js';
import { MeteredIterator, MeterSpent } from '../../src/core/events/recurrence/metered.js';
import { parseRecurrence, storedRecurrence } from '../../src/core/events/recurrence/rrule.js';
import { localToUtc } from '../../src/core/events/recurrence/zones.js';

const TUESDAY_9 = ICAL.Time.fromData({ year: 2026, month: 1, day: 6, hour: 9, minute: 0, second: 0, isDate: false });
const TUESDAY_9_TS = 1767661200; // the same instant in Asia/Shanghai
const series = (text: string, ts = TUESDAY_9_TS): Series => ({
  start: { kind: 'timed', ts, tz: 'Asia/Shanghai' }, end: { kind: 'timed', ts: ts + 3600, tz: 'Asia/Shanghai' }, rule: parseRecurrence(text),
});

test('a rule that never matches from its start spends the gap budget', () => {
  const iterator = new MeteredIterator(ICAL.Recur.fromString('FREQ=DAILY;INTERVAL=7;BYDAY=MO'), TUESDAY_9);
  assert.equal(iterator.next()?.day, 6); // ical.js gives DTSTART itself first
  assert.throws(() => iterator.next(), (e: unknown) => e instanceof MeterSpent && e.reason === 'gap');
});

test('a long expansion spends the total budget', () => {
  const iterator = new MeteredIterator(ICAL.Recur.fromString('FREQ=DAILY'), TUESDAY_9);
  let n = 0;
  assert.throws(() => {
    for (;;) if (iterator.next()) n++;
  }, (e: unknown) => e instanceof MeterSpent && e.reason === 'total');
  assert.ok(n > 5000, `${n} occurrences before the budget was spent`);
});

test('occurrences end a runaway series on reads, and refuse it naming the field on writes', () => {
  const runaway = series('FREQ=DAILY;INTERVAL=7;BYDAY=MO');
  assert.deepEqual([...occurrences(runaway)].map((o) => o.startTs), [TUESDAY_9_TS]);
  assert.throws(() => [...occurrences(runaway, undefined, { field: 'event_rrule' })], (e: unknown) => e instanceof DomainError && e.violations[0]?.field === 'event_rrule');
  const outcome = { truncated: false };
  const long = [...occurrences(series('FREQ=DAILY'), undefined, { outcome })];
  assert.deepEqual([long.length > 5000, outcome.truncated], [true, true]);
});

test('a stored rule that the present checks refuse is still read, bounded: no read of its calendar fails', () => {
  assert.throws(() => parseRecurrence('FREQ=HOURLY;COUNT=3'), DomainError);
  const hourly: Series = { ...series('FREQ=DAILY'), rule: storedRecurrence('FREQ=HOURLY;COUNT=3') };
  assert.deepEqual(occurrencesBetween(hourly, TUESDAY_9_TS, TUESDAY_9_TS + 86400).map((o) => o.startTs - TUESDAY_9_TS), [0, 3600, 7200]);
  const unreadable: Series = { ...series('FREQ=DAILY'), rule: storedRecurrence('FREQ=FORTNIGHTLY;BYDAY=XX') };
  assert.deepEqual(occurrencesBetween(unreadable, TUESDAY_9_TS, TUESDAY_9_TS + 30 * 86400).map((o) => o.startTs), [TUESDAY_9_TS]);
  // Rules that pass the present checks are the parser's own.
  assert.equal(storedRecurrence('FREQ=WEEKLY'), parseRecurrence('FREQ=WEEKLY'));
});

const monthlyOrYearly = fc.record({
  freq: fc.constantFrom('MONTHLY', 'YEARLY'),
  interval: fc.integer({ min: 1, max: 7 }),
  by: fc.constantFrom('', ';BYDAY=-1FR', ';BYDAY=MO,TU;BYSETPOS=2', ';BYMONTHDAY=1,15,-1', ';BYDAY=2WE;BYMONTH=3,11', ';BYYEARDAY=100,-1', ';BYWEEKNO=1,20;BYDAY=TH', ';BYMONTHDAY=31'),
});

test('a read decades after DTSTART finds what a walk from DTSTART finds (property)', () => {
  fc.assert(fc.property(
    monthlyOrYearly,
    fc.integer({ min: 0, max: 27 }), // day of January 2026, time 09:00 local
    fc.integer({ min: 2, max: 60 }), // years later
    fc.integer({ min: 1, max: 120 }), // days in the window
    ({ freq, interval, by }, day, years, windowDays) => {
      let text = `FREQ=${freq};INTERVAL=${interval}${by}`;
      try {
        parseRecurrence(text);
      } catch {
        text = `FREQ=${freq};INTERVAL=${interval}`; // a BY part this FREQ may not take
      }
      const ts = TUESDAY_9_TS + (day - 5) * 86400;
      const s = series(text, ts);
      const from = ts + years * 365 * 86400;
      const to = from + windowDays * 86400;
      const direct = ICAL.Recur.fromString(text).iterator(ICAL.Time.fromData({ year: 2026, month: 1, day: day + 1, hour: 9, minute: 0, second: 0, isDate: false }));
      const want: number[] = [];
      for (let t = direct.next(); t; t = direct.next()) {
        const at = localToUtc({ year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second }, 'Asia/Shanghai');
        if (at >= to) break;
        if (at + 3600 > from) want.push(at);
      }
      assert.deepEqual(occurrencesBetween(s, from, to).map((o) => o.startTs), want, text);
    },
  ), { numRuns: 120 });
});
