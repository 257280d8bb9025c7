/**
 * Recurrence expansion, by property (fast-check): random RRULEs (DAILY, WEEKLY,
 * MONTHLY with INTERVAL, BYDAY, COUNT or UNTIL) in zones with and without DST,
 * over random windows.
 *   (a) occurrencesBetween, which rebases DTSTART forward, equals a direct
 *       expansion by ical.js from DTSTART;
 *   (b) occurrences keep their local wall-clock time across DST;
 *   (c) exceptions and cancellations take exactly their slot out and put
 *       themselves in (the pure matcher of instances and instance_view);
 *   (d) all-day series never shift a day;
 *   (e) a series' stored occurrence list (the derived column free/busy reads)
 *       answers exactly as iterating its rule, or declines past its end.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import ICAL from 'ical.js';
import type { CalendarEvent } from '../../src/core/events/model.js';
import { expandAll } from '../../src/core/events/queries/instance-queries.js';
import { seriesInstances } from '../../src/core/events/queries/instances.js';
import { occurrencesBetween, type Occurrence, type Series } from '../../src/core/events/recurrence/expand.js';
import { parseRecurrence } from '../../src/core/events/recurrence/rrule.js';
import { readExpansion, STORED_LIMIT, storedOccurrencesBetween, writeExpansion } from '../../src/core/events/recurrence/stored.js';
import { localToUtc, utcToLocal, type LocalDateTime } from '../../src/core/events/recurrence/zones.js';
import { addDays, dateToUtcSeconds, type EventTime } from '../../src/core/events/time.js';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Shanghai', 'UTC'] as const;
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const DAY = 86400;
const RUNS = { numRuns: 150 };

/** RRULE values of the shapes Feishu documents, UNTIL relative to the start (filled in later). */
const ruleArb = fc.record({
  freq: fc.constantFrom('DAILY', 'WEEKLY', 'MONTHLY'),
  interval: fc.integer({ min: 1, max: 4 }),
  weekDays: fc.subarray([...DAYS], { minLength: 1, maxLength: 3 }),
  monthDay: fc.constantFrom('', '1MO', '2TU', '-1FR'),
  useByDay: fc.boolean(),
  end: fc.oneof(
    fc.record({ kind: fc.constant('count' as const), count: fc.integer({ min: 1, max: 80 }) }),
    fc.record({ kind: fc.constant('until' as const), afterDays: fc.integer({ min: 0, max: 900 }), dateOnly: fc.boolean() }),
    fc.record({ kind: fc.constant('none' as const) }),
  ),
});

type Rule = typeof ruleArb extends fc.Arbitrary<infer T> ? T : never;

function ruleText(rule: Rule, startTs: number): string {
  const parts = [`FREQ=${rule.freq}`, `INTERVAL=${rule.interval}`];
  if (rule.useByDay && rule.freq === 'WEEKLY') parts.push(`BYDAY=${rule.weekDays.join(',')}`);
  if (rule.useByDay && rule.freq === 'MONTHLY' && rule.monthDay) parts.push(`BYDAY=${rule.monthDay}`);
  if (rule.end.kind === 'count') parts.push(`COUNT=${rule.end.count}`);
  if (rule.end.kind === 'until') {
    const until = new Date((startTs + rule.end.afterDays * DAY) * 1000).toISOString().replace(/[-:]/g, '').slice(0, 15);
    parts.push(`UNTIL=${rule.end.dateOnly ? until.slice(0, 8) : `${until}Z`}`);
  }
  return parts.join(';');
}

/** 2020–2030, any minute of the day: DST gaps and overlaps included. */
const timedSeriesArb = fc.record({
  zone: fc.constantFrom(...ZONES),
  startTs: fc.integer({ min: 1577836800, max: 1893456000 }).map((s) => s - (s % 60)),
  duration: fc.integer({ min: 15, max: 3 * 24 * 60 }).map((m) => m * 60),
  rule: ruleArb,
});

