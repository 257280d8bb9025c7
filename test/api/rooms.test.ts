/**
 * Meeting rooms as attendees (events.md §2.7): a room is booked (`accept`, the
 * event on the room's calendar) unless an accepted, live booking overlaps it
 * (`decline`). larkcal decides at once where Feishu answers `needs_action` first.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { ACME } from '../support/fixture.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { EVEREST, steps, users } from './attendees-support.js';

const DAY = 86400;

for (const dialect of DIALECTS) {
  describe(`meeting rooms (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());
    const s = steps(() => server);
    const room = async (name: string) => (await server.store.tenancy.listRooms(ACME)).find((r) => r.name === name)!;
    const rsvpOf = async (eventId: string, roomId = EVEREST) =>
      (await s.list(await s.as('alice'), eventId)).data!.items!.find((a) => a.room_id === roomId)?.rsvp_status;
    const booked = async (eventId: string, roomId = EVEREST) => {
      const placement = await server.store.events.getPlacement((await server.store.tenancy.getRoom(roomId))!.calendarId, eventId);
      return placement !== undefined && !placement.removed;
    };
    /** Separate months for the recurring tests, so their series never meet other tests' slots. */
    let month = 0;
    const nextMonth = () => 2_100_000_000 + 40 * DAY * month++;

    test('a free room accepts and holds the event on its calendar; an overlapping booking declines', async () => {
      const alice = await s.as('alice');
      const start = s.nextHour();
      const first = await s.event(alice, { start });
      const res = await s.add(alice, first, [{ type: 'resource', room_id: EVEREST }]);
      const everest = res.data!.attendees!.find((a) => a.type === 'resource')!;
      assert.match(everest.attendee_id!, /^resource_\d{19}$/);
      assert.deepEqual({ ...everest, attendee_id: 'x' }, {
        type: 'resource', attendee_id: 'x', rsvp_status: 'accept', is_optional: false, is_organizer: false, is_external: false,
        display_name: 'Everest', room_id: EVEREST, resource_customization: [],
      });
      assert.equal(await booked(first), true);

      const overlapping = await s.event(await s.as('bob'), { start: start + 1800 });
      const second = await s.add(await s.as('bob'), overlapping, [{ type: 'resource', room_id: EVEREST }]);
      assert.equal(second.data!.attendees!.find((a) => a.type === 'resource')!.rsvp_status, 'decline');
      assert.equal(await booked(overlapping), false);

      // Back to back is no conflict.
      const adjacent = await s.event(alice, { start: start + 3600 });
      await s.add(alice, adjacent, [{ type: 'resource', room_id: EVEREST }]);
      assert.equal(await rsvpOf(adjacent), 'accept');
      // Another room in the same slot is free.
      const kili = await room('Kilimanjaro');
      const other = await s.event(alice, { start });
      await s.add(alice, other, [{ type: 'resource', room_id: kili.roomId }]);
      assert.equal(await rsvpOf(other, kili.roomId), 'accept');
    });

    test('removing the room, or deleting the event, frees the slot', async () => {
      const alice = await s.as('alice');
      const start = s.nextHour();
      const holder = await s.event(alice, { start });
      await s.add(alice, holder, [{ type: 'resource', room_id: EVEREST }]);
      await s.v4().calendarEventAttendee.batchDelete({ path: { calendar_id: 'primary', event_id: holder }, data: { delete_ids: [{ type: 'resource', room_id: EVEREST }] } }, alice);
      assert.equal(await booked(holder), false);
      const next = await s.event(alice, { start });
      await s.add(alice, next, [{ type: 'resource', room_id: EVEREST }]);
      assert.equal(await rsvpOf(next), 'accept');

      await s.v4().calendarEvent.delete({ path: { calendar_id: 'primary', event_id: next } }, alice);
      const third = await s.event(alice, { start });
      await s.add(alice, third, [{ type: 'resource', room_id: EVEREST }]);
      assert.equal(await rsvpOf(third), 'accept');
    });

    test('series compare occurrence by occurrence', async () => {
      const alice = await s.as('alice');
      const base = nextMonth();
      const weekly = await s.event(alice, { start: base, recurrence: 'FREQ=WEEKLY;COUNT=4' });
      await s.add(alice, weekly, [{ type: 'resource', room_id: EVEREST }]);
      assert.equal(await rsvpOf(weekly), 'accept');
      // In the series' span but between occurrences: free.
      const between = await s.event(alice, { start: base + 3 * DAY });
      await s.add(alice, between, [{ type: 'resource', room_id: EVEREST }]);
      assert.equal(await rsvpOf(between), 'accept');
      // On the third occurrence: taken.
      const onThird = await s.event(alice, { start: base + 14 * DAY + 1800 });
      await s.add(alice, onThird, [{ type: 'resource', room_id: EVEREST }]);
      assert.equal(await rsvpOf(onThird), 'decline');
      // A daily series two hours later never meets the weekly one; a daily one at the same hour does.
      const later = await s.event(alice, { start: base + 7200, recurrence: 'FREQ=DAILY;COUNT=20' });
      await s.add(alice, later, [{ type: 'resource', room_id: EVEREST }]);
      assert.equal(await rsvpOf(later), 'accept');
      const same = await s.event(alice, { start: base + DAY, recurrence: 'FREQ=DAILY;COUNT=20' });
      await s.add(alice, same, [{ type: 'resource', room_id: EVEREST }]);
      assert.equal(await rsvpOf(same), 'decline');
    });

    test('a cancelled occurrence frees its slot', async () => {
      const alice = await s.as('alice');
      const base = nextMonth();
      const daily = await s.event(alice, { start: base, recurrence: 'FREQ=DAILY;COUNT=5' });
      await s.add(alice, daily, [{ type: 'resource', room_id: EVEREST }]);
      const uid = daily.slice(0, -2);
      await s.v4().calendarEvent.delete({ path: { calendar_id: 'primary', event_id: `${uid}_${base + 2 * DAY}` } }, alice);
      const onCancelled = await s.event(alice, { start: base + 2 * DAY });
      await s.add(alice, onCancelled, [{ type: 'resource', room_id: EVEREST }]);
      assert.equal(await rsvpOf(onCancelled), 'accept');
      const onLive = await s.event(alice, { start: base + 3 * DAY });
      await s.add(alice, onLive, [{ type: 'resource', room_id: EVEREST }]);
      assert.equal(await rsvpOf(onLive), 'decline');
    });

    test('a series with a room may not span more than two years (190002)', async () => {
      const alice = await s.as('alice');
      const base = nextMonth();
      const endless = await s.event(alice, { start: base, recurrence: 'FREQ=WEEKLY' });
      const res = await sdkFailure(s.add(alice, endless, [{ type: 'resource', room_id: EVEREST }]));
      assert.deepEqual([res.status, res.body.code], [400, 190002]);
      // People may still join it.
      assert.equal((await s.add(alice, endless, users('bob'))).code, 0);
      const threeYears = await s.event(alice, { start: base, recurrence: 'FREQ=YEARLY;COUNT=3' });
      assert.equal((await sdkFailure(s.add(alice, threeYears, [{ type: 'resource', room_id: EVEREST }]))).body.code, 190002);
      const twoYears = await s.event(alice, { start: base + 7200, recurrence: 'FREQ=YEARLY;COUNT=2' });
      assert.equal((await s.add(alice, twoYears, [{ type: 'resource', room_id: EVEREST }])).code, 0);
    });

    test('booking is atomic: 50 concurrent requests for one room, 50 overlapping events, one accept', async () => {
      const alice = await s.as('alice');
      const start = s.nextHour();
      const kili = await room('Kilimanjaro');
      const events = await Promise.all(Array.from({ length: 50 }, (_, i) => s.event(alice, { start: start + i * 60 })));
      const results = await Promise.all(events.map((id) => s.add(alice, id, [{ type: 'resource', room_id: kili.roomId }])));
      const statuses = results.map((r) => r.data!.attendees!.find((a) => a.type === 'resource')!.rsvp_status);
      assert.equal(statuses.filter((x) => x === 'accept').length, 1);
      assert.equal(statuses.filter((x) => x === 'decline').length, 49);
      const placed = await Promise.all(events.map((id) => booked(id, kili.roomId)));
      assert.equal(placed.filter(Boolean).length, 1);
    });

    test('booking forms: need_resource_customization for editors only; operate_id and approval_reason', async () => {
      const alice = await s.as('alice');
      const form = [{ index_key: '16281481596100', input_content: 'coffee', options: [{ option_key: '16281481596185', others_content: 'oat milk' }] }];
      const eventId = await s.event(alice, { start: s.nextHour(), ability: 'can_see_others' });
      const res = await s.add(alice, eventId, [
        { type: 'resource', room_id: EVEREST, resource_customization: form, approval_reason: 'customer visit', operate_id: 'carol' },
        ...users('bob'),
      ]);
      const everest = res.data!.attendees!.find((a) => a.type === 'resource')!;
      assert.equal(everest.approval_reason, 'customer visit');
      assert.equal(everest.operate_id, 'carol');
      assert.deepEqual(everest.resource_customization, form);
      // A user organizer does not get the contact added as an attendee.
      assert.deepEqual(res.data!.attendees!.filter((a) => a.type === 'user').map((a) => a.user_id), ['alice', 'bob']);

      const organizerView = await s.list(alice, eventId, 'primary', { need_resource_customization: true });
      assert.deepEqual(organizerView.data!.items!.find((a) => a.type === 'resource')!.resource_customization, form);
      const plain = await s.list(alice, eventId);
      assert.equal(plain.data!.items!.find((a) => a.type === 'resource')!.resource_customization, undefined);
      const bobView = await s.list(await s.as('bob'), eventId, 'primary', { need_resource_customization: true });
      assert.equal(bobView.data!.items!.find((a) => a.type === 'resource')!.resource_customization, undefined);
    });

    test('an app adding a room with operate_id adds the contact as an attendee (add_operator_to_attendee)', async () => {
      const bot = server.client().calendar.v4;
      const start = s.nextHour();
      const created = await bot.calendarEvent.create({ path: { calendar_id: 'primary' }, data: { summary: 'Bot room', start_time: { timestamp: String(start) }, end_time: { timestamp: String(start + 3600) } } });
      const eventId = created.data!.event!.event_id!;
      const res = await bot.calendarEventAttendee.create({
        path: { calendar_id: 'primary', event_id: eventId }, params: { user_id_type: 'user_id' },
        data: { attendees: [{ type: 'resource', room_id: EVEREST, operate_id: 'dave' }] },
      });
      assert.deepEqual(res.data!.attendees!.map((a) => [a.type, a.user_id ?? a.room_id, a.rsvp_status]), [['resource', EVEREST, 'accept'], ['user', 'dave', 'needs_action']]);
      const other = await bot.calendarEvent.create({ path: { calendar_id: 'primary' }, data: { summary: 'Bot room 2', start_time: { timestamp: String(start) }, end_time: { timestamp: String(start + 3600) } } });
      const without = await bot.calendarEventAttendee.create({
        path: { calendar_id: 'primary', event_id: other.data!.event!.event_id! }, params: { user_id_type: 'user_id' },
        data: { attendees: [{ type: 'resource', room_id: EVEREST, operate_id: 'dave' }], add_operator_to_attendee: false },
      });
      assert.deepEqual(without.data!.attendees!.map((a) => [a.type, a.rsvp_status]), [['resource', 'decline']]);
    });
  });
}
