/**
 * Issue #10 §4: any event the REST API can create survives REST → iCalendar →
 * the parser → the core unchanged, recurrence and exceptions included.
 *
 * A create body is generated in Feishu's JSON, kept only when the REST API
 * would take it (the route's schema, its control-character check, and the
 * core's own rules), and turned into the stored row as REST stores it. Some of
 * its occurrences are edited or cancelled as instance edits do. The series is
 * encoded as CalDAV and export serve it, decoded as CalDAV PUT and import read
 * it, and what the core makes of the decoded input must equal what it made of
 * the body: every field, each exception at its original time, each
 * cancellation as an EXDATE.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import fc from 'fast-check';
import { bodyToInput } from '../../src/adapters/open-api/schemas/event-input.js';
import { EventBody } from '../../src/adapters/open-api/schemas/event.js';
import { controlCharacterAt } from '../../src/adapters/open-api/validation.js';
import { DomainError } from '../../src/core/errors.js';
import { contentForCreate, type EventInput } from '../../src/core/events/input.js';
import type { CalendarEvent, EventContent } from '../../src/core/events/model.js';
import { occurrences } from '../../src/core/events/recurrence/expand.js';
import { parseRecurrence } from '../../src/core/events/recurrence/rrule.js';
import { decodeCalendar, encodeCalendar } from '../../src/core/icalendar/index.js';
import { eventRow, exceptionRow } from './icalendar/events.js';

/**
 * Text as clients type it, iCalendar's special characters (`,` `;` `\` `:` newlines, tabs) and non-ASCII over-represented.
 * No CR: RFC 5545 §3.3.11 TEXT has one line-break escape (`\n`), so a CRLF the REST API took comes back as LF
 * (the last test here pins that down).
 */
const TEXT_UNITS = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a', 'Z', '7', ' ', 'é', '会', '议', '🎉', 'ß') },
  { weight: 3, arbitrary: fc.constantFrom(',', ';', '\\', ':', '"', "'", '\n', '\t', '<b>', '*', '#', '=') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 1 }).filter((g) => !g.includes('\r')) },
);
const text = (max: number, min = 0) => fc.array(TEXT_UNITS, { minLength: min, maxLength: Math.min(max, 40) }).map((units) => units.join('').slice(0, max));

const ZONES = ['UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Sao_Paulo', 'Pacific/Auckland'];
/** 2019 to 2031, on whole minutes (clients and Feishu speak minutes), sometimes on odd seconds. */
const instant = fc.tuple(fc.integer({ min: 1_546_300_800 / 60, max: 1_924_905_600 / 60 }), fc.constantFrom(0, 0, 0, 30))
  .map(([minute, second]) => minute * 60 + second);
const day = fc.integer({ min: 17_897, max: 22_279 }).map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));

const timed = fc.tuple(instant, fc.integer({ min: 60, max: 3 * 86_400 }), fc.option(fc.constantFrom(...ZONES), { nil: undefined }))
  .map(([start, length, timezone]) => ({
    start_time: { timestamp: String(start), ...(timezone !== undefined && { timezone }) },
    end_time: { timestamp: String(start + length), ...(timezone !== undefined && { timezone }) },
  }));
const allDay = fc.tuple(day, fc.integer({ min: 0, max: 4 }))
  .map(([first, extra]) => ({ start_time: { date: first }, end_time: { date: new Date(Date.parse(first) + extra * 86_400_000).toISOString().slice(0, 10) } }));

const RULES = [
  'FREQ=DAILY', 'FREQ=DAILY;COUNT=5', 'FREQ=DAILY;INTERVAL=3;COUNT=10', 'FREQ=WEEKLY', 'FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=12',
  'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', 'FREQ=MONTHLY;BYMONTHDAY=15', 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=6', 'FREQ=MONTHLY;BYDAY=2TU',
  'FREQ=YEARLY;COUNT=3', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', 'FREQ=WEEKLY;WKST=SU;BYDAY=SU,SA', 'FREQ=DAILY;UNTIL=20301231',
  'FREQ=WEEKLY;UNTIL=20311231T000000Z;BYDAY=TH', 'FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR',
];

