/**
 * Each VEVENT of a series carries its own ATTENDEE list (RFC 5545 §3.8.4.1):
 * an override's is its exception's attendees, both ways. REST gives an
 * occurrence attendees of its own (events.md §2.2); CalDAV shows them on that
 * RECURRENCE-ID only, and an override's ATTENDEEs become the exception's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { ACME } from '../support/fixture.js';
import type { TestServer } from '../support/server.js';
import { caldavSetup, dav, type Account } from './caldav-support.js';

// Monday 16 March 2026 09:00Z, and the series' second occurrence a week later.
const MAR16_0900Z = 1773651600;
const MAR23_0900Z = MAR16_0900Z + 7 * 86400;

/** The VEVENTs of an object, unfolded, each as its lines. */
function vevents(text: string): string[][] {
  return [...text.replace(/\r\n /g, '').matchAll(/BEGIN:VEVENT\r\n([\s\S]*?)END:VEVENT/g)].map((m) => m[1]!.split('\r\n'));
}

/** Who a VEVENT's ATTENDEE lines name, by their address, sorted. */
function attendeesOf(lines: readonly string[]): string[] {
  return lines.filter((l) => l.startsWith('ATTENDEE')).map((l) => /:(mailto:[^:]+)$/.exec(l)?.[1] ?? l).sort();
}

for (const dialect of DIALECTS) {
  describe(`caldav: an override's attendees are its own (${dialect})`, () => {
    let server: TestServer;
    let alice: Account;
    let calendarId: string;
    before(async () => ({ server, account: alice, calendarId } = await caldavSetup(dialect, 'alice')));
    after(() => server.close());

    const v4 = () => server.client().calendar.v4;
    const restAttendees = async (eventId: string) => {
      const items = (await v4().calendarEventAttendee.list({ path: { calendar_id: calendarId, event_id: eventId }, params: { user_id_type: 'user_id', page_size: 100 } }, await server.asUser('alice'))).data!.items ?? [];
      return items.map((a) => a.user_id ?? a.third_party_email).sort();
    };
    const addRest = async (eventId: string, userId: string) => {
      const res = await v4().calendarEventAttendee.create({ path: { calendar_id: calendarId, event_id: eventId }, params: { user_id_type: 'user_id' }, data: { attendees: [{ type: 'user', user_id: userId }] } }, await server.asUser('alice'));
      assert.equal(res.code, 0, res.msg);
    };
    /** Every row of the UID with its attendees, and the change log's head: what "changes nothing" compares. */
    const stored = async (uid: string) => {
      const rows = await server.store.events.findByUid(ACME, uid);
      return { rows, attendees: await Promise.all(rows.map((r) => server.store.attendees.list(r.eventId, { includeRemoved: true, offset: 0, limit: 100 }))), head: await server.store.changes.head(ACME) };
    };

    test('a REST series whose second occurrence has another attendee list: GET shows it on that override only; PUT back unchanged changes nothing', async () => {
      const created = await v4().calendarEvent.create({
        path: { calendar_id: calendarId }, params: { user_id_type: 'user_id' },
        data: { summary: 'Planning', start_time: { timestamp: String(MAR16_0900Z) }, end_time: { timestamp: String(MAR16_0900Z + 3600) }, recurrence: 'FREQ=WEEKLY;COUNT=4' },
      }, await server.asUser('alice'));
      assert.equal(created.code, 0, created.msg);
      const masterId = created.data!.event!.event_id!;
      const uid = masterId.replace(/_0$/, '');
      await addRest(masterId, 'bob');
      // An occurrence id: the occurrence becomes an exception with the master's attendees, then its own.
      await addRest(`${uid}_${MAR23_0900Z}`, 'carol');
      assert.deepEqual(await restAttendees(masterId), ['alice', 'bob']);
      assert.deepEqual(await restAttendees(`${uid}_${MAR23_0900Z}`), ['alice', 'bob', 'carol']);

      const path = `/dav/calendars/alice/${calendarId}/${uid}.ics`;
      const got = await dav(server, alice, 'GET', path);
      assert.equal(got.status, 200, got.text);
      const [master, override, more] = vevents(got.text);
      assert.equal(more, undefined);
      assert.ok(override!.some((l) => l.startsWith('RECURRENCE-ID')), override!.join('\n'));
      assert.deepEqual(attendeesOf(master!), ['mailto:alice@acme.example', 'mailto:bob@acme.example']);
      assert.deepEqual(attendeesOf(override!), ['mailto:alice@acme.example', 'mailto:bob@acme.example', 'mailto:carol@acme.example']);

      const before = await stored(uid);
      const back = await dav(server, alice, 'PUT', path, got.text, { 'content-type': 'text/calendar', 'if-match': got.headers.get('etag')! });
      assert.equal(back.status, 204, back.text);
      assert.deepEqual(await stored(uid), before, 'no row, attendee or change is written');
      const again = await dav(server, alice, 'GET', path);
      assert.equal(again.headers.get('etag'), got.headers.get('etag'));
      assert.equal(again.text, got.text);
    });

    test('a CalDAV PUT adding an attendee on an override alone: REST lists them on that exception, not on the series; dropping them there removes them', async () => {
      const path = `/dav/calendars/alice/${calendarId}/standup-2.ics`;
      const vevent = (lines: readonly string[]) => ['BEGIN:VEVENT', 'UID:standup-2', 'DTSTAMP:20260301T000000Z', ...lines, 'END:VEVENT'];
      const body = (overrideAttendees: readonly string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//tests//EN',
        ...vevent(['DTSTART:20260316T090000Z', 'DTEND:20260316T093000Z', 'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:Standup', 'ATTENDEE;CN=Bob Li:mailto:bob@acme.example']),
        ...vevent(['RECURRENCE-ID:20260323T090000Z', 'DTSTART:20260323T090000Z', 'DTEND:20260323T093000Z', 'SUMMARY:Standup', ...overrideAttendees]),
        'END:VCALENDAR', ''].join('\r\n');
      const bob = 'ATTENDEE;CN=Bob Li:mailto:bob@acme.example';
      const res = await dav(server, alice, 'PUT', path, body([bob, 'ATTENDEE;CN=Dave Zhao:mailto:dave@acme.example', 'ATTENDEE:mailto:guest@elsewhere.example']), { 'content-type': 'text/calendar' });
      assert.equal(res.status, 201, res.text);
      const [master, exception] = await server.store.events.findByUid(ACME, 'standup-2');
      assert.equal(exception?.originalTime, MAR23_0900Z);
      assert.deepEqual(await restAttendees(master!.eventId), ['alice', 'bob']);
      assert.deepEqual(await restAttendees(exception!.eventId), ['alice', 'bob', 'dave', 'guest@elsewhere.example']);
      const [, override] = vevents((await dav(server, alice, 'GET', path)).text);
      assert.deepEqual(attendeesOf(override!), ['mailto:alice@acme.example', 'mailto:bob@acme.example', 'mailto:dave@acme.example', 'mailto:guest@elsewhere.example']);

      assert.equal((await dav(server, alice, 'PUT', path, body([bob]), { 'content-type': 'text/calendar' })).status, 204);
      assert.deepEqual(await restAttendees(exception!.eventId), ['alice', 'bob']);
      assert.deepEqual(await restAttendees(master!.eventId), ['alice', 'bob']);
    });
  });
}