/** Windows at any second, mostly within the first months of a series, sometimes years later. */
const windowArb = fc.record({
  offset: fc.oneof(fc.integer({ min: -3 * DAY, max: 120 * DAY }), fc.integer({ min: -30 * DAY, max: 1100 * DAY })),
  lengthHours: fc.oneof(fc.integer({ min: 1, max: 72 }), fc.integer({ min: 1, max: 60 * 24 })),
});

function timedSeries(s: { zone: string; startTs: number; duration: number; rule: Rule }): Series {
  return {
    start: { kind: 'timed', ts: s.startTs, tz: s.zone },
    end: { kind: 'timed', ts: s.startTs + s.duration, tz: s.zone },
    rule: parseRecurrence(ruleText(s.rule, s.startTs)),
  };
}

/**
 * The reference: ical.js iterates the RRULE from DTSTART itself (no rebasing),
 * each floating start is placed in the zone, UNTIL bounds the start (UTC, or
 * the local date for a date-only UNTIL), and overlap decides.
 */
function reference(series: Series, from: number, to: number): Array<[number, number, number]> {
  const allDay = series.start.kind === 'date';
  const zone = series.start.kind === 'timed' ? series.start.tz : 'UTC';
  const startLocal: LocalDateTime = series.start.kind === 'timed'
    ? utcToLocal(series.start.ts, zone)
    : { ...ymd(series.start.date), hour: 0, minute: 0, second: 0 };
  const duration = instant(series.end) - instant(series.start);
  const text = series.rule.text.split(';').filter((p) => !p.startsWith('UNTIL=')).join(';');
  const iterator = ICAL.Recur.fromString(text).iterator(ICAL.Time.fromData({ ...startLocal, isDate: allDay }));
  const out: Array<[number, number, number]> = [];
  for (let next = iterator.next(); next; next = iterator.next()) {
    const local = { year: next.year, month: next.month, day: next.day, hour: next.hour, minute: next.minute, second: next.second };
    const date = `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}`;
    const start = allDay ? dateToUtcSeconds(date) : localToUtc(local, zone);
    const until = series.rule.until;
    if (until && (until.kind === 'utc' ? start > until.seconds : date > until.date)) break;
    if (start >= to) break;
    const end = allDay ? dateToUtcSeconds(addDays(date, Math.round(duration / DAY))) : start + duration;
    if (end > from) out.push([start, start, end]);
  }
  return out;
}

const triples = (list: Occurrence[]) => list.map((o): [number, number, number] => [o.originalTime, o.startTs, o.endTs]);

