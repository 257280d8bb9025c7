/**
 * The rights table of events.md §2.5, driven through the SDK: the organizer, an
 * attendee at each attendee_ability, and outsiders, against every attendee,
 * event and meeting operation, each answering success or its exact code.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { CHAT, steps, users, type Ability } from './attendees-support.js';

type Outcome = 'ok' | number;

/** What an attendee (bob, on his own primary calendar) gets at each ability. */
const ATTENDEE_TABLE: Record<Ability, Record<string, Outcome>> = {
  none: { list: 194001, get_attendees: 194001, add: 194002, remove: 194003, patch_shared: 193002, patch_own: 'ok', delete: 193002, minute: 195110, chat: 195109 },
  can_see_others: { list: 'ok', get_attendees: 'ok', add: 194002, remove: 194003, patch_shared: 193002, patch_own: 'ok', delete: 193002, minute: 'ok', chat: 'ok' },
  can_invite_others: { list: 'ok', get_attendees: 'ok', add: 'ok', remove: 194003, patch_shared: 193002, patch_own: 'ok', delete: 193002, minute: 'ok', chat: 'ok' },
  can_modify_event: { list: 'ok', get_attendees: 'ok', add: 'ok', remove: 194003, patch_shared: 'ok', patch_own: 'ok', delete: 193002, minute: 'ok', chat: 'ok' },
};

