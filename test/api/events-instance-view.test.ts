/** GET /events/instance_view (events.md §3.9): every instance of a calendar in a window, rooms as attendees, limits. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type * as lark from '@larksuiteoapi/node-sdk';
import { ACME } from '../support/fixture.js';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { createEvent, DAY, HOUR, MONDAY, primaryOf, putAttendee, sharedCalendar, timed } from './events-queries-support.js';

type Options = Parameters<lark.Client['calendar']['v4']['calendarEvent']['instanceView']>[1];
const ROOM = 'omm_83d09ad4f6896e02029a6a075f71c9d1';

for (const dialect of DIALECTS) {
  describe(`events.instance_view (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    const view = (calendarId: string, from: number, to: number, as?: Options, userIdType?: 'user_id') =>
      server.client().calendar.v4.calendarEvent.instanceView({
        path: { calendar_id: calendarId }, params: { start_time: String(from), end_time: String(to), ...(userIdType && { user_id_type: userIdType }) },
      }, as);

    test('one-offs, expanded series and exceptions in the window, sorted by start; deleted events gone', async () => {
      const calendarId = await sharedCalendar(server);
      const from = MONDAY;
      const to = MONDAY + 3 * DAY;
      const oneOff = await createEvent(server, calendarId, { summary: 'One-off', ...timed(MONDAY + DAY + 11 * HOUR, MONDAY + DAY + 12 * HOUR) });
      const outside = await createEvent(server, calendarId, { summary: 'Outside', ...timed(to, to + HOUR) });
      const gone = await createEvent(server, calendarId, { summary: 'Deleted', ...timed(MONDAY + 5 * HOUR, MONDAY + 6 * HOUR) });
      await server.client().calendar.v4.calendarEvent.delete({ path: { calendar_id: calendarId, event_id: gone } });
      const daily = await createEvent(server, calendarId, { summary: 'Daily', ...timed(MONDAY - 7 * DAY + 9 * HOUR, MONDAY - 7 * DAY + 10 * HOUR), recurrence: 'FREQ=DAILY' });
      const uid = daily.slice(0, -2);
      const slot = (d: number) => `${uid}_${MONDAY + d * DAY + 9 * HOUR}`;
      await server.client().calendar.v4.calendarEvent.patch({ path: { calendar_id: calendarId, event_id: slot(1) }, data: { summary: 'Daily (late)', ...timed(MONDAY + DAY + 16 * HOUR, MONDAY + DAY + 17 * HOUR) } });
      await server.client().calendar.v4.calendarEvent.delete({ path: { calendar_id: calendarId, event_id: slot(2) } });
      // An exception moved out of the window still takes its slot away.
      await server.client().calendar.v4.calendarEvent.patch({ path: { calendar_id: calendarId, event_id: slot(0) }, data: timed(MONDAY + 20 * DAY, MONDAY + 20 * DAY + HOUR) });

      const items = (await view(calendarId, from, to)).data!.items!;
      assert.deepEqual(items.map((i) => [i.event_id, i.summary, i.status, i.is_exception]), [
        [oneOff, 'One-off', 'confirmed', false],
        [slot(1), 'Daily (late)', 'confirmed', true],
        [slot(2), 'Daily', 'cancelled', true],
      ]);
      assert.equal(items.some((i) => i.event_id === outside), false);
      const iv = items[1]!;
      assert.equal(iv.recurring_event_id, daily);
      assert.equal(iv.organizer_calendar_id, calendarId);
      assert.equal('recurrence' in iv, false);
      assert.equal('reminders' in iv, false);
      assert.equal(typeof iv.event_organizer!.display_name, 'string');
      assert.equal(iv.self_rsvp_status, 'accept');

      // Plain occurrences carry the master as recurring_event_id.
      const later = (await view(calendarId, MONDAY + 3 * DAY, MONDAY + 4 * DAY)).data!.items!;
      assert.deepEqual(later.map((i) => [i.event_id, i.is_exception, i.recurring_event_id]), [[outside, false, undefined], [slot(3), false, daily]]);
    });

    test('overlap semantics at the edges; all-day events', async () => {
      const calendarId = await sharedCalendar(server);
      const from = MONDAY + 9 * HOUR;
      const to = MONDAY + 17 * HOUR;
      const edge = await createEvent(server, calendarId, { summary: 'Into the window', ...timed(from - 1800, from + 60) });
      await createEvent(server, calendarId, { summary: 'Touches the start', ...timed(from - HOUR, from) });
      await createEvent(server, calendarId, { summary: 'Touches the end', ...timed(to, to + HOUR) });
      const allDay = await createEvent(server, calendarId, { summary: 'All day', start_time: { date: '2025-03-10' }, end_time: { date: '2025-03-10' } });
      const items = (await view(calendarId, from, to)).data!.items!;
      assert.deepEqual(items.map((i) => i.event_id), [allDay, edge]);
      assert.deepEqual(items[0]!.start_time, { date: '2025-03-10', timezone: 'UTC' });
    });

    test('attendees: room attendees only, on the series and on exceptions', async () => {
      const calendarId = await sharedCalendar(server);
      const bob = (await server.store.tenancy.findUserByUserId(ACME, 'bob'))!;
      const meeting = await createEvent(server, calendarId, { summary: 'In Everest', ...timed(MONDAY + 10 * HOUR, MONDAY + 11 * HOUR) });
      await putAttendee(server, meeting, { type: 'resource', roomId: ROOM, displayName: 'Everest', rsvpStatus: 'accept' });
      await putAttendee(server, meeting, { type: 'user', userRef: bob.ref, displayName: 'Bob Li' });
      await putAttendee(server, meeting, { type: 'resource', roomId: 'omm_removed', removed: true });
      const plain = await createEvent(server, calendarId, { summary: 'No room', ...timed(MONDAY + 12 * HOUR, MONDAY + 13 * HOUR) });
      const items = (await view(calendarId, MONDAY, MONDAY + DAY)).data!.items!;
      const byId = new Map(items.map((i) => [i.event_id, i]));
      const rooms = byId.get(meeting)!.attendees!;
      assert.equal(rooms.length, 1);
      assert.deepEqual({ ...rooms[0], attendee_id: 'x' }, {
        type: 'resource', attendee_id: 'x', rsvp_status: 'accept', room_id: ROOM, display_name: 'Everest', is_optional: false, is_organizer: false, is_external: false,
      });
      assert.equal(byId.get(plain)!.attendees, undefined);
    });

    test('window limits: span of 40 days or more 193103, more than 1000 instances 193104, reversed 190002', async () => {
      const calendarId = await sharedCalendar(server);
      const ok = await sdkFailure(view(calendarId, MONDAY, MONDAY + 40 * DAY - 1));
      assert.equal(ok.body.code, 0, JSON.stringify(ok.body));
      const long = await sdkFailure(view(calendarId, MONDAY, MONDAY + 40 * DAY));
      assert.deepEqual([long.status, long.body.code, long.body.msg], [400, 193103, 'requested time exceeds the allowed range']);
      const reversed = await sdkFailure(view(calendarId, MONDAY + DAY, MONDAY));
      assert.deepEqual([reversed.status, reversed.body.code], [400, 190002]);
      const missing = await sdkFailure(server.client().calendar.v4.calendarEvent.instanceView({ path: { calendar_id: calendarId }, params: { start_time: String(MONDAY) } as never }));
      assert.deepEqual([missing.status, missing.body.code], [400, 190002]);

      // Every half hour (two hourly series: FREQ=MINUTELY is refused): 1000 fit in a window of 500 hours, one more does not.
      const hourly = `FREQ=DAILY;BYHOUR=${Array.from({ length: 24 }, (_, h) => h).join(',')}`;
      await createEvent(server, calendarId, { summary: 'Hourly', ...timed(MONDAY, MONDAY + 600), recurrence: hourly });
      await createEvent(server, calendarId, { summary: 'Hourly, on the half hour', ...timed(MONDAY + 1800, MONDAY + 2400), recurrence: `${hourly};BYMINUTE=30` });
      assert.equal((await view(calendarId, MONDAY, MONDAY + 1000 * 1800)).data!.items!.length, 1000);
      const tooMany = await sdkFailure(view(calendarId, MONDAY, MONDAY + 1000 * 1800 + 1));
      assert.deepEqual([tooMany.status, tooMany.body.code, tooMany.body.msg], [400, 193104, 'exceeded the maximum instance number']);
    });

    test('access: reader+ (191002), primary/shared only (191004), the primary alias as a user', async () => {
      const alice = await server.asUser('alice');
      const bob = await server.asUser('bob');
      const alicePrimary = await primaryOf(server, alice);
      const eventId = await createEvent(server, alicePrimary, { summary: 'Agenda', ...timed(MONDAY + 9 * HOUR, MONDAY + 10 * HOUR) }, alice);
      const own = await view('primary', MONDAY, MONDAY + DAY, alice, 'user_id');
      assert.deepEqual(own.data!.items!.map((i) => [i.event_id, i.event_organizer!.user_id]), [[eventId, 'alice']]);
      const denied = await sdkFailure(view(alicePrimary, MONDAY, MONDAY + DAY, bob));
      assert.deepEqual([denied.status, denied.body.code], [403, 191002]);
      const room = (await server.store.tenancy.listRooms(ACME))[0]!;
      const aliceRef = (await server.store.tenancy.findUserByUserId(ACME, 'alice'))!.ref;
      await server.store.acls.put({ calendarId: room.calendarId, aclId: 'user_room_reader_iv', identity: `user:${aliceRef}`, role: 'reader' });
      const wrongType = await sdkFailure(view(room.calendarId, MONDAY, MONDAY + DAY, alice));
      assert.deepEqual([wrongType.status, wrongType.body.code], [403, 191004]);
    });
  });
}
