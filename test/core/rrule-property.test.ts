/**
 * Random RRULE texts through the parser and the expansion (property, issue
 * #15 §9 and #16 §1): every text is either refused with 190002 naming
 * `recurrence`, or accepted; an accepted rule, from a random start in a random
 * zone, is either refused for that start (naming `recurrence` again) or
 * stored; and every accepted rule expands over any window without throwing, in
 * start order, inside the window, a bounded number of occurrences.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DomainError } from '../../src/core/errors.js';
import { occurrencesBetween, type Series } from '../../src/core/events/recurrence/expand.js';
import { MAX_TIMES_A_DAY } from '../../src/core/events/recurrence/rrule-parts.js';
import { parseRecurrence } from '../../src/core/events/recurrence/rrule.js';
import { seriesFacts } from '../../src/core/events/recurrence/stored.js';
import { ruleText } from './rrule-arbitrary.js';

const DAY = 86400;
const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'UTC'];

const namesRecurrence = (error: unknown) => error instanceof DomainError && error.violations[0]?.field === 'recurrence';

test('a random rule is refused naming recurrence, or accepted and expands within bounds', () => {
  let accepted = 0;
  let stored = 0;
  fc.assert(fc.property(
    ruleText,
    fc.integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2030, 0, 1) / 1000 }),
    fc.constantFrom(...ZONES),
    fc.boolean(),
    fc.integer({ min: -30, max: 3000 }),
    fc.constantFrom(1, 7, 40, 121, 400),
    (text, start, tz, allDay, offsetDays, windowDays) => {
      let rule;
      try {
        rule = parseRecurrence(text);
      } catch (error) {
        assert.ok(namesRecurrence(error), `${text}: ${String(error)}`);
        return;
      }
      accepted++;
      const date = new Date(start * 1000).toISOString().slice(0, 10);
      const series: Series = allDay
        ? { start: { kind: 'date', date }, end: { kind: 'date', date: new Date((start + DAY) * 1000).toISOString().slice(0, 10) }, rule }
        : { start: { kind: 'timed', ts: start, tz }, end: { kind: 'timed', ts: start + 3600, tz }, rule };
      try {
        const facts = seriesFacts(series);
        assert.match(facts.expansion, /^[cp]:(-?\d+(,-?\d+)*)?$/, text);
        stored++;
      } catch (error) {
        assert.ok(namesRecurrence(error), `${text} from ${start}: ${String(error)}`);
      }
      const from = start + offsetDays * DAY;
      const to = from + windowDays * DAY;
      const found = occurrencesBetween(series, from, to);
      assert.ok(found.length <= (windowDays + 2) * MAX_TIMES_A_DAY, `${text}: ${found.length} occurrences in ${windowDays} days`);
      for (const [i, o] of found.entries()) {
        assert.ok(o.startTs < to && (o.endTs > from || (o.endTs === o.startTs && o.startTs >= from)), text);
        if (i > 0) assert.ok(found[i - 1]!.startTs <= o.startTs, text);
      }
    },
  ), { numRuns: 400 });
  // The generator is meant to reach both sides; a change that refuses (or takes) everything would pass the above.
  assert.ok(accepted > 40 && stored > 20, `accepted ${accepted}, stored ${stored}`);
});