for (const dialect of DIALECTS) {
  describe(`attendee rights (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());
    const s = steps(() => server);

    const outcome = async (call: Promise<unknown>): Promise<Outcome> => {
      const r = await sdkFailure(call);
      return r.status === 200 && r.body.code === 0 ? 'ok' : r.body.code;
    };

    /** Every operation, as `who` on calendar `calendarId`. */
    async function operations(who: string, calendarId: string, eventId: string): Promise<Record<string, Outcome>> {
      const as = await s.as(who);
      const path = { calendar_id: calendarId, event_id: eventId };
      const v4 = s.v4();
      // Order matters only for delete, which runs last.
      const out: Record<string, Outcome> = {};
      out.list = await outcome(v4.calendarEventAttendee.list({ path }, as));
      out.get_attendees = await outcome(v4.calendarEvent.get({ path, params: { need_attendee: true } }, as));
      out.add = await outcome(v4.calendarEventAttendee.create({ path, params: { user_id_type: 'user_id' }, data: { attendees: [{ type: 'third_party', third_party_email: `${who}-guest@example.com` }] } }, as));
      out.remove = await outcome(v4.calendarEventAttendee.batchDelete({ path, data: { delete_ids: [{ type: 'third_party', third_party_email: `${who}-guest@example.com` }] } }, as));
      out.patch_shared = await outcome(v4.calendarEvent.patch({ path, data: { summary: `renamed by ${who}` } }, as));
      out.patch_own = await outcome(v4.calendarEvent.patch({ path, data: { color: -1 } }, as));
      out.minute = await outcome(v4.calendarEventMeetingMinute.create({ path }, as));
      out.chat = await outcome(v4.calendarEventMeetingChat.create({ path }, as));
      out.delete = await outcome(v4.calendarEvent.delete({ path }, as));
      return out;
    }

    for (const ability of Object.keys(ATTENDEE_TABLE) as Ability[]) {
      test(`attendee with attendee_ability=${ability}`, async () => {
        const alice = await s.as('alice');
        const eventId = await s.event(alice, { ability });
        await s.add(alice, eventId, users('bob'));
        assert.deepEqual(await operations('bob', 'primary', eventId), ATTENDEE_TABLE[ability]);
      });
    }

    test('the organizer may do everything, whatever the ability', async () => {
      const alice = await s.as('alice');
      const eventId = await s.event(alice, { ability: 'can_see_others' });
      await s.add(alice, eventId, users('bob'));
      assert.deepEqual(await operations('alice', 'primary', eventId), {
        list: 'ok', get_attendees: 'ok', add: 'ok', remove: 'ok', patch_shared: 'ok', patch_own: 'ok', minute: 'ok', chat: 'ok', delete: 'ok',
      });
    });

    test('a chat member attends through the chat', async () => {
      const carol = await s.as('carol');
      const eventId = await s.event(carol, { ability: 'can_invite_others' });
      await s.add(carol, eventId, [{ type: 'chat', chat_id: CHAT }]);
      const out = await operations('bob', 'primary', eventId);
      assert.deepEqual(out, { list: 'ok', get_attendees: 'ok', add: 'ok', remove: 194003, patch_shared: 193002, patch_own: 'ok', minute: 'ok', chat: 'ok', delete: 193002 });
    });

    test('outsiders: no copy (193001); a reader of the organizer calendar (194001, 191002); a writer is the organizer', async () => {
      const alice = await s.as('alice');
      const eventId = await s.event(alice, { ability: 'can_modify_event' });
      await s.add(alice, eventId, users('bob'));
      const carol = await operations('carol', 'primary', eventId);
      assert.deepEqual(Object.values(carol).every((o) => o === 193001), true, JSON.stringify(carol));

      const alicePrimary = await s.primaryOf('alice');
      await s.v4().calendarAcl.create({ path: { calendar_id: alicePrimary }, params: { user_id_type: 'user_id' }, data: { role: 'reader', scope: { type: 'user', user_id: 'dave' } } }, alice);
      const reader = await operations('dave', alicePrimary, eventId);
      assert.deepEqual(reader, { list: 194001, get_attendees: 194001, add: 191002, remove: 191002, patch_shared: 191002, patch_own: 191002, minute: 195110, chat: 195109, delete: 191002 });

      await s.v4().calendarAcl.create({ path: { calendar_id: alicePrimary }, params: { user_id_type: 'user_id' }, data: { role: 'writer', scope: { type: 'user', user_id: 'dave' } } }, alice);
      const writer = await operations('dave', alicePrimary, eventId);
      // Meeting chat and minutes need the caller's own primary calendar.
      assert.deepEqual(writer, { list: 'ok', get_attendees: 'ok', add: 'ok', remove: 'ok', patch_shared: 'ok', patch_own: 'ok', minute: 195110, chat: 195109, delete: 'ok' });
    });

    test('chat_members: only a chat attendee (194004), only for a member who sees the list (194001)', async () => {
      const alice = await s.as('alice');
      const eventId = await s.event(alice, { ability: 'can_see_others' });
      const added = await s.add(alice, eventId, [{ type: 'chat', chat_id: CHAT, is_optional: true }, ...users('carol')]);
      const chatId = added.data!.attendees!.find((a) => a.type === 'chat')!.attendee_id!;
      const carolId = added.data!.attendees!.find((a) => a.user_id === 'carol')!.attendee_id!;
      const members = (who: Awaited<ReturnType<typeof s.as>> | undefined, attendeeId = chatId, params: Record<string, unknown> = {}) =>
        s.v4().calendarEventAttendeeChatMember.list({ path: { calendar_id: 'primary', event_id: eventId, attendee_id: attendeeId }, params }, who);

      const res = await members(alice);
      assert.equal(res.data!.has_more, false);
      assert.equal('page_token' in res.data!, false);
      assert.deepEqual([...res.data!.items!].sort((a, b) => a.display_name!.localeCompare(b.display_name!)), [
        { rsvp_status: 'accept', is_optional: true, display_name: 'Alice Wang', open_id: await s.openId('alice'), is_organizer: true, is_external: false },
        { rsvp_status: 'needs_action', is_optional: true, display_name: 'Bob Li', open_id: await s.openId('bob'), is_organizer: false, is_external: false },
      ]);
      // user_id_type does not change the member id.
      const asUserId = await members(alice, chatId, { user_id_type: 'user_id' });
      assert.deepEqual(asUserId.data!.items!.map((m) => m.open_id).sort(), [await s.openId('alice'), await s.openId('bob')].sort());
      assert.equal((await members(await s.as('bob'))).code, 0);
      // Pages: page_size 1 gives one member and a token for the other.
      const first = await members(alice, chatId, { page_size: 1 });
      assert.deepEqual([first.data!.items!.length, first.data!.has_more], [1, true]);
      const second = await members(alice, chatId, { page_size: 1, page_token: first.data!.page_token });
      assert.deepEqual([second.data!.items!.length, second.data!.has_more, 'page_token' in second.data!], [1, false, false]);
      assert.notEqual(second.data!.items![0]!.open_id, first.data!.items![0]!.open_id);
      assert.equal((await sdkFailure(members(alice, chatId, { page_token: 'stale' }))).body.code, 190008);
      // Carol sees the list but is not in the chat.
      const carol = await sdkFailure(members(await s.as('carol')));
      assert.deepEqual([carol.status, carol.body.code], [403, 194001]);
      // Not a chat attendee, not an attendee at all.
      assert.equal((await sdkFailure(members(alice, carolId))).body.code, 194004);
      assert.equal((await sdkFailure(members(alice, 'chat_1'))).body.code, 194000);
      // The bot is never a member.
      const botEvent = await server.client().calendar.v4.calendarEvent.create({ path: { calendar_id: 'primary' }, data: { summary: 'Bot', start_time: { timestamp: '1800000000' }, end_time: { timestamp: '1800003600' } } });
      const botId = botEvent.data!.event!.event_id!;
      const botAdded = await server.client().calendar.v4.calendarEventAttendee.create({ path: { calendar_id: 'primary', event_id: botId }, data: { attendees: [{ type: 'chat', chat_id: CHAT }] } });
      const botChat = botAdded.data!.attendees![0]!.attendee_id!;
      const bot = await sdkFailure(server.client().calendar.v4.calendarEventAttendeeChatMember.list({ path: { calendar_id: 'primary', event_id: botId, attendee_id: botChat } }));
      assert.deepEqual([bot.status, bot.body.code], [403, 194001]);
      // None may see the list: 194001 for a member too.
      const hidden = await s.event(alice, { ability: 'none' });
      const hiddenAdded = await s.add(alice, hidden, [{ type: 'chat', chat_id: CHAT }]);
      const hiddenChat = hiddenAdded.data!.attendees!.find((a) => a.type === 'chat')!.attendee_id!;
      const bobHidden = await sdkFailure(s.v4().calendarEventAttendeeChatMember.list({ path: { calendar_id: 'primary', event_id: hidden, attendee_id: hiddenChat } }, await s.as('bob')));
      assert.equal(bobHidden.body.code, 194001);
    });
  });
}