const location = fc.record({
  name: text(512, 1), address: text(255, 1),
  latitude: fc.double({ min: -90, max: 90, noNaN: true }), longitude: fc.double({ min: -180, max: 180, noNaN: true }),
}, { requiredKeys: [] });

const vchat = fc.record({
  vc_type: fc.constantFrom('vc', 'third_party', 'no_meeting', 'lark_live', 'unknown'),
  icon_type: fc.constantFrom('vc', 'live', 'default'),
  description: text(500),
  meeting_url: fc.webUrl(),
  meeting_settings: fc.record({
    join_meeting_permission: fc.constantFrom('anyone_can_join', 'only_organization_employees', 'only_event_attendees'),
    auto_record: fc.boolean(), open_lobby: fc.boolean(), allow_attendees_start: fc.boolean(),
  }, { requiredKeys: [] }),
}, { requiredKeys: [] });

const checkInPoint = fc.record({
  time_type: fc.constantFrom('before_event_start', 'after_event_start', 'after_event_end'),
  duration: fc.constantFrom(0, 5, 15, 30, 60),
});

/** The optional fields of a create body (events.md §2.1), any subset. */
const fields = fc.record({
  summary: text(1000),
  description: text(40960),
  description_rich: text(100000),
  visibility: fc.constantFrom('default', 'public', 'private'),
  attendee_ability: fc.constantFrom('none', 'can_see_others', 'can_invite_others', 'can_modify_event'),
  free_busy_status: fc.constantFrom('busy', 'free'),
  color: fc.integer({ min: -2147483648, max: 2147483647 }),
  reminders: fc.array(fc.record({ minutes: fc.integer({ min: -20160, max: 20160 }) }), { maxLength: 4 }),
  location,
  vchat,
  schemas: fc.array(fc.record({ ui_name: fc.constantFrom('ForwardIcon', 'MeetingChatIcon', 'RSVP'), ui_status: fc.constant('hide') }, { requiredKeys: ['ui_name'] }), { maxLength: 3 }),
  attachments: fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9]{8,24}$/), { maxLength: 3 }).map((tokens) => tokens.map((file_token) => ({ file_token }))),
  event_check_in: fc.record({ enable_check_in: fc.boolean(), check_in_start_time: checkInPoint, check_in_end_time: checkInPoint, need_notify_attendees: fc.boolean() }, { requiredKeys: ['enable_check_in'] }),
  source: text(256),
}, { requiredKeys: [] });

const body = fc.tuple(fc.oneof({ weight: 3, arbitrary: timed }, { weight: 1, arbitrary: allDay }), fields).map(([times, rest]) => ({ ...rest, ...times }));
const recurringBody = fc.tuple(body, fc.constantFrom(...RULES)).map(([b, recurrence]) => ({ ...b, recurrence }));

/** The stored content REST makes of a body, or undefined when REST refuses it. */
function createdBy(generated: Record<string, unknown>): { input: EventInput; content: EventContent } | undefined {
  // As the route gets it: parsed JSON (plain objects, no undefined, doubles as JSON writes them).
  const candidate = JSON.parse(JSON.stringify(generated)) as unknown;
  if (!Value.Check(EventBody, candidate) || controlCharacterAt(candidate) !== undefined) return undefined;
  const input = bodyToInput(candidate);
  // The upload route has checked each file (files/attachments.ts): its size and name come with it.
  input.attachments = input.attachments?.map((a, i) => ({ ...a, file: { size: 1024 * (i + 1), name: `file-${i}.pdf` } }));
  try {
    return { input, content: contentForCreate(input) };
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'invalid') return undefined;
    throw error;
  }
}

/** What the decoder's input turns into, by the same core rules. */
const contentOf = (input: EventInput): EventContent => contentForCreate(input);

/** An instance edit of one occurrence: a live exception with its own content, or a cancellation. */
const edit = fc.record({ pick: fc.nat(), cancelled: fc.boolean(), body });

function roundTrip(master: CalendarEvent, exceptions: CalendarEvent[]) {
  const text = encodeCalendar([{ master: { event: master, attendees: [] }, exceptions: exceptions.map((event) => ({ event, attendees: [] })), organizer: null }]);
  const decoded = decodeCalendar(text, { singleUid: true });
  assert.equal(decoded.length, 1, text);
  return { text, series: decoded[0]! };
}

