/** Moving an event that holds a room: the room is weighed again (events.md §2.7). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { EVEREST, steps } from './attendees-support.js';

for (const dialect of DIALECTS) {
  describe(`meeting rooms when events move (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());
    const s = steps(() => server);
    const booked = async (eventId: string) => {
      const placement = await server.store.events.getPlacement((await server.store.tenancy.getRoom(EVEREST))!.calendarId, eventId);
      return placement !== undefined && !placement.removed;
    };
    const roomStatus = async (eventId: string) =>
      (await s.list(await s.as('alice'), eventId)).data!.items!.find((a) => a.room_id === EVEREST)?.rsvp_status;
    const move = async (eventId: string, start: number) =>
      s.v4().calendarEvent.patch({ path: { calendar_id: 'primary', event_id: eventId }, data: {
        start_time: { timestamp: String(start) }, end_time: { timestamp: String(start + 3600) },
      } }, await s.as('alice'));

    test('moving onto a taken slot releases the room; moving into a free one keeps it', async () => {
      const alice = await s.as('alice');
      const taken = s.nextHour();
      const holder = await s.event(alice, { start: taken });
      await s.add(alice, holder, [{ type: 'resource', room_id: EVEREST }]);
      const mover = await s.event(alice, { start: s.nextHour() });
      await s.add(alice, mover, [{ type: 'resource', room_id: EVEREST }]);
      assert.equal(await roomStatus(mover), 'accept');

      await move(mover, s.nextHour());
      assert.deepEqual([await roomStatus(mover), await booked(mover)], ['accept', true]);

      await move(mover, taken + 1800);
      assert.deepEqual([await roomStatus(mover), await booked(mover)], ['decline', false]);
      // The holder keeps its booking.
      assert.deepEqual([await roomStatus(holder), await booked(holder)], ['accept', true]);
    });

    test('turning a room event into a series longer than two years is refused and changes nothing (190002)', async () => {
      const alice = await s.as('alice');
      const eventId = await s.event(alice, { start: s.nextHour() });
      await s.add(alice, eventId, [{ type: 'resource', room_id: EVEREST }]);
      const res = await sdkFailure(s.v4().calendarEvent.patch({ path: { calendar_id: 'primary', event_id: eventId }, data: { recurrence: 'FREQ=WEEKLY' } }, alice));
      assert.deepEqual([res.status, res.body.code], [400, 190002]);
      const after = await s.v4().calendarEvent.get({ path: { calendar_id: 'primary', event_id: eventId } }, alice);
      assert.equal(after.data!.event!.recurrence, '');
      assert.equal(await booked(eventId), true);
    });
  });
}