describe('recurrence expansion (property)', () => {
  test('(a) rebased expansion equals a direct expansion from DTSTART', () => {
    fc.assert(fc.property(timedSeriesArb, windowArb, (s, w) => {
      const series = timedSeries(s);
      const from = s.startTs + w.offset;
      const to = from + w.lengthHours * 3600;
      assert.deepEqual(triples(occurrencesBetween(series, from, to)), reference(series, from, to));
    }), RUNS);
  });

  test('(b) every occurrence starts at the series\' local wall-clock time, unless that time does not exist that day', () => {
    fc.assert(fc.property(timedSeriesArb, windowArb, (s, w) => {
      const series = timedSeries(s);
      const wall = utcToLocal(s.startTs, s.zone);
      const from = s.startTs + w.offset;
      for (const o of occurrencesBetween(series, from, from + w.lengthHours * 3600)) {
        const local = utcToLocal(o.startTs, s.zone);
        const same = local.hour === wall.hour && local.minute === wall.minute;
        if (same) continue;
        // A nonexistent local time (spring-forward gap) moves forward by the gap, on the same day.
        const intended = { ...local, hour: wall.hour, minute: wall.minute, second: wall.second };
        const roundTrip = utcToLocal(localToUtc(intended, s.zone), s.zone);
        assert.ok(roundTrip.hour !== wall.hour || roundTrip.minute !== wall.minute, `${s.zone} ${JSON.stringify(local)} should be ${wall.hour}:${wall.minute}`);
        assert.ok(o.startTs - localToUtc(intended, s.zone) === 0, 'gap times are read with the offset before the gap');
      }
      // The zone's offset may change between occurrences; the duration never does.
      for (const o of occurrencesBetween(series, from, from + w.lengthHours * 3600)) assert.equal(o.endTs - o.startTs, s.duration);
    }), RUNS);
  });

  test('(d) all-day series expand in dates: UTC midnights, whole days, the same as the direct expansion', () => {
    const allDayArb = fc.record({
      startDay: fc.integer({ min: 18262, max: 21914 }), // 2020-01-01 … 2029-12-31, in days since the epoch
      days: fc.integer({ min: 1, max: 5 }),
      rule: ruleArb,
    });
    fc.assert(fc.property(allDayArb, windowArb, ({ startDay, days, rule }, w) => {
      const startDate = new Date(startDay * DAY * 1000).toISOString().slice(0, 10);
      const series: Series = {
        start: { kind: 'date', date: startDate }, end: { kind: 'date', date: addDays(startDate, days) },
        rule: parseRecurrence(ruleText(rule, startDay * DAY)),
      };
      const from = startDay * DAY + w.offset;
      const to = from + w.lengthHours * 3600;
      const found = occurrencesBetween(series, from, to);
      assert.deepEqual(triples(found), reference(series, from, to));
      for (const o of found) {
        assert.equal(o.start.kind, 'date');
        const date = (o.start as Extract<EventTime, { kind: 'date' }>).date;
        assert.equal(o.startTs, dateToUtcSeconds(date));
        assert.equal(o.originalTime % DAY, 0);
        assert.deepEqual(o.end, { kind: 'date', date: addDays(date, days) });
        if (rule.freq === 'DAILY') assert.equal(((o.startTs / DAY - startDay) % rule.interval), 0);
        if (rule.freq === 'WEEKLY' && rule.useByDay) assert.ok(rule.weekDays.includes(DAYS[(new Date(o.startTs * 1000).getUTCDay() + 6) % 7]!));
        if (rule.freq === 'WEEKLY' && !rule.useByDay) assert.equal(new Date(o.startTs * 1000).getUTCDay(), new Date(startDay * DAY * 1000).getUTCDay());
      }
    }), RUNS);
  });

  test('(e) a stored occurrence list answers exactly as iterating the rule, or declines past its end', () => {
    const allDayOr = fc.boolean();
    fc.assert(fc.property(timedSeriesArb, windowArb, allDayOr, fc.integer({ min: 0, max: 3 }), (s, w, allDay, limitChoice) => {
      const timed = timedSeries(s);
      const startDate = new Date(s.startTs * 1000).toISOString().slice(0, 10);
      const series: Series = allDay
        ? { start: { kind: 'date', date: startDate }, end: { kind: 'date', date: addDays(startDate, 1 + (s.duration % 3)) }, rule: timed.rule }
        : timed;
      const stored = readExpansion(writeExpansion(series));
      assert.ok(stored.originalTimes.length <= STORED_LIMIT);
      const from = s.startTs + w.offset;
      const to = from + w.lengthHours * 3600;
      const limit = [Infinity, 1, 3, 10][limitChoice]!;
      const read = storedOccurrencesBetween(series, stored, from, to, limit);
      if (read === undefined) {
        assert.equal(stored.complete, false);
        assert.ok(stored.originalTimes.at(-1)! < to);
        return;
      }
      assert.deepEqual(read, occurrencesBetween(series, from, to, limit));
    }), RUNS);
  });

  test('(c) exceptions and cancellations take out exactly their slot and stand in it by their own times', () => {
    const caseArb = fc.record({
      series: timedSeriesArb,
      window: windowArb,
      // Which occurrences of the window become exceptions, and how: moved by minutes, cancelled, or left alone.
      edits: fc.array(fc.record({ pick: fc.nat(), kind: fc.constantFrom('moved', 'cancelled', 'same'), shift: fc.integer({ min: -3000, max: 3000 }) }), { maxLength: 6 }),
    });
    fc.assert(fc.property(caseArb, ({ series: s, window: w, edits }) => {
      const master = eventOf(timedSeries(s), s);
      const from = s.startTs + w.offset;
      const to = from + w.lengthHours * 3600;
      // Slots to edit come from a wider span, so exceptions moved into and out of the window occur.
      const slots = occurrencesBetween(timedSeries(s), from - 3 * DAY, to + 3 * DAY, 400);
      const exceptions = new Map<number, CalendarEvent>();
      for (const edit of edits) {
        if (slots.length === 0) break;
        const slot = slots[edit.pick % slots.length]!;
        const shift = edit.kind === 'moved' ? edit.shift * 60 : 0;
        exceptions.set(slot.originalTime, exceptionOf(master, slot, shift, edit.kind === 'cancelled'));
      }
      const list = [...exceptions.values()];
      const plain = occurrencesBetween(timedSeries(s), from, to);
      const expected = new Map<string, string>();
      for (const o of plain) if (!exceptions.has(o.originalTime)) expected.set(`${master.seriesId}_${o.originalTime}`, 'plain');
      for (const e of list) {
        if (e.firstStart < to && e.lastEnd > from) expected.set(e.eventId, e.status === 'cancelled' ? 'cancelled' : 'exception');
      }
      const kind = (i: { event: CalendarEvent; occurrence?: Occurrence }) => (i.occurrence ? 'plain' : i.event.status === 'cancelled' ? 'cancelled' : 'exception');

      const instances = seriesInstances(master, list, from, to, 100_000);
      assert.deepEqual(new Map(instances.map((i) => [i.eventId, kind(i)])), expected);
      assert.equal(instances.length, expected.size, 'no slot shows twice');
      assert.deepEqual(instances.map((i) => i.startTs), [...instances.map((i) => i.startTs)].sort((a, b) => a - b));

      // instance_view's path: the master and the exceptions as candidates, slots from storage.
      if (expected.size <= 1000) {
        const viewed = expandAll([master, ...list.filter((e) => e.firstStart < to && e.lastEnd > from)], new Map([[master.seriesId, new Set(exceptions.keys())]]), { from, to });
        assert.deepEqual(viewed.map((i) => i.eventId), instances.map((i) => i.eventId));
      }
    }), RUNS);
  });
});