test('a one-off event: every field survives encode and decode', () => {
  fc.assert(fc.property(body, (candidate) => {
    const made = createdBy(candidate);
    fc.pre(made !== undefined);
    const master = eventRow(made!.input);
    const { text, series } = roundTrip(master, []);
    assert.equal(series.uid, master.uid);
    assert.deepEqual(series.exdates, []);
    assert.deepEqual(series.overrides, []);
    assert.deepEqual(contentOf(series.master!.input), made!.content, text);
    assert.equal(series.master!.status, 'confirmed');
  }), { numRuns: 300 });
});

test('a series with edited and cancelled occurrences: the rule, each exception at its original time, each cancellation', () => {
  fc.assert(fc.property(recurringBody, fc.array(edit, { maxLength: 4 }), (candidate, edits) => {
    const made = createdBy(candidate);
    fc.pre(made !== undefined);
    const master = eventRow(made!.input);
    const first = [...take(occurrences({ start: master.start, end: master.end, rule: parseRecurrence(master.recurrence) }), 8)];
    const exceptions = new Map<number, { row: CalendarEvent; content?: EventContent }>();
    for (const e of edits) {
      const occurrence = first[e.pick % first.length];
      if (!occurrence || exceptions.has(occurrence.originalTime)) continue;
      const changed = createdBy(e.body);
      if (!changed && !e.cancelled) continue;
      // A cancelled occurrence keeps the series' content at its own time; an edited one has content of its own.
      const input: EventInput = e.cancelled || !changed ? { ...made!.input, recurrence: '', start: timeInput(occurrence.start), end: timeInput(occurrence.end, true) } : changed.input;
      const row = exceptionRow(master, occurrence.originalTime, { ...input, recurrence: '' }, e.cancelled ? { status: 'cancelled' } : {});
      exceptions.set(occurrence.originalTime, { row, ...(!e.cancelled && { content: contentForCreate({ ...input, recurrence: '' }) }) });
    }
    const { text, series } = roundTrip(master, [...exceptions.values()].map((x) => x.row));
    assert.equal(series.uid, master.uid);
    assert.deepEqual(contentOf(series.master!.input), made!.content, text);
    const cancelled = [...exceptions].filter(([, x]) => !x.content).map(([t]) => t).sort((a, b) => a - b);
    assert.deepEqual([...series.exdates].sort((a, b) => a - b), cancelled, text);
    const live = [...exceptions].filter(([, x]) => x.content).sort(([a], [b]) => a - b);
    assert.deepEqual(series.overrides.map((o) => o.originalTime).sort((a, b) => a - b), live.map(([t]) => t), text);
    for (const [originalTime, x] of live) {
      const override = series.overrides.find((o) => o.originalTime === originalTime)!;
      assert.deepEqual(contentOf(override.event.input), x.content, text);
      assert.equal(override.event.status, 'confirmed');
      assert.equal(override.event.input.uid, master.uid);
    }
  }), { numRuns: 200 });
});

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  for (const item of items) {
    yield item;
    if (--n === 0) return;
  }
}

/** An occurrence's time as a create body gives it; an all-day end is the inclusive last day. */
function timeInput(t: CalendarEvent['start'], isEnd = false): EventInput['start'] {
  if (t.kind === 'timed') return { timestamp: String(t.ts), timezone: t.tz };
  return { date: isEnd ? new Date(Date.parse(t.date) - 86_400_000).toISOString().slice(0, 10) : t.date };
}

test('the one change: a CRLF in text comes back as LF (TEXT escapes only \\n, RFC 5545 §3.3.11)', () => {
  const made = createdBy({ summary: 'a\r\nb', description: 'c\r\nd', start_time: { timestamp: '1767574800' }, end_time: { timestamp: '1767578400' } })!;
  const { series } = roundTrip(eventRow(made.input), []);
  assert.deepEqual([series.master!.input.summary, series.master!.input.description], ['a\nb', 'c\nd']);
});
