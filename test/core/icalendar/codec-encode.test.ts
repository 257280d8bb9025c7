/** The encoder: what a series, an all-day event and attendees look like on the wire (RFC 5545). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeCalendar, encodeSeriesEvents } from '../../../src/core/icalendar/index.js';
import { fold } from '../../../src/core/icalendar/content-line.js';
import { attendeeRow, eventRow, exceptionRow } from './events.js';

/** Unfolded content lines of a document. */
const lines = (text: string) => text.replace(/\r\n /g, '').split('\r\n').filter((l) => l !== '');

// 2026-01-05 09:00 Asia/Shanghai = 01:00Z.
const weekly = eventRow({
  summary: 'Standup, daily; sort of', description: 'line one\nline two', start: { timestamp: '1767574800', timezone: 'Asia/Shanghai' },
  end: { timestamp: '1767576600', timezone: 'Asia/Shanghai' }, recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10', visibility: 'private',
  freeBusyStatus: 'free', reminders: [{ minutes: 15 }, { minutes: -5 }], location: { name: 'Room 1', address: '1 Main St', latitude: 31.2, longitude: 121.5 },
});

describe('a series', () => {
  const moved = exceptionRow(weekly, 1767747600, { summary: 'Moved', start: { timestamp: '1767751200', timezone: 'Asia/Shanghai' }, end: { timestamp: '1767753000', timezone: 'Asia/Shanghai' } });
  const cancelled = exceptionRow(weekly, 1768179600, { start: { timestamp: '1768179600' }, end: { timestamp: '1768181400' } }, { status: 'cancelled' });
  const text = encodeSeriesEvents({ master: { event: weekly, attendees: [] }, exceptions: [cancelled, moved].map((event) => ({ event, attendees: [] })), organizer: { email: 'alice@acme.example', name: 'Alice' } });
  const all = lines(text);

  test('the master carries RRULE and the cancelled occurrence as EXDATE in its zone', () => {
    assert.ok(all.includes('DTSTART;TZID=Asia/Shanghai:20260105T090000'));
    assert.ok(all.includes('DTEND;TZID=Asia/Shanghai:20260105T093000'));
    assert.ok(all.includes('RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10'));
    assert.ok(all.includes('EXDATE;TZID=Asia/Shanghai:20260112T090000'));
  });

  test('a live exception is a VEVENT with RECURRENCE-ID; a cancelled one is not', () => {
    assert.equal(all.filter((l) => l === 'BEGIN:VEVENT').length, 2);
    assert.ok(all.includes('RECURRENCE-ID;TZID=Asia/Shanghai:20260107T090000'));
    assert.ok(all.includes('SUMMARY:Moved'));
  });

  test('TEXT is escaped; CLASS, TRANSP, STATUS, GEO, ORGANIZER and alarms are written', () => {
    assert.ok(all.includes('SUMMARY:Standup\\, daily\\; sort of'));
    assert.ok(all.includes('DESCRIPTION:line one\\nline two'));
    assert.ok(all.includes('LOCATION:Room 1'));
    assert.ok(all.includes('GEO:31.2;121.5'));
    assert.ok(all.includes('CLASS:PRIVATE'));
    assert.ok(all.includes('TRANSP:TRANSPARENT'));
    assert.ok(all.includes('STATUS:CONFIRMED'));
    assert.ok(all.includes('ORGANIZER;CN=Alice:mailto:alice@acme.example'));
    assert.ok(all.includes('TRIGGER:-PT15M'));
    assert.ok(all.includes('TRIGGER:PT5M'));
    assert.ok(all.includes('UID:0c2a5f4e-1b7d-4e59-9a43-2f1d8c3b6e70'));
    assert.ok(all.includes('SEQUENCE:7'));
    assert.ok(all.includes('DTSTAMP:20260101T000000Z'));
  });
});