function eventOf(series: Series, s: { startTs: number; duration: number }): CalendarEvent {
  return {
    eventId: '11111111-2222-4333-8444-555555555555_0', seriesId: '11111111-2222-4333-8444-555555555555', uid: '11111111-2222-4333-8444-555555555555', originalTime: 0, tenantKey: 't',
    organizerCalendarId: 'c', organizer: 'app:a', status: 'confirmed', isException: false, createTime: 0, version: 1,
    firstStart: s.startTs, lastEnd: 253402300799, summary: 'Series', description: '', descriptionRich: '', start: series.start, end: series.end,
    recurrence: series.rule.text, visibility: 'default', attendeeAbility: 'none', freeBusyStatus: 'busy', color: 0, reminders: [], location: null,
    videoMeeting: null, schemas: [], attachments: [], checkIn: null, source: '',
  };
}

function exceptionOf(master: CalendarEvent, slot: Occurrence, shift: number, cancelled: boolean): CalendarEvent {
  const tz = master.start.kind === 'timed' ? master.start.tz : 'UTC';
  return {
    ...master, eventId: `${master.seriesId}_${slot.originalTime}`, originalTime: slot.originalTime, isException: true, recurrence: '',
    status: cancelled ? 'cancelled' : 'confirmed', start: { kind: 'timed', ts: slot.startTs + shift, tz }, end: { kind: 'timed', ts: slot.endTs + shift, tz },
    firstStart: slot.startTs + shift, lastEnd: slot.endTs + shift,
  };
}

function instant(t: EventTime): number {
  return t.kind === 'timed' ? t.ts : dateToUtcSeconds(t.date);
}

function ymd(date: string) {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
