/** One event, two shapes (issue #10 §3): CalDAV writes go through REST's use cases, and REST sees them. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import type { TestServer } from '../support/server.js';
import { caldavAccount, caldavSetup, dav, ics, type Account } from './caldav-support.js';

for (const dialect of DIALECTS) {
  describe(`caldav: one event, two shapes (${dialect})`, () => {
    let server: TestServer;
    let alice: Account;
    let calendarId: string;
    before(async () => ({ server, account: alice, calendarId } = await caldavSetup(dialect, 'alice')));
    after(() => server.close());

    const path = (uid: string) => `/dav/calendars/alice/${calendarId}/${uid}.ics`;
    const put = (uid: string, body: string, headers: Record<string, string> = {}) => dav(server, alice, 'PUT', path(uid), body, { 'content-type': 'text/calendar; charset=utf-8', ...headers });

    test('attendees by email become tenant users or email guests; a ROOM attendee is booked and its PARTSTAT shows it', async () => {
      const v4 = server.client().calendar.v4;
      const asAlice = await server.asUser('alice');
      const sync = (await v4.calendarEvent.list({ path: { calendar_id: calendarId }, params: { page_size: 500 } }, asAlice)).data!.sync_token!;
      const res = await put('meet-1', ics('meet-1', [
        'DTSTART:20260317T090000Z', 'DTEND:20260317T100000Z', 'SUMMARY:Review', 'CLASS:PRIVATE', 'TRANSP:TRANSPARENT',
        'ATTENDEE;CN=Bob Li;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT:mailto:Bob@acme.example',
        'ATTENDEE;CN=Guest;ROLE=OPT-PARTICIPANT:mailto:guest@elsewhere.example',
        'ATTENDEE;CUTYPE=ROOM;CN=Everest:mailto:everest@rooms.invalid',
        'BEGIN:VALARM', 'ACTION:DISPLAY', 'DESCRIPTION:Reminder', 'TRIGGER:-PT15M', 'END:VALARM',
      ]));
      assert.equal(res.status, 201, res.text);
      // The change log: REST's incremental sync sees the CalDAV write.
      const changed = (await v4.calendarEvent.list({ path: { calendar_id: calendarId }, params: { sync_token: sync } }, asAlice)).data!.items ?? [];
      const event = changed.find((e) => e.summary === 'Review');
      assert.ok(event, 'the sync_token list has it');
      assert.deepEqual({ visibility: event.visibility, free_busy_status: event.free_busy_status, reminders: event.reminders }, { visibility: 'private', free_busy_status: 'free', reminders: [{ minutes: 15 }] });
      const attendees = (await v4.calendarEventAttendee.list({ path: { calendar_id: calendarId, event_id: event.event_id! }, params: { user_id_type: 'user_id', page_size: 100 } }, asAlice)).data!.items!;
      const shown = attendees.map((a) => ({ type: a.type, user_id: a.user_id, email: a.third_party_email, room: a.room_id, optional: a.is_optional, rsvp: a.rsvp_status }))
        .sort((a, b) => `${a.type}${a.user_id}`.localeCompare(`${b.type}${b.user_id}`));
      assert.deepEqual(shown, [
        { type: 'resource', user_id: undefined, email: undefined, room: 'omm_83d09ad4f6896e02029a6a075f71c9d1', optional: false, rsvp: 'accept' },
        { type: 'third_party', user_id: undefined, email: 'guest@elsewhere.example', room: undefined, optional: true, rsvp: 'needs_action' },
        // The organizer is on the list as REST puts them there.
        { type: 'user', user_id: 'alice', email: undefined, room: undefined, optional: false, rsvp: 'accept' },
        { type: 'user', user_id: 'bob', email: undefined, room: undefined, optional: false, rsvp: 'needs_action' },
      ]);
      const got = await dav(server, alice, 'GET', path('meet-1'));
      assert.match(got.text, /ATTENDEE;[^\r\n]*CUTYPE=ROOM[^\r\n]*PARTSTAT=ACCEPTED|ATTENDEE;[^\r\n]*PARTSTAT=ACCEPTED[^\r\n]*CUTYPE=ROOM/);
      assert.match(got.text, /\r\nCLASS:PRIVATE\r\n/);
      assert.match(got.text, /\r\nTRANSP:TRANSPARENT\r\n/);
      assert.match(got.text, /\r\nBEGIN:VALARM\r\n[\s\S]*TRIGGER[^:]*:-PT15M\r\n/);
    });

    test('a round trip through CalDAV keeps the object, attendees included; dropping an attendee removes it', async () => {
      const first = await dav(server, alice, 'GET', path('meet-1'));
      const back = await put('meet-1', first.text, { 'if-match': first.headers.get('etag')! });
      assert.equal(back.status, 204, back.text);
      const second = await dav(server, alice, 'GET', path('meet-1'));
      const strip = (text: string) => text.replace(/\r\n(SEQUENCE|DTSTAMP|LAST-MODIFIED):[^\r\n]*/g, '');
      assert.equal(strip(second.text), strip(first.text));
      // RFC 5545 §3.1: unfold before editing lines.
      const unfolded = second.text.replace(/\r\n /g, '');
      const withoutGuest = unfolded.replace(/\r\nATTENDEE[^\r\n]*guest@elsewhere\.example/, '');
      assert.notEqual(withoutGuest, unfolded);
      assert.equal((await put('meet-1', withoutGuest)).status, 204);
      assert.doesNotMatch((await dav(server, alice, 'GET', path('meet-1'))).text, /guest@elsewhere/);
    });

    test("an invitee's PUT of their copy is their reply (PARTSTAT); the organizer's fields stay", async () => {
      const bob = await caldavAccount(server, 'bob');
      const bobPrimary = (await server.client().calendar.v4.calendar.primary({}, await server.asUser('bob'))).data!.calendars![0]!.calendar!.calendar_id!;
      const copy = await dav(server, bob, 'GET', `/dav/calendars/bob/${bobPrimary}/meet-1.ics`);
      assert.equal(copy.status, 200);
      const unfolded = copy.text.replace(/\r\n /g, '');
      const accepted = unfolded
        .replace(/(ATTENDEE;[^\r\n]*)PARTSTAT=NEEDS-ACTION([^\r\n]*:mailto:bob@acme\.example)/, '$1PARTSTAT=ACCEPTED$2')
        .replace('SUMMARY:Review', 'SUMMARY:Bob was here');
      assert.notEqual(accepted, unfolded);
      const res = await dav(server, bob, 'PUT', `/dav/calendars/bob/${bobPrimary}/meet-1.ics`, accepted, { 'content-type': 'text/calendar', 'if-match': copy.headers.get('etag')! });
      assert.equal(res.status, 204, res.text);
      const asAlice = await server.asUser('alice');
      const v4 = server.client().calendar.v4;
      const event = ((await v4.calendarEvent.list({ path: { calendar_id: calendarId }, params: { page_size: 500 } }, asAlice)).data!.items ?? []).find((e) => e.summary === 'Review');
      assert.ok(event, "the organizer's summary stays");
      const attendees = (await v4.calendarEventAttendee.list({ path: { calendar_id: calendarId, event_id: event.event_id! }, params: { user_id_type: 'user_id', page_size: 100 } }, asAlice)).data!.items!;
      assert.equal(attendees.find((a) => a.user_id === 'bob')?.rsvp_status, 'accept');
      // Deleting the copy declines; the event itself stays.
      assert.equal((await dav(server, bob, 'DELETE', `/dav/calendars/bob/${bobPrimary}/meet-1.ics`)).status, 204);
      const after = (await v4.calendarEventAttendee.list({ path: { calendar_id: calendarId, event_id: event.event_id! }, params: { user_id_type: 'user_id', page_size: 100 } }, asAlice)).data!.items!;
      assert.equal(after.find((a) => a.user_id === 'bob')?.rsvp_status, 'decline');
      assert.equal((await dav(server, alice, 'GET', path('meet-1'))).status, 200);
    });

    test('an all-day event is VALUE=DATE both ways, DTEND exclusive', async () => {
      assert.equal((await put('allday-1', ics('allday-1', ['DTSTART;VALUE=DATE:20260320', 'DTEND;VALUE=DATE:20260322', 'SUMMARY:Offsite']))).status, 201);
      const rest = ((await server.client().calendar.v4.calendarEvent.list({ path: { calendar_id: calendarId }, params: { page_size: 500 } }, await server.asUser('alice'))).data!.items ?? []).find((e) => e.summary === 'Offsite');
      assert.equal(rest?.start_time?.date, '2026-03-20');
      const got = await dav(server, alice, 'GET', path('allday-1'));
      assert.match(got.text, /\r\nDTSTART;VALUE=DATE:20260320\r\nDTEND;VALUE=DATE:20260322\r\n/);
    });

    test('a CalDAV series shows in REST instance views with its exception', async () => {
      const body = [
        'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//tests//EN',
        'BEGIN:VEVENT', 'UID:daily-1', 'DTSTAMP:20260301T000000Z', 'DTSTART:20260316T080000Z', 'DTEND:20260316T081500Z', 'RRULE:FREQ=DAILY;COUNT=3', 'SUMMARY:Daily', 'END:VEVENT',
        'BEGIN:VEVENT', 'UID:daily-1', 'DTSTAMP:20260301T000000Z', 'RECURRENCE-ID:20260317T080000Z', 'DTSTART:20260317T083000Z', 'DTEND:20260317T084500Z', 'SUMMARY:Daily (late)', 'END:VEVENT',
        'END:VCALENDAR', '',
      ].join('\r\n');
      assert.equal((await put('daily-1', body)).status, 201);
      const view = await server.client().calendar.v4.calendarEvent.instanceView({ path: { calendar_id: calendarId }, params: { start_time: '1773619200', end_time: '1773878400' } }, await server.asUser('alice'));
      const daily = (view.data!.items ?? []).filter((i) => i.summary?.startsWith('Daily')).map((i) => [i.summary, i.start_time?.timestamp]);
      assert.deepEqual(daily, [['Daily', '1773648000'], ['Daily (late)', '1773736200'], ['Daily', '1773820800']]);
    });
  });
}
