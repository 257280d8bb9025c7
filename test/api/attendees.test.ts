/** Attendees (events.md §2.6–§2.7, §3.12–§3.14): adding, listing, removing; copies on attendee calendars. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { CHAT, steps, users } from './attendees-support.js';

for (const dialect of DIALECTS) {
  describe(`event attendees (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());
    const s = steps(() => server);

    test('add answers with every attendee: the organizer first, accepted; ids by type', async () => {
      const alice = await s.as('alice');
      const eventId = await s.event(alice);
      const res = await s.add(alice, eventId, [...users('bob'), { type: 'chat', chat_id: CHAT }, { type: 'third_party', third_party_email: 'Guest@Example.com', is_optional: true }]);
      assert.equal(res.code, 0);
      const [organizer, bob, chat, guest] = res.data!.attendees!;
      const aliceUser = await s.user('alice');
      const bobUser = await s.user('bob');
      assert.deepEqual(organizer, {
        type: 'user', attendee_id: `user_${aliceUser.number}`, rsvp_status: 'accept', is_optional: false, is_organizer: true, is_external: false,
        display_name: 'Alice Wang', user_id: 'alice',
      });
      assert.deepEqual(bob, {
        type: 'user', attendee_id: `user_${bobUser.number}`, rsvp_status: 'needs_action', is_optional: false, is_organizer: false, is_external: false,
        display_name: 'Bob Li', user_id: 'bob',
      });
      assert.match(chat!.attendee_id!, /^chat_\d{19}$/);
      assert.deepEqual({ ...chat, attendee_id: 'x' }, {
        type: 'chat', attendee_id: 'x', rsvp_status: 'needs_action', is_optional: false, is_organizer: false, is_external: false,
        display_name: 'Platform team', chat_id: CHAT,
      });
      assert.match(guest!.attendee_id!, /^third_party_\d{19}$/);
      assert.deepEqual({ ...guest, attendee_id: 'x' }, {
        type: 'third_party', attendee_id: 'x', rsvp_status: 'needs_action', is_optional: true, is_organizer: false, is_external: true,
        display_name: 'guest@example.com', third_party_email: 'guest@example.com',
      });
      assert.equal(res.data!.attendees!.length, 4);

      // Adding again is a no-op; ids are stable per event.
      const again = await s.add(alice, eventId, [...users('bob'), { type: 'third_party', third_party_email: 'guest@example.com' }]);
      assert.deepEqual(again.data!.attendees, res.data!.attendees);
    });

    test('the attendee sees the event on their own primary calendar, same event_id, own self_rsvp_status', async () => {
      const alice = await s.as('alice');
      const bob = await s.as('bob');
      const eventId = await s.event(alice, { summary: 'Copy' });
      await s.add(alice, eventId, users('bob'));
      const bobPrimary = await s.primaryOf('bob');
      const got = await s.v4().calendarEvent.get({ path: { calendar_id: bobPrimary, event_id: eventId } }, bob);
      assert.equal(got.data!.event!.event_id, eventId);
      assert.equal(got.data!.event!.summary, 'Copy');
      assert.equal(got.data!.event!.organizer_calendar_id, await s.primaryOf('alice'));
      assert.equal(got.data!.event!.self_rsvp_status, 'needs_action');
      // `primary` names the caller's own calendar.
      const viaAlias = await s.v4().calendarEvent.get({ path: { calendar_id: 'primary', event_id: eventId } }, bob);
      assert.equal(viaAlias.data!.event!.event_id, eventId);
      const mine = await s.v4().calendarEvent.get({ path: { calendar_id: 'primary', event_id: eventId } }, alice);
      assert.equal(mine.data!.event!.self_rsvp_status, 'accept');
      // Carol, not invited, does not have it.
      const carol = await sdkFailure(s.v4().calendarEvent.get({ path: { calendar_id: 'primary', event_id: eventId } }, await s.as('carol')));
      assert.deepEqual([carol.status, carol.body.code], [404, 193001]);
    });

    test('reply: a user attendee and a chat member answer; decline keeps the event on their calendar', async () => {
      const alice = await s.as('alice');
      const bob = await s.as('bob');
      const carol = await s.as('carol');
      const eventId = await s.event(alice, { ability: 'can_see_others' });
      await s.add(alice, eventId, [...users('carol'), { type: 'chat', chat_id: CHAT }]);

      await s.v4().calendarEvent.reply({ path: { calendar_id: 'primary', event_id: eventId }, data: { rsvp_status: 'decline' } }, carol);
      const carolView = await s.v4().calendarEvent.get({ path: { calendar_id: 'primary', event_id: eventId } }, carol);
      assert.equal(carolView.data!.event!.self_rsvp_status, 'decline');
      assert.equal(carolView.data!.event!.status, 'confirmed');
      const listed = await s.list(alice, eventId);
      assert.equal(listed.data!.items!.find((a) => a.user_id === 'carol')!.rsvp_status, 'decline');

      // Bob is in the list only through the chat.
      await s.v4().calendarEvent.reply({ path: { calendar_id: 'primary', event_id: eventId }, data: { rsvp_status: 'tentative' } }, bob);
      const bobView = await s.v4().calendarEvent.get({ path: { calendar_id: 'primary', event_id: eventId } }, bob);
      assert.equal(bobView.data!.event!.self_rsvp_status, 'tentative');
      const chat = listed.data!.items!.find((a) => a.type === 'chat')!;
      const members = await s.v4().calendarEventAttendeeChatMember.list({ path: { calendar_id: 'primary', event_id: eventId, attendee_id: chat.attendee_id! } }, bob);
      assert.deepEqual(members.data!.items!.map((m) => [m.display_name, m.rsvp_status]).sort(), [['Alice Wang', 'accept'], ['Bob Li', 'tentative']]);
      // Dave was never invited.
      const dave = await sdkFailure(s.v4().calendarEvent.reply({ path: { calendar_id: await s.primaryOf('alice'), event_id: eventId }, data: { rsvp_status: 'accept' } }, await s.as('dave')));
      assert.deepEqual([dave.status, dave.body.code], [403, 193002]);
    });

    test('batch_delete: removed attendees leave the list and their calendar (193001); ids or delete_ids', async () => {
      const alice = await s.as('alice');
      const carol = await s.as('carol');
      const eventId = await s.event(alice, { ability: 'can_see_others' });
      const added = await s.add(alice, eventId, [...users('carol', 'dave'), { type: 'third_party', third_party_email: 'x@example.com' }]);
      const carolId = added.data!.attendees!.find((a) => a.user_id === 'carol')!.attendee_id!;
      const res = await s.v4().calendarEventAttendee.batchDelete({
        path: { calendar_id: 'primary', event_id: eventId }, params: { user_id_type: 'user_id' },
        data: { attendee_ids: [carolId], delete_ids: [{ type: 'third_party', third_party_email: 'x@example.com' }] },
      }, alice);
      assert.deepEqual(res, { code: 0, msg: 'success', data: {} });
      const listed = await s.list(alice, eventId);
      assert.deepEqual(listed.data!.items!.map((a) => a.user_id ?? a.third_party_email), ['alice', 'dave']);
      const gone = await sdkFailure(s.v4().calendarEvent.get({ path: { calendar_id: 'primary', event_id: eventId } }, carol));
      assert.deepEqual([gone.status, gone.body.code], [404, 193001]);
      // The removed attendee row reads `removed` in storage.
      const row = await server.store.attendees.get(eventId, carolId);
      assert.equal(row!.rsvpStatus, 'removed');
      // Dave, by delete_ids with a user id.
      await s.v4().calendarEventAttendee.batchDelete({ path: { calendar_id: 'primary', event_id: eventId }, params: { user_id_type: 'user_id' }, data: { delete_ids: [{ type: 'user', user_id: 'dave' }] } }, alice);
      assert.deepEqual((await s.list(alice, eventId)).data!.items!.map((a) => a.user_id), ['alice']);
      // Adding Carol back puts the event on her calendar again.
      await s.add(alice, eventId, users('carol'));
      const back = await s.v4().calendarEvent.get({ path: { calendar_id: 'primary', event_id: eventId } }, carol);
      assert.equal(back.data!.event!.self_rsvp_status, 'needs_action');
    });

    test('removing a chat takes the event off members who do not attend otherwise', async () => {
      const alice = await s.as('carol');
      const eventId = await s.event(alice);
      const added = await s.add(alice, eventId, [...users('alice'), { type: 'chat', chat_id: CHAT }]);
      const chatId = added.data!.attendees!.find((a) => a.type === 'chat')!.attendee_id!;
      await s.v4().calendarEventAttendee.batchDelete({ path: { calendar_id: 'primary', event_id: eventId }, data: { attendee_ids: [chatId] } }, alice);
      const bob = await sdkFailure(s.v4().calendarEvent.get({ path: { calendar_id: 'primary', event_id: eventId } }, await s.as('bob')));
      assert.equal(bob.body.code, 193001);
      // Alice is still invited herself.
      const aliceView = await s.v4().calendarEvent.get({ path: { calendar_id: 'primary', event_id: eventId } }, await s.as('alice'));
      assert.equal(aliceView.data!.event!.event_id, eventId);
    });

    test('list pages: default 20, below 10 reads as 10, over 100 is 190002; page tokens', async () => {
      const alice = await s.as('alice');
      const eventId = await s.event(alice);
      const emails = Array.from({ length: 24 }, (_, i) => ({ type: 'third_party', third_party_email: `guest${String(i).padStart(2, '0')}@example.com` }));
      await s.add(alice, eventId, emails);
      const first = await s.list(alice, eventId);
      assert.equal(first.data!.items!.length, 20);
      assert.equal(first.data!.has_more, true);
      const second = await s.list(alice, eventId, 'primary', { page_token: first.data!.page_token });
      assert.equal(second.data!.items!.length, 5);
      assert.equal(second.data!.has_more, false);
      assert.equal('page_token' in second.data!, false);
      const small = await s.list(alice, eventId, 'primary', { page_size: 3 });
      assert.equal(small.data!.items!.length, 10);
      const big = await sdkFailure(s.list(alice, eventId, 'primary', { page_size: 101 }));
      assert.deepEqual([big.status, big.body.code], [400, 190002]);
      const stale = await sdkFailure(s.list(alice, eventId, 'primary', { page_token: 'nonsense' }));
      assert.deepEqual([stale.status, stale.body.code], [400, 190008]);
    });

    test('GET with need_attendee: max_attendee_num (default 10) and has_more_attendee', async () => {
      const alice = await s.as('alice');
      const eventId = await s.event(alice);
      await s.add(alice, eventId, Array.from({ length: 11 }, (_, i) => ({ type: 'third_party', third_party_email: `p${i}@example.com` })));
      const get = (params: Record<string, unknown>) => s.v4().calendarEvent.get({ path: { calendar_id: 'primary', event_id: eventId }, params: { user_id_type: 'user_id', ...params } }, alice);
      const plain = await get({});
      assert.equal(plain.data!.event!.attendees, undefined);
      const ten = await get({ need_attendee: true });
      assert.equal(ten.data!.event!.attendees!.length, 10);
      assert.equal(ten.data!.event!.has_more_attendee, true);
      assert.deepEqual(ten.data!.event!.attendees![0], {
        type: 'user', attendee_id: `user_${(await s.user('alice')).number}`, rsvp_status: 'accept', is_optional: false, is_organizer: true,
        is_external: false, display_name: 'Alice Wang', user_id: 'alice',
      });
      const all = await get({ need_attendee: true, max_attendee_num: 100 });
      assert.equal(all.data!.event!.attendees!.length, 12);
      assert.equal(all.data!.event!.has_more_attendee, false);
      const tooMany = await sdkFailure(get({ need_attendee: true, max_attendee_num: 101 }));
      assert.deepEqual([tooMany.status, tooMany.body.code], [400, 190002]);
    });

    test('errors: 194004 bad type, 195100 unknown or foreign user, 194000 unknown chat/room/attendee, 190002 limits', async () => {
      const alice = await s.as('alice');
      const eventId = await s.event(alice);
      const code = async (call: Promise<unknown>) => { const r = await sdkFailure(call); return [r.status, r.body.code]; };
      assert.deepEqual(await code(s.add(alice, eventId, [{ type: 'robot', user_id: 'bob' }])), [400, 194004]);
      assert.deepEqual(await code(s.add(alice, eventId, users('nobody'))), [404, 195100]);
      assert.deepEqual(await code(s.add(alice, eventId, users('zed'))), [404, 195100]);
      assert.deepEqual(await code(s.add(alice, eventId, [{ type: 'chat', chat_id: 'oc_ffffffffffffffffffffffffffffffff' }])), [404, 194000]);
      assert.deepEqual(await code(s.add(alice, eventId, [{ type: 'resource', room_id: 'omm_ffffffffffffffffffffffffffffffff' }])), [404, 194000]);
      assert.deepEqual(await code(s.add(alice, eventId, [{ type: 'user' }])), [400, 190002]);
      assert.deepEqual(await code(s.add(alice, eventId, [{ type: 'third_party', third_party_email: 'not-an-email' }])), [400, 190002]);
      const many = Array.from({ length: 1001 }, (_, i) => ({ type: 'third_party', third_party_email: `m${i}@example.com` }));
      assert.deepEqual(await code(s.add(alice, eventId, many)), [400, 190002]);
      const rooms = Array.from({ length: 101 }, () => ({ type: 'resource', room_id: 'omm_83d09ad4f6896e02029a6a075f71c9d1' }));
      assert.deepEqual(await code(s.add(alice, eventId, rooms)), [400, 190002]);
      const reason = [{ type: 'resource', room_id: 'omm_83d09ad4f6896e02029a6a075f71c9d1', approval_reason: 'x'.repeat(201) }];
      assert.deepEqual(await code(s.add(alice, eventId, reason)), [400, 190002]);
      // Nothing of the failed calls stuck.
      assert.deepEqual((await s.list(alice, eventId)).data!.items, []);

      const del = (data: Record<string, unknown>) => s.v4().calendarEventAttendee.batchDelete({ path: { calendar_id: 'primary', event_id: eventId }, data }, alice);
      assert.deepEqual(await code(del({ attendee_ids: ['user_1'] })), [404, 194000]);
      assert.deepEqual(await code(del({ delete_ids: [{ type: 'robot' }] })), [400, 194004]);
      assert.deepEqual(await code(del({ attendee_ids: Array.from({ length: 501 }, (_, i) => `user_${i}`) })), [400, 190002]);
      // Unknown event, bad event id.
      assert.deepEqual(await code(s.add(alice, '00000000-0000-4000-8000-000000000000_0', users('bob'))), [404, 193001]);
      assert.deepEqual(await code(s.add(alice, 'nope', users('bob'))), [400, 193000]);
    });

    test('3000 attendees per event at most (190002)', async () => {
      const alice = await s.as('alice');
      const eventId = await s.event(alice);
      const batch = (n: number) => Array.from({ length: 1000 }, (_, i) => ({ type: 'third_party', third_party_email: `b${n}-${i}@example.com` }));
      for (const n of [0, 1]) assert.equal((await s.add(alice, eventId, batch(n))).code, 0);
      // 2001 now (the organizer too): 999 more fit, 1000 do not.
      const over = await sdkFailure(s.add(alice, eventId, batch(2)));
      assert.deepEqual([over.status, over.body.code], [400, 190002]);
      assert.equal((await s.add(alice, eventId, batch(3).slice(0, 999))).code, 0);
    });

    test('an app organizer (tenant token) adds attendees; user_id_type governs user_id and operate_id', async () => {
      const bot = server.client().calendar.v4;
      const created = await bot.calendarEvent.create({ path: { calendar_id: 'primary' }, data: { summary: 'Bot', start_time: { timestamp: '1800000000' }, end_time: { timestamp: '1800003600' } } });
      const eventId = created.data!.event!.event_id!;
      const res = await bot.calendarEventAttendee.create({ path: { calendar_id: 'primary', event_id: eventId }, data: { attendees: [{ type: 'user', user_id: await s.openId('bob') }] } });
      // A bot organizer is not a user attendee: no organizer row.
      assert.deepEqual(res.data!.attendees!.map((a) => [a.user_id, a.is_organizer]), [[await s.openId('bob'), false]]);
      const union = await bot.calendarEventAttendee.list({ path: { calendar_id: 'primary', event_id: eventId }, params: { user_id_type: 'union_id' } });
      assert.equal(union.data!.items![0]!.user_id, (await s.user('bob')).unionId);
      const bobView = await s.v4().calendarEvent.get({ path: { calendar_id: 'primary', event_id: eventId } }, await s.as('bob'));
      assert.equal(bobView.data!.event!.self_rsvp_status, 'needs_action');
    });

    test('an occurrence id adds to that occurrence alone (an exception with its own attendees)', async () => {
      const alice = await s.as('alice');
      const master = await s.event(alice, { recurrence: 'FREQ=DAILY;COUNT=5' });
      const uid = master.slice(0, -2);
      const occurrence = `${uid}_${1_800_000_000 + 86400}`;
      await s.add(alice, occurrence, users('bob'));
      assert.deepEqual((await s.list(alice, occurrence)).data!.items!.map((a) => a.user_id), ['alice', 'bob']);
      assert.deepEqual((await s.list(alice, master)).data!.items, []);
      const bobView = await s.v4().calendarEvent.get({ path: { calendar_id: 'primary', event_id: occurrence } }, await s.as('bob'));
      assert.equal(bobView.data!.event!.is_exception, true);
    });

    test('every attendee change records a change on each calendar the event is (or was) on', async () => {
      const alice = await s.as('alice');
      const eventId = await s.event(alice);
      const head = await server.store.changes.head();
      await s.add(alice, eventId, users('bob'));
      const afterAdd = await server.store.changes.head();
      assert.ok(afterAdd >= head + 2, 'alice and bob calendars');
      const bobPlacement = await server.store.events.getPlacement(await s.primaryOf('bob'), eventId);
      assert.equal(bobPlacement!.version > head, true);
      await s.v4().calendarEventAttendee.batchDelete({ path: { calendar_id: 'primary', event_id: eventId }, params: { user_id_type: 'user_id' }, data: { delete_ids: [{ type: 'user', user_id: 'bob' }] } }, alice);
      const removed = await server.store.events.getPlacement(await s.primaryOf('bob'), eventId);
      assert.equal(removed!.removed, true);
      assert.ok(removed!.version > afterAdd);
      assert.ok((await server.store.changes.head()) >= afterAdd + 2);
    });
  });
}
