/** The decoder: clients' iCalendar → the core's inputs, and each refusal's precise code. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { contentForCreate } from '../../../src/core/events/input.js';
import { ICalendarError, decodeCalendar, encodeCalendar, type ICalendarErrorCode } from '../../../src/core/icalendar/index.js';
import { attendeeRow, eventRow, exceptionRow } from './events.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const utc = (...parts: [number, number, number, number, number]) => Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4]) / 1000;

describe('an Apple series with overrides, EXDATEs and a prefixed TZID', () => {
  const [series] = decodeCalendar(fixture('apple-series-with-override.ics'));
  const master = series!.master!;

  test('the UID is kept as sent, and the zone is the IANA one behind the prefix', () => {
    assert.equal(series!.uid, '3F2504E0-4F89-11D3-9A0C-0305E82C3301@apple.example');
    assert.equal(master.input.uid, series!.uid);
    assert.deepEqual(master.input.start, { timestamp: String(utc(2026, 3, 2, 8, 30)), timezone: 'Europe/Berlin' });
    assert.deepEqual(master.input.end, { timestamp: String(utc(2026, 3, 2, 9, 15)), timezone: 'Europe/Berlin' });
    // ical.js reads RRULE into parts and writes them back in its own order (only larkcal's own export keeps its text).
    assert.equal(master.input.recurrence, 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20260427T073000Z');
  });

  test('EXDATEs and the cancelled override are the cancelled occurrences; the live override keeps its slot', () => {
    assert.deepEqual(series!.exdates, [utc(2026, 3, 9, 8, 30), utc(2026, 3, 16, 8, 30), utc(2026, 4, 6, 7, 30)]);
    assert.equal(series!.overrides.length, 1);
    assert.equal(series!.overrides[0]!.originalTime, utc(2026, 3, 30, 7, 30));
    assert.equal(series!.overrides[0]!.event.input.summary, 'Planning (late)');
    assert.deepEqual(series!.overrides[0]!.event.input.start, { timestamp: String(utc(2026, 3, 30, 9, 0)), timezone: 'Europe/Berlin' });
  });

  test('fields: TEXT unescaped, CONFIDENTIAL is private, the alarm relative to the end is 15 minutes before the start', () => {
    assert.equal(master.input.summary, 'Planning');
    assert.deepEqual(master.input.location, { name: 'Room 4, 2nd floor' });
    assert.equal(master.input.visibility, 'private');
    assert.equal(master.input.freeBusyStatus, 'busy');
    assert.deepEqual(master.input.reminders, [{ minutes: 15 }]);
    assert.equal(master.input.description, '');
    assert.equal(master.input.color, undefined);
    assert.equal(master.sequence, 3);
    assert.equal(master.lastModified, utc(2026, 1, 2, 10, 0));
  });

  test('organizer and attendees by email and cutype', () => {
    assert.deepEqual(master.organizer, { email: 'bob@example.com', name: 'Bob, B.' });
    assert.deepEqual(master.attendees, [
      { email: 'carol@example.com', address: 'mailto:carol@example.com', name: 'Carol', cutype: 'INDIVIDUAL', rsvpStatus: 'tentative', isOptional: true, isChair: false },
      { email: 'room4@example.com', address: 'mailto:room4@example.com', name: 'Room 4', cutype: 'ROOM', rsvpStatus: 'accept', isOptional: false, isChair: false },
    ]);
  });
});

describe('refusals', () => {
  const cases: Array<[string, ICalendarErrorCode, { singleUid?: boolean }?]> = [
    ['not-icalendar.ics', 'unparsable'],
    ['unterminated-vevent.ics', 'unparsable'],
    ['vtodo-only-no-vevent.ics', 'no_vevent'],
    ['vevent-without-dtstart.ics', 'no_dtstart'],
    ['rrule-never-occurs.ics', 'invalid_rrule'],
    ['tzid-unknown.ics', 'unknown_timezone'],
    ['two-uids.ics', 'several_uids', { singleUid: true }],
  ];
  for (const [name, code, options] of cases) {
    test(`${name} → ${code}`, () => {
      assert.throws(() => decodeCalendar(fixture(name), options), (error: unknown) => error instanceof ICalendarError && error.code === code);
    });
  }

  test('without singleUid, two UIDs are two series', () => {
    assert.deepEqual(decodeCalendar(fixture('two-uids.ics')).map((s) => s.uid), ['one', 'two']);
  });
});

describe('encode → decode gives the core the content it stored', () => {
  const uids = ['plain', 'with spaces, commas; and semicolons', '040000008200E00074C5B7101A82E00800000000@outlook', 'ü-ñ-日本', 'a\\b'];
  for (const uid of uids) {
    test(`UID ${JSON.stringify(uid)}`, () => {
      const event = eventRow({ uid, start: { timestamp: '1767574800' }, end: { timestamp: '1767578400' } });
      const [decoded] = decodeCalendar(encodeCalendar([{ master: { event, attendees: [] }, exceptions: [], organizer: null }]));
      assert.equal(decoded!.uid, uid);
    });
  }

  test('every Feishu field of a series and its exception', () => {
    const master = eventRow({
      summary: 'All, fields; here\\', description: 'a\nb', descriptionRich: '<p>a</p><p>b, c</p>', start: { timestamp: '1767574800', timezone: 'America/New_York' },
      end: { timestamp: '1767578400', timezone: 'America/New_York' }, recurrence: 'FREQ=DAILY;INTERVAL=2;UNTIL=20260301', visibility: 'public',
      attendeeAbility: 'can_modify_event', freeBusyStatus: 'free', color: 16711680, reminders: [{ minutes: 0 }, { minutes: 1440 }],
      location: { address: 'Somewhere 1, Town' }, videoMeeting: { kind: 'link', url: 'https://meet.example/x;y', label: 'Meet, now' },
      schemas: [{ ui_name: 'ForwardIcon', ui_status: 'hide' }], attachments: [{ fileToken: 'boxcn1', remove: false, file: { size: 10, name: 'a,b.txt' } }],
      checkIn: { enabled: true, opens: { anchor: 'beforeStart', minutes: 5 } }, source: 'import',
    });
    const exception = exceptionRow(master, 1767747600, { summary: 'Exception', start: { timestamp: '1767751200', timezone: 'America/New_York' }, end: { timestamp: '1767754800' } });
    const attendee = attendeeRow({ type: 'third_party', email: 'x@y.example', displayName: 'X', rsvpStatus: 'accept' });
    const text = encodeCalendar([{ master: { event: master, attendees: [{ attendee, email: null }] }, exceptions: [{ event: exception, attendees: [] }], organizer: null }]);
    const [decoded] = decodeCalendar(text);
    const { uid: _u, ...masterContent } = contentForCreate(decoded!.master!.input) as ReturnType<typeof contentForCreate> & { uid?: string };
    const expected = { ...master } as Record<string, unknown>;
    for (const key of Object.keys(expected)) if (!(key in masterContent)) delete expected[key];
    assert.deepEqual(masterContent, expected);
    assert.equal(decoded!.overrides[0]!.originalTime, 1767747600);
    const overrideContent = contentForCreate(decoded!.overrides[0]!.event.input) as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(overrideContent)) assert.deepEqual(value, (exception as unknown as Record<string, unknown>)[key], key);
    assert.deepEqual(decoded!.master!.attendees, [{ email: 'x@y.example', address: 'mailto:x@y.example', name: 'X', cutype: 'INDIVIDUAL', rsvpStatus: 'accept', isOptional: false, isChair: false, larkcal: { type: 'third_party', id: 'x@y.example' } }]);
  });

  test('a client that edits LOCATION wins over the exact location larkcal wrote', () => {
    const event = eventRow({ start: { timestamp: '1767574800' }, end: { timestamp: '1767578400' }, location: { name: 'Old', address: 'Addr' } });
    const text = encodeCalendar([{ master: { event, attendees: [] }, exceptions: [], organizer: null }]).replace('LOCATION:Old', 'LOCATION:New');
    assert.deepEqual(decodeCalendar(text)[0]!.master!.input.location, { name: 'New' });
  });

  test('an all-day series: dates, the inclusive last day, EXDATE as VALUE=DATE', () => {
    const master = eventRow({ start: { date: '2026-02-27' }, end: { date: '2026-02-28' }, recurrence: 'FREQ=YEARLY;COUNT=3' });
    const cancelled = exceptionRow(master, Date.UTC(2027, 1, 27) / 1000, { start: { date: '2027-02-27' }, end: { date: '2027-02-28' } }, { status: 'cancelled' });
    const text = encodeCalendar([{ master: { event: master, attendees: [] }, exceptions: [{ event: cancelled, attendees: [] }], organizer: null }]);
    assert.match(text, /EXDATE;VALUE=DATE:20270227\r\n/);
    const [decoded] = decodeCalendar(text);
    assert.deepEqual(decoded!.master!.input.start, { date: '2026-02-27' });
    assert.deepEqual(decoded!.master!.input.end, { date: '2026-02-28' });
    assert.deepEqual(decoded!.exdates, [Date.UTC(2027, 1, 27) / 1000]);
  });
});