describe('documents', () => {
  test('an all-day event is VALUE=DATE with an exclusive DTEND, and needs no VTIMEZONE', () => {
    const event = eventRow({ summary: 'Holiday', start: { date: '2026-05-01' }, end: { date: '2026-05-03' } });
    const all = lines(encodeCalendar([{ master: { event, attendees: [] }, exceptions: [], organizer: null }]));
    assert.deepEqual(all.slice(0, 4), ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//larkcal//larkcal//EN', 'CALSCALE:GREGORIAN']);
    assert.ok(all.includes('DTSTART;VALUE=DATE:20260501'));
    assert.ok(all.includes('DTEND;VALUE=DATE:20260504'));
    assert.ok(!all.includes('BEGIN:VTIMEZONE'));
    assert.equal(all.at(-1), 'END:VCALENDAR');
  });

  test('UTC times are written in the Z form', () => {
    const event = eventRow({ start: { timestamp: '1767574800', timezone: 'UTC' }, end: { timestamp: '1767578400', timezone: 'UTC' } });
    const all = lines(encodeCalendar([{ master: { event, attendees: [] }, exceptions: [], organizer: null }]));
    assert.ok(all.includes('DTSTART:20260105T010000Z'));
    assert.ok(!all.includes('BEGIN:VTIMEZONE'));
  });

  test('a zone with DST gets a VTIMEZONE with its transitions', () => {
    const event = eventRow({ start: { timestamp: '1767574800', timezone: 'Europe/Berlin' }, end: { timestamp: '1767578400', timezone: 'Europe/Berlin' } });
    const all = lines(encodeCalendar([{ master: { event, attendees: [] }, exceptions: [], organizer: null }]));
    const start = all.indexOf('TZID:Europe/Berlin');
    assert.ok(start > 0);
    // 2026-03-29 02:00 CET → CEST, 2026-10-25 03:00 CEST → CET.
    const text = all.join('\n');
    assert.match(text, /BEGIN:DAYLIGHT\nDTSTART:20260329T020000\nTZOFFSETFROM:\+0100\nTZOFFSETTO:\+0200\nEND:DAYLIGHT/);
    assert.match(text, /BEGIN:STANDARD\nDTSTART:20261025T030000\nTZOFFSETFROM:\+0200\nTZOFFSETTO:\+0100\nEND:STANDARD/);
  });

  test('attendees: mailto, CN, CUTYPE, ROLE, PARTSTAT and larkcal\'s own type and id', () => {
    const event = eventRow({ start: { timestamp: '1767574800' }, end: { timestamp: '1767578400' } });
    const attendees = [
      { attendee: attendeeRow({ type: 'user', userRef: 'alice', displayName: 'Alice', isOrganizer: true, rsvpStatus: 'accept' }), email: 'alice@acme.example', publicId: 'u_alice' },
      { attendee: attendeeRow({ type: 'resource', roomId: 'omm_1', displayName: 'Room 1', rsvpStatus: 'accept' }), email: null },
      { attendee: attendeeRow({ type: 'chat', chatId: 'oc_1', displayName: 'Team', isOptional: true }), email: null },
      { attendee: attendeeRow({ type: 'third_party', email: 'guest@else.example', displayName: 'guest@else.example', rsvpStatus: 'decline' }), email: null },
      { attendee: attendeeRow({ type: 'user', userRef: 'gone', removed: true }), email: 'gone@acme.example' },
    ];
    const all = lines(encodeSeriesEvents({ master: { event, attendees }, exceptions: [], organizer: null })).filter((l) => l.startsWith('ATTENDEE'));
    assert.deepEqual(all, [
      'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=CHAIR;PARTSTAT=ACCEPTED;CN=Alice;X-LARKCAL-TYPE=user;X-LARKCAL-ID=u_alice:mailto:alice@acme.example',
      'ATTENDEE;CUTYPE=ROOM;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Room 1;X-LARKCAL-TYPE=resource;X-LARKCAL-ID=omm_1:urn:x-larkcal:resource%3Aomm_1',
      'ATTENDEE;CUTYPE=GROUP;ROLE=OPT-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN=Team;X-LARKCAL-TYPE=chat;X-LARKCAL-ID=oc_1:urn:x-larkcal:chat%3Aoc_1',
      'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=DECLINED;CN=guest@else.example;X-LARKCAL-TYPE=third_party;X-LARKCAL-ID=guest@else.example:mailto:guest@else.example',
    ]);
  });

  test('a user attendee never carries the internal user ref: without its public id, the attendee id stands in', () => {
    const event = eventRow({ start: { timestamp: '1767574800' }, end: { timestamp: '1767578400' } });
    const attendee = attendeeRow({ type: 'user', userRef: 'internal-ref-7', attendeeId: 'user_123', displayName: 'Bob' });
    const text = encodeSeriesEvents({ master: { event, attendees: [{ attendee, email: null }] }, exceptions: [], organizer: null });
    assert.doesNotMatch(text, /internal-ref-7/);
    assert.match(text, /X-LARKCAL-ID=user_123/);
  });
});

describe('content lines', () => {
  test('fold at 75 octets, never inside a UTF-8 character', () => {
    const folded = fold(`SUMMARY:${'日'.repeat(40)}`);
    for (const line of folded.split('\r\n').filter((l) => l !== '')) assert.ok(Buffer.byteLength(line) <= 75, line);
    assert.equal(folded.replace(/\r\n /g, ''), `SUMMARY:${'日'.repeat(40)}\r\n`);
  });
});
