/**
 * Each use case records its typed change: the kind and its fields, the actor,
 * the calendars (one row each) and the identities personally affected
 * (platform.md §10 needs them later). Driven through the SDK, read from the feed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Change, ChangeData } from '../../src/core/changes/model.js';
import { DIALECTS } from '../support/database.js';
import { ACME } from '../support/fixture.js';
import { startServer, type TestServer } from '../support/server.js';
import { EVEREST, steps, users } from './attendees-support.js';

// 2026-03-16 09:00 Europe/Berlin is 08:00Z; the series' third Monday falls after the DST change.
const MON_0900_BERLIN = 1773648000;
const at = (ts: number) => ({ timestamp: String(ts), timezone: 'Europe/Berlin' });

type Seen = Pick<Change, 'calendarId' | 'actor' | 'affected' | 'data'>;

for (const dialect of DIALECTS) {
  describe(`change feed: what each use case records (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());
    const s = steps(() => server);
    const v4 = () => server.client().calendar.v4;
    const key = async (userId: string) => `user:${(await s.user(userId)).ref}` as const;

    /** The changes `action` records, envelope trimmed to what the use case decides. */
    async function recorded(action: () => Promise<unknown>): Promise<Seen[]> {
      const head = await server.store.changes.head();
      await action();
      const changes = await server.store.changes.readAfter(head, 100);
      assert.ok(changes.every((c) => c.tenantKey === ACME));
      return changes.map(({ calendarId, actor, affected, data }) => ({ calendarId, actor, affected, data }));
    }
    const byCalendar = (seen: Seen[]) => [...seen].sort((a, b) => a.calendarId.localeCompare(b.calendarId));

    test('provisioning: primary and room calendars, made by the system', async () => {
      const created = (await server.store.changes.readAfter(0, 1000)).filter((c) => c.data.kind === 'calendar.created');
      const [aliceKey, alicePrimary] = [await key('alice'), await s.primaryOf('alice')];
      const room = (await server.store.tenancy.getRoom(EVEREST))!;
      assert.deepEqual(created.filter((c) => c.calendarId === alicePrimary).map(({ actor, affected, data }) => ({ actor, affected, data })), [
        { actor: null, affected: [aliceKey], data: { kind: 'calendar.created', calendarType: 'primary', roomId: null } },
      ]);
      assert.deepEqual(created.filter((c) => c.calendarId === room.calendarId).map(({ actor, affected, data }) => ({ actor, affected, data })), [
        { actor: null, affected: [], data: { kind: 'calendar.created', calendarType: 'resource', roomId: EVEREST } },
      ]);
    });

    test('calendars: create, patch (global and personal), subscribe, unsubscribe, delete', async () => {
      const [alice, bob] = [await s.as('alice'), await s.as('bob')];
      const [aliceKey, bobKey] = [await key('alice'), await key('bob')];
      let calendarId = '';
      assert.deepEqual(await recorded(async () => {
        calendarId = (await v4().calendar.create({ data: { summary: 'Team', permissions: 'public' } }, alice)).data!.calendar!.calendar_id!;
      }), [{ calendarId, actor: aliceKey, affected: [aliceKey], data: { kind: 'calendar.created', calendarType: 'shared', roomId: null } }]);
      assert.deepEqual(await recorded(() => v4().calendar.patch({ path: { calendar_id: calendarId }, data: { summary: 'Team 2', color: -2 } }, alice)), [
        { calendarId, actor: aliceKey, affected: [], data: { kind: 'calendar.updated' } },
        { calendarId, actor: aliceKey, affected: [aliceKey], data: { kind: 'membership.updated', member: aliceKey } },
      ]);
      assert.deepEqual(await recorded(() => v4().calendar.subscribe({ path: { calendar_id: calendarId } }, bob)), [
        { calendarId, actor: bobKey, affected: [bobKey], data: { kind: 'membership.added', member: bobKey } },
      ]);
      assert.deepEqual(await recorded(() => v4().calendar.unsubscribe({ path: { calendar_id: calendarId } }, bob)), [
        { calendarId, actor: bobKey, affected: [bobKey], data: { kind: 'membership.removed', member: bobKey } },
      ]);
      assert.deepEqual(await recorded(() => v4().calendar.delete({ path: { calendar_id: calendarId } }, alice)), [
        { calendarId, actor: aliceKey, affected: [], data: { kind: 'calendar.deleted' } },
      ]);
    });

    test('ACLs: created, role replaced, deleted; the grantee is affected', async () => {
      const alice = await s.as('alice');
      const [aliceKey, bobKey] = [await key('alice'), await key('bob')];
      const calendarId = (await v4().calendar.create({ data: { summary: 'Shared' } }, alice)).data!.calendar!.calendar_id!;
      const grant = (role: 'reader' | 'writer') =>
        v4().calendarAcl.create({ path: { calendar_id: calendarId }, params: { user_id_type: 'user_id' }, data: { role, scope: { type: 'user', user_id: 'bob' } } }, alice);
      let aclId = '';
      const created = await recorded(async () => {
        aclId = (await grant('reader')).data!.acl_id!;
      });
      assert.deepEqual(created, [{ calendarId, actor: aliceKey, affected: [bobKey], data: { kind: 'acl.created', aclId, grantee: bobKey, role: 'reader' } }]);
      assert.deepEqual(await recorded(() => grant('writer')), [
        { calendarId, actor: aliceKey, affected: [bobKey], data: { kind: 'acl.roleChanged', aclId, grantee: bobKey, role: 'writer', previousRole: 'reader' } },
      ]);
      assert.deepEqual(await recorded(() => v4().calendarAcl.delete({ path: { calendar_id: calendarId, acl_id: aclId } }, alice)), [
        { calendarId, actor: aliceKey, affected: [bobKey], data: { kind: 'acl.deleted', aclId, grantee: bobKey, role: 'writer' } },
      ]);
    });

    test('events: one row per calendar the event shows on; RSVP and personal settings name the attendee', async () => {
      const [alice, bob] = [await s.as('alice'), await s.as('bob')];
      const [aliceKey, bobKey] = [await key('alice'), await key('bob')];
      const [alicePrimary, bobPrimary] = [await s.primaryOf('alice'), await s.primaryOf('bob')];
      let eventId = '';
      assert.deepEqual(await recorded(async () => {
        eventId = await s.event(alice);
      }), [{ calendarId: alicePrimary, actor: aliceKey, affected: [], data: { kind: 'event.created', eventId, timeoffEventId: null } }]);

      let attendeeIds: string[] = [];
      const added = await recorded(async () => {
        attendeeIds = (await s.add(alice, eventId, users('bob'))).data!.attendees!.map((a) => a.attendee_id!);
      });
      const addedData: ChangeData = { kind: 'event.attendeesAdded', eventId, attendeeIds, addedTo: [bobPrimary] };
      assert.deepEqual(byCalendar(added), byCalendar([alicePrimary, bobPrimary].map((calendarId) => ({ calendarId, actor: aliceKey, affected: [], data: addedData }))));

      const replied = await recorded(() => v4().calendarEvent.reply({ path: { calendar_id: 'primary', event_id: eventId }, data: { rsvp_status: 'accept' } }, bob));
      const rsvp: ChangeData = { kind: 'event.rsvp', eventId, user: bobKey, rsvpStatus: 'accept' };
      assert.deepEqual(byCalendar(replied), byCalendar([alicePrimary, bobPrimary].map((calendarId) => ({ calendarId, actor: bobKey, affected: [bobKey], data: rsvp }))));

      // Bob's own colour is his alone: logged on his calendar, not the organizer's.
      assert.deepEqual(await recorded(() => v4().calendarEvent.patch({ path: { calendar_id: bobPrimary, event_id: eventId }, data: { color: -3 } }, bob)), [
        { calendarId: bobPrimary, actor: bobKey, affected: [bobKey], data: { kind: 'event.personalUpdated', eventId, attendee: bobKey } },
      ]);

      const patched = await recorded(() => v4().calendarEvent.patch({ path: { calendar_id: alicePrimary, event_id: eventId }, data: { summary: 'Renamed' } }, alice));
      assert.deepEqual(byCalendar(patched), byCalendar([alicePrimary, bobPrimary].map((calendarId) => ({ calendarId, actor: aliceKey, affected: [], data: { kind: 'event.updated', eventId, removedFrom: [] } }))));

      const bobAttendee = attendeeIds.find((id) => id !== attendeeIds[0])!;
      const removed = await recorded(() => v4().calendarEventAttendee.batchDelete({ path: { calendar_id: 'primary', event_id: eventId }, data: { attendee_ids: [bobAttendee] } }, alice));
      const removedData: ChangeData = { kind: 'event.attendeesRemoved', eventId, attendeeIds: [bobAttendee], removedFrom: [bobPrimary] };
      assert.deepEqual(byCalendar(removed), byCalendar([alicePrimary, bobPrimary].map((calendarId) => ({ calendarId, actor: aliceKey, affected: [], data: removedData }))));

      assert.deepEqual(await recorded(() => v4().calendarEvent.delete({ path: { calendar_id: alicePrimary, event_id: eventId } }, alice)), [
        { calendarId: alicePrimary, actor: aliceKey, affected: [], data: { kind: 'event.deleted', eventId, timeoffEventId: null } },
      ]);
    });

    test('exceptions: an edited, a cancelled and a destroyed occurrence', async () => {
      const alice = await s.as('alice');
      const aliceKey = await key('alice');
      const calendarId = await s.primaryOf('alice');
      const master = (await v4().calendarEvent.create({
        path: { calendar_id: calendarId }, data: { summary: 'Weekly', start_time: at(MON_0900_BERLIN), end_time: at(MON_0900_BERLIN + 3600), recurrence: 'FREQ=WEEKLY;COUNT=4' },
      }, alice)).data!.event!.event_id!;
      const uid = master.slice(0, -2);
      const second = MON_0900_BERLIN + 7 * 86400;
      const exception = (originalTime: number, change: string) =>
        [{ calendarId, actor: aliceKey, affected: [], data: { kind: 'event.exceptionChanged', eventId: `${uid}_${originalTime}`, originalTime, change, removedFrom: [] } }];
      assert.deepEqual(await recorded(() => v4().calendarEvent.patch({ path: { calendar_id: calendarId, event_id: `${uid}_${second}` }, data: { summary: 'Moved' } }, alice)), exception(second, 'updated'));
      assert.deepEqual(await recorded(() => v4().calendarEvent.delete({ path: { calendar_id: calendarId, event_id: `${uid}_${second}` } }, alice)), exception(second, 'cancelled'));
      assert.deepEqual(await recorded(() => v4().calendarEvent.delete({ path: { calendar_id: calendarId, event_id: `${uid}_${second}` }, params: { delete_exception: true } as never }, alice)), exception(second, 'destroyed'));
    });

    test('time off: created and deleted by the app, on the user\'s primary calendar', async () => {
      const calendarId = await s.primaryOf('alice');
      const appKey = `app:${(await server.store.tenancy.listApps(ACME)).find((a) => a.name === 'Acme Scheduler')!.appId}`;
      let timeoffEventId = '';
      const created = await recorded(async () => {
        timeoffEventId = (await v4().timeoffEvent.create({ params: { user_id_type: 'user_id' }, data: { user_id: 'alice', timezone: 'Asia/Shanghai', start_time: '2026-05-04', end_time: '2026-05-04' } })).data!.timeoff_event_id!;
      });
      const eventId = (await server.store.timeoffs.get(timeoffEventId))!.eventId;
      assert.deepEqual(created, [{ calendarId, actor: appKey, affected: [], data: { kind: 'event.created', eventId, timeoffEventId } }]);
      assert.deepEqual(await recorded(() => v4().timeoffEvent.delete({ path: { timeoff_event_id: timeoffEventId } })), [
        { calendarId, actor: appKey, affected: [], data: { kind: 'event.deleted', eventId, timeoffEventId } },
      ]);
    });
  });
}
