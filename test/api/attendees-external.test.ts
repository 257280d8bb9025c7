/**
 * People of another tenant as attendees (events.md §1.2, §2.7 is_external; platform.md §6):
 * named by union_id only, rendered with open_id or union_id only, the event on their own
 * calendar, a reply but no edit, and no seat in the meeting chat.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openIdFor } from '../../src/core/ids.js';
import { APPS, GLOBEX } from '../support/fixture.js';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { steps, users } from './attendees-support.js';

for (const dialect of DIALECTS) {
  describe(`external attendees (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());
    const s = steps(() => server);
    const zed = async () => (await server.store.tenancy.findUserByUserId(GLOBEX, 'zed'))!;
    const addAs = async (idType: 'union_id' | 'open_id' | 'user_id', eventId: string, attendees: Array<Record<string, unknown>>) =>
      s.v4().calendarEventAttendee.create({ path: { calendar_id: 'primary', event_id: eventId }, params: { user_id_type: idType }, data: { attendees } }, await s.as('alice'));

    /** Alice's event with zed (by union_id) and bob; zed's SDK options through Globex's own app. */
    async function withZed(ability: 'can_see_others' | 'can_modify_event' = 'can_modify_event') {
      const eventId = await s.event(await s.as('alice'), { ability });
      const zedUser = await zed();
      const added = await addAs('union_id', eventId, [{ type: 'user', user_id: zedUser.unionId }]);
      await s.add(await s.as('alice'), eventId, users('bob'));
      return { eventId, zedUser, added, zedAs: await server.asUser('zed', 'globex') };
    }

    test('a union_id of another tenant adds an external attendee, shown by open_id or union_id only', async () => {
      const { eventId, zedUser, added } = await withZed();
      assert.equal(added.code, 0);
      const external = added.data!.attendees!.find((a) => a.display_name === 'Zed Globex')!;
      assert.deepEqual(external, {
        type: 'user', attendee_id: `user_${zedUser.number}`, rsvp_status: 'needs_action', is_optional: false, is_organizer: false,
        is_external: true, display_name: 'Zed Globex', user_id: zedUser.unionId,
      });
      const alice = await s.as('alice');
      const idOf = async (idType: 'open_id' | 'union_id' | 'user_id') => {
        const listed = await s.list(alice, eventId, 'primary', { user_id_type: idType });
        return Object.fromEntries(listed.data!.items!.map((a) => [a.display_name, { id: a.user_id, external: a.is_external }]));
      };
      // Asked for user_id, the external attendee comes back with the open_id the calling app sees (§1.2).
      const zedOpenId = openIdFor(APPS.full.app_id, zedUser.ref);
      assert.deepEqual(await idOf('user_id'), {
        'Alice Wang': { id: 'alice', external: false }, 'Zed Globex': { id: zedOpenId, external: true }, 'Bob Li': { id: 'bob', external: false },
      });
      assert.equal((await idOf('union_id'))['Zed Globex']!.id, zedUser.unionId);
      assert.equal((await idOf('open_id'))['Zed Globex']!.id, zedOpenId);
    });

    test('an open_id or user_id of another tenant names no one (195100)', async () => {
      const eventId = await s.event(await s.as('alice'));
      const zedUser = await zed();
      for (const [idType, id] of [['open_id', openIdFor(APPS.full.app_id, zedUser.ref)], ['user_id', 'zed'], ['union_id', 'on_0000000000000000000000000000dead']] as const) {
        const failed = await sdkFailure(addAs(idType, eventId, [{ type: 'user', user_id: id }]));
        assert.equal(failed.body.code, 195100, `${idType} ${id}`);
      }
    });

    test('the external attendee has the event on their own calendar and can reply', async () => {
      const { eventId, zedAs } = await withZed();
      const listed = await s.v4().calendarEvent.list({ path: { calendar_id: 'primary' } }, zedAs);
      assert.ok(listed.data!.items!.some((e) => e.event_id === eventId));
      const got = await s.v4().calendarEvent.get({ path: { calendar_id: 'primary', event_id: eventId } }, zedAs);
      assert.equal(got.data!.event!.summary, 'Planning');
      assert.equal(got.data!.event!.self_rsvp_status, 'needs_action');
      const replied = await s.v4().calendarEvent.reply({ path: { calendar_id: 'primary', event_id: eventId }, data: { rsvp_status: 'accept' } }, zedAs);
      assert.equal(replied.code, 0);
      const seen = await s.list(await s.as('alice'), eventId);
      assert.equal(seen.data!.items!.find((a) => a.display_name === 'Zed Globex')!.rsvp_status, 'accept');
    });

    test('external attendees cannot edit or invite, whatever attendee_ability says; their own copy they may change', async () => {
      const { eventId, zedAs } = await withZed('can_modify_event');
      const path = { calendar_id: 'primary', event_id: eventId };
      const code = async (call: Promise<unknown>) => (await sdkFailure(call)).body.code;
      assert.equal(await code(s.v4().calendarEvent.patch({ path, data: { summary: 'Renamed by zed' } }, zedAs)), 193002);
      assert.equal(await code(s.v4().calendarEventAttendee.create({ path, data: { attendees: [{ type: 'third_party', third_party_email: 'x@globex.example' }] } }, zedAs)), 194002);
      assert.equal(await code(s.v4().calendarEventAttendee.list({ path }, zedAs)), 0);
      assert.equal(await code(s.v4().calendarEvent.patch({ path, data: { color: -1 } }, zedAs)), 0);
      // Bob, of the organizer's tenant, keeps what the ability grants.
      assert.equal(await code(s.v4().calendarEvent.patch({ path, data: { summary: 'Renamed by bob' } }, await s.as('bob'))), 0);
    });

    test('the meeting chat leaves external attendees out', async () => {
      const { eventId, zedUser } = await withZed();
      const alice = await s.as('alice');
      const created = await s.v4().calendarEventMeetingChat.create({ path: { calendar_id: 'primary', event_id: eventId } }, alice);
      const chat = (await server.store.tenancy.getChat(created.data!.meeting_chat_id!))!;
      const bob = await s.user('bob');
      const aliceUser = await s.user('alice');
      assert.deepEqual([...chat.memberRefs].sort(), [aliceUser.ref, bob.ref].sort());
      assert.ok(!chat.memberRefs.includes(zedUser.ref));
    });

    test('removing by union_id takes the event off the external calendar', async () => {
      const { eventId, zedUser, zedAs } = await withZed();
      const removed = await s.v4().calendarEventAttendee.batchDelete({
        path: { calendar_id: 'primary', event_id: eventId }, params: { user_id_type: 'union_id' },
        data: { delete_ids: [{ type: 'user', user_id: zedUser.unionId }] },
      }, await s.as('alice'));
      assert.equal(removed.code, 0);
      const listed = await s.list(await s.as('alice'), eventId);
      assert.deepEqual(listed.data!.items!.map((a) => a.display_name), ['Alice Wang', 'Bob Li']);
      const zedList = await s.v4().calendarEvent.list({ path: { calendar_id: 'primary' } }, zedAs);
      assert.ok(!zedList.data!.items!.some((e) => e.event_id === eventId));
      const got = await sdkFailure(s.v4().calendarEvent.get({ path: { calendar_id: 'primary', event_id: eventId } }, zedAs));
      assert.equal(got.body.code, 193001);
    });

    test('email addresses of another tenant stay third_party and external', async () => {
      const eventId = await s.event(await s.as('alice'));
      const added = await s.add(await s.as('alice'), eventId, [
        { type: 'third_party', third_party_email: 'zed@globex.example' }, { type: 'third_party', third_party_email: 'bob@acme.example' },
      ]);
      const byEmail = Object.fromEntries(added.data!.attendees!.filter((a) => a.type === 'third_party').map((a) => [a.third_party_email, a.is_external]));
      assert.deepEqual(byEmail, { 'zed@globex.example': true, 'bob@acme.example': false });
    });
  });
}
