/**
 * A room booking still pending when its event changes (issue #12 §5): it is
 * weighed at settlement with the event as it is then; a removed room or a
 * deleted event drops it undecided; an occurrence split off the series while
 * pending is decided with it, for its own slot; two settlers at once decide
 * each booking once.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { RoomSettlement } from '../../src/core/rooms/settlement.js';
import { openStore } from '../../src/storage/store.js';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { EVEREST, steps } from './attendees-support.js';

const DELAY = 2000;
const DAY = 86400;

for (const dialect of DIALECTS) {
  describe(`pending room bookings (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect, roomBooking: { mode: 'async', delayMs: DELAY } });
    });
    after(() => server.close());
    beforeEach(() => server.clock.freeze());
    const s = steps(() => server);
    const ev = () => s.v4().calendarEvent;
    const rsvpOf = async (eventId: string) =>
      (await s.list(await s.as('alice'), eventId)).data!.items!.find((a) => a.room_id === EVEREST)?.rsvp_status;
    const addRoom = async (eventId: string) => s.add(await s.as('alice'), eventId, [{ type: 'resource', room_id: EVEREST }]);
    const settleAfter = async (ms: number) => {
      server.clock.advance(ms);
      return server.settlement.settleDue();
    };
    const move = async (eventId: string, start: number) => ev().patch({ path: { calendar_id: 'primary', event_id: eventId }, data: {
      start_time: { timestamp: String(start) }, end_time: { timestamp: String(start + 3600) },
    } }, await s.as('alice'));
    const changesAbout = async (seq: number, eventId: string) =>
      (await server.store.changes.readAfter(seq, 1000)).filter((c) => 'eventId' in c.data && c.data.eventId === eventId);

    test('moved while pending: weighed at settlement with its new times', async () => {
      const alice = await s.as('alice');
      const taken = s.nextHour();
      const holder = await s.event(alice, { start: taken });
      await addRoom(holder);
      await settleAfter(DELAY);
      assert.equal(await rsvpOf(holder), 'accept');

      const free = s.nextHour();
      const mover = await s.event(alice, { start: free });
      await addRoom(mover);
      await move(mover, taken + 1800);
      assert.equal(await rsvpOf(mover), 'needs_action', 'a move leaves a pending booking pending');
      await settleAfter(DELAY);
      assert.equal(await rsvpOf(mover), 'decline');

      // And the other way: pending on a taken slot, moved off it in time.
      const escapee = await s.event(alice, { start: taken });
      await addRoom(escapee);
      await move(escapee, s.nextHour());
      await settleAfter(DELAY);
      assert.equal(await rsvpOf(escapee), 'accept');
    });

    test('a pending room still limits the series to two years (190002)', async () => {
      const eventId = await s.event(await s.as('alice'), { start: s.nextHour() });
      await addRoom(eventId);
      const res = await sdkFailure(ev().patch({ path: { calendar_id: 'primary', event_id: eventId }, data: { recurrence: 'FREQ=WEEKLY' } }, await s.as('alice')));
      assert.deepEqual([res.status, res.body.code], [400, 190002]);
      await settleAfter(DELAY);
      assert.equal(await rsvpOf(eventId), 'accept');
    });

    test('a room removed, or an event deleted, before settlement: dropped undecided, and the slot stays free', async () => {
      const alice = await s.as('alice');
      const start = s.nextHour();
      const removed = await s.event(alice, { start });
      await addRoom(removed);
      await s.v4().calendarEventAttendee.batchDelete({ path: { calendar_id: 'primary', event_id: removed }, data: { delete_ids: [{ type: 'resource', room_id: EVEREST }] } }, alice);
      const deleted = await s.event(alice, { start });
      await addRoom(deleted);
      await ev().delete({ path: { calendar_id: 'primary', event_id: deleted } }, alice);
      const head = await server.store.changes.head();
      const later = await s.event(alice, { start });
      await addRoom(later);

      assert.equal(await settleAfter(DELAY), 3);
      assert.equal(await rsvpOf(later), 'accept', 'neither dropped booking took the slot');
      assert.equal(await rsvpOf(removed), undefined);
      assert.deepEqual(await changesAbout(head, removed), []);
      assert.deepEqual(await changesAbout(head, deleted), []);
    });

    test('an occurrence split off the series while its room was pending is decided with it, for its own slot', async () => {
      const alice = await s.as('alice');
      const base = 2_300_000_000;
      const holder = await s.event(alice, { start: base + 5 * 3600 });
      await addRoom(holder);
      await settleAfter(DELAY);
      const series = await s.event(alice, { start: base - DAY, recurrence: 'FREQ=DAILY;COUNT=3' });
      await addRoom(series);
      // The second occurrence moves onto the holder's slot: an exception with a copy of the pending room.
      const occurrence = `${series.slice(0, -2)}_${base}`;
      assert.equal((await move(occurrence, base + 5 * 3600)).data!.event!.is_exception, true);
      assert.equal(await rsvpOf(occurrence), 'needs_action');

      assert.equal(await settleAfter(DELAY), 1);
      assert.deepEqual([await rsvpOf(series), await rsvpOf(occurrence)], ['accept', 'decline']);
    });

    test('two settlers at once, one a separate store like another process: each booking decided once', async () => {
      const alice = await s.as('alice');
      const start = s.nextHour();
      const events = await Promise.all(Array.from({ length: 20 }, (_, i) => s.event(alice, { start: start + i * 60 })));
      for (const id of events) await addRoom(id);
      const head = await server.store.changes.head();
      server.clock.advance(DELAY);
      // SQLite serialises writers within one process only: a second store there would only wait on the file lock.
      const other = dialect === 'postgres' ? await openStore(server.database.url, server.clock) : server.store;
      try {
        const counts = await Promise.all([server.settlement.settleDue(), new RoomSettlement(other, server.clock).settleDue()]);
        assert.equal(counts[0] + counts[1], 20);
      } finally {
        if (other !== server.store) await other.close();
      }
      const statuses = await Promise.all(events.map(rsvpOf));
      assert.deepEqual([statuses.filter((x) => x === 'accept').length, statuses.filter((x) => x === 'decline').length], [1, 19]);
      const organizer = await s.primaryOf('alice');
      const logged = new Map<string, number>();
      for (const c of await server.store.changes.readAfter(head, 1000)) {
        if (c.calendarId === organizer && 'eventId' in c.data) logged.set(c.data.eventId, (logged.get(c.data.eventId) ?? 0) + 1);
      }
      assert.deepEqual(events.map((id) => logged.get(id)), events.map(() => 1), 'one decision logged per event on the organizer calendar');
    });
  });
}
