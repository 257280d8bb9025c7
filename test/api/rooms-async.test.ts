/**
 * Asynchronous room booking (issue #12 §5; events.md §2.7): an added room
 * answers `needs_action`; after the delay, by the clock, settlement decides
 * the bookings in the order they arrived — `accept`, or `decline` when an
 * accepted booking overlaps — and the decision reaches sync tokens and the
 * change feed. Settlement runs by hand here; rooms-async-sandbox.test.ts runs
 * it as `serve` does.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { LoggedChange } from '../../src/core/changes/model.js';
import { DIALECTS } from '../support/database.js';
import { startServer, type TestServer } from '../support/server.js';
import { EVEREST, steps } from './attendees-support.js';

const DELAY = 2000;

for (const dialect of DIALECTS) {
  describe(`asynchronous room booking (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect, roomBooking: { mode: 'async', delayMs: DELAY } });
    });
    after(() => server.close());
    beforeEach(() => server.clock.freeze());
    const s = steps(() => server);
    const ev = () => s.v4().calendarEvent;
    const roomCalendar = async () => (await server.store.tenancy.getRoom(EVEREST))!.calendarId;
    const rsvpOf = async (eventId: string) =>
      (await s.list(await s.as('alice'), eventId)).data!.items!.find((a) => a.room_id === EVEREST)?.rsvp_status;
    const booked = async (eventId: string) => {
      const placement = await server.store.events.getPlacement(await roomCalendar(), eventId);
      return placement !== undefined && !placement.removed;
    };
    const addRoom = async (eventId: string) => {
      const res = await s.add(await s.as('alice'), eventId, [{ type: 'resource', room_id: EVEREST }]);
      return res.data!.attendees!.find((a) => a.type === 'resource')!.rsvp_status;
    };
    /** Moves the clock on and settles what fell due, as the runner would. */
    const settleAfter = async (ms: number) => {
      server.clock.advance(ms);
      return server.settlement.settleDue();
    };
    const changesSince = async (seq: number): Promise<LoggedChange[]> => server.store.changes.readAfter(seq, 1000);

    async function syncToken(): Promise<string> {
      let pageToken: string | undefined;
      for (let pages = 0; pages < 50; pages++) {
        const res = await ev().list({ path: { calendar_id: 'primary' }, params: { page_size: 500, ...(pageToken && { page_token: pageToken }) } }, await s.as('alice'));
        if (!res.data!.has_more) return res.data!.sync_token!;
        pageToken = res.data!.page_token;
      }
      throw new Error('endless paging');
    }
    const changedSince = async (token: string) =>
      ((await ev().list({ path: { calendar_id: 'primary' }, params: { sync_token: token } }, await s.as('alice'))).data!.items ?? []).map((e) => e.event_id);

    test('an added room answers needs_action and waits out the delay by the clock; then it is booked, seen by sync and the feed', async () => {
      const alice = await s.as('alice');
      const eventId = await s.event(alice, { start: s.nextHour() });
      assert.equal(await addRoom(eventId), 'needs_action');
      const got = await ev().get({ path: { calendar_id: 'primary', event_id: eventId }, params: { need_attendee: true } }, alice);
      assert.equal(got.data!.event!.attendees!.find((a) => a.type === 'resource')!.rsvp_status, 'needs_action');
      assert.equal(await booked(eventId), false, 'a pending booking is not on the room calendar');

      const token = await syncToken();
      const head = await server.store.changes.head();
      assert.equal(await settleAfter(DELAY - 1), 0, 'not due a millisecond early');
      assert.equal(await rsvpOf(eventId), 'needs_action');
      assert.deepEqual(await changedSince(token), []);

      assert.equal(await settleAfter(1), 1);
      assert.equal(await rsvpOf(eventId), 'accept');
      assert.equal(await booked(eventId), true);
      assert.deepEqual(await changedSince(token), [eventId]);
      const decided = (await changesSince(head)).filter((c) => 'eventId' in c.data && c.data.eventId === eventId);
      const calendars = decided.map((c) => c.calendarId).sort();
      assert.deepEqual(calendars, [await s.primaryOf('alice'), await roomCalendar()].sort());
      const roomAttendee = (await s.list(alice, eventId)).data!.items!.find((a) => a.room_id === EVEREST)!.attendee_id;
      for (const c of decided) {
        assert.deepEqual(c.data, { kind: 'event.attendeesAdded', eventId, attendeeIds: [roomAttendee], addedTo: [await roomCalendar()] });
        assert.equal(c.actor, `user:${(await s.user('alice')).ref}`, 'the decision is the booker\'s');
      }
      assert.equal(await settleAfter(DELAY), 0, 'decided once');
    });

    test('overlapping bookings are decided in the order they arrived: the first accepts, the later declines', async () => {
      const start = s.nextHour();
      const alice = await s.as('alice');
      const earlier = await s.event(alice, { start });
      const later = await s.event(alice, { start: start + 1800 });
      // The later-created event asks first.
      assert.equal(await addRoom(later), 'needs_action');
      server.clock.advance(10);
      assert.equal(await addRoom(earlier), 'needs_action');
      const head = await server.store.changes.head();
      assert.equal(await settleAfter(DELAY), 2);
      assert.deepEqual([await rsvpOf(later), await rsvpOf(earlier)], ['accept', 'decline']);
      assert.deepEqual([await booked(later), await booked(earlier)], [true, false]);
      const refused = (await changesSince(head)).filter((c) => 'eventId' in c.data && c.data.eventId === earlier);
      assert.deepEqual(refused.map((c) => c.data), [{ kind: 'event.updated', eventId: earlier, removedFrom: [] }]);
    });

    test('pending bookings do not block each other: only accepted ones do, whenever each falls due', async () => {
      const start = s.nextHour();
      const alice = await s.as('alice');
      const first = await s.event(alice, { start });
      await addRoom(first);
      server.clock.advance(DELAY / 2);
      const second = await s.event(alice, { start });
      await addRoom(second);
      assert.equal(await settleAfter(DELAY / 2), 1, 'the first is due, the second not yet');
      assert.deepEqual([await rsvpOf(first), await rsvpOf(second)], ['accept', 'needs_action']);
      assert.equal(await settleAfter(DELAY / 2), 1);
      assert.equal(await rsvpOf(second), 'decline');
    });

    test('a clock set back between two requests does not let the later one overtake', async () => {
      const start = s.nextHour();
      const alice = await s.as('alice');
      const [first, second] = [await s.event(alice, { start }), await s.event(alice, { start })];
      const t = server.clock.now();
      await addRoom(first);
      server.clock.set(t - 10 * DELAY);
      await addRoom(second);
      // The second is due now, but the room's earlier booking is not yet.
      assert.equal(await settleAfter(DELAY), 0);
      assert.equal(await rsvpOf(second), 'needs_action');
      server.clock.set(t + DELAY);
      assert.equal(await server.settlement.settleDue(), 2);
      assert.deepEqual([await rsvpOf(first), await rsvpOf(second)], ['accept', 'decline']);
    });

    test('50 concurrent requests for one slot: all needs_action, then exactly one accept, the first to arrive', async () => {
      const alice = await s.as('alice');
      const start = s.nextHour();
      const events = await Promise.all(Array.from({ length: 50 }, (_, i) => s.event(alice, { start: start + i * 60 })));
      const answers = await Promise.all(events.map((id) => s.add(alice, id, [{ type: 'resource', room_id: EVEREST }])));
      assert.deepEqual(new Set(answers.map((r) => r.data!.attendees!.find((a) => a.type === 'resource')!.rsvp_status)), new Set(['needs_action']));
      server.clock.advance(DELAY);
      const firstArrived = (await server.store.roomBookings.nextDue(server.clock.now()))!.eventId;
      assert.equal(await server.settlement.settleDue(), 50);
      const statuses = await Promise.all(events.map((id) => rsvpOf(id)));
      assert.equal(statuses.filter((x) => x === 'accept').length, 1);
      assert.equal(statuses.filter((x) => x === 'decline').length, 49);
      assert.equal(statuses[events.indexOf(firstArrived)], 'accept');
      assert.equal((await Promise.all(events.map(booked))).filter(Boolean).length, 1);
    });
  });
}
