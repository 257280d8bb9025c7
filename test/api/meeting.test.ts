/** Meeting chat and meeting minutes (events.md §3.16–§3.18). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { CHAT, steps, users } from './attendees-support.js';

for (const dialect of DIALECTS) {
  describe(`meeting chat and minutes (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());
    const s = steps(() => server);
    const path = (eventId: string, calendarId = 'primary') => ({ calendar_id: calendarId, event_id: eventId });
    const code = async (call: Promise<unknown>) => {
      const r = await sdkFailure(call);
      return [r.status, r.body.code];
    };

    test('create binds one chat per series with the attendees as members; again returns it', async () => {
      const alice = await s.as('alice');
      const master = await s.event(alice, { summary: 'Weekly sync', ability: 'can_see_others', recurrence: 'FREQ=WEEKLY;COUNT=4' });
      await s.add(alice, master, [...users('carol'), { type: 'chat', chat_id: CHAT }]);
      const res = await s.v4().calendarEventMeetingChat.create({ path: path(master) }, alice);
      assert.equal(res.code, 0);
      const chatId = res.data!.meeting_chat_id!;
      assert.match(chatId, /^oc_[0-9a-f]{32}$/);
      assert.equal(res.data!.applink, `https://applink.feishu.cn/client/chat/open?openChatId=${chatId}`);
      const chat = await server.store.tenancy.getChat(chatId);
      const refs = await Promise.all(['alice', 'bob', 'carol'].map(async (u) => (await s.user(u)).ref));
      assert.deepEqual(chat!.memberRefs, [...refs].sort());
      assert.equal(chat!.name, 'Weekly sync');

      // Again, by an attendee, and on an exception of the series: the same chat.
      const again = await s.v4().calendarEventMeetingChat.create({ path: path(master) }, await s.as('carol'));
      assert.equal(again.data!.meeting_chat_id, chatId);
      const uid = master.slice(0, -2);
      const occurrence = `${uid}_${1_800_000_000 + 7 * 86400}`;
      await s.v4().calendarEvent.patch({ path: path(occurrence), data: { summary: 'Moved' } }, alice);
      const onException = await s.v4().calendarEventMeetingChat.create({ path: path(occurrence) }, alice);
      assert.equal(onException.data!.meeting_chat_id, chatId);
      // A plain occurrence id is not an event of its own here.
      assert.deepEqual(await code(s.v4().calendarEventMeetingChat.create({ path: path(`${uid}_${1_800_000_000 + 14 * 86400}`) }, alice)), [404, 193001]);
    });

    test('195109: fewer than 2 attendees, hidden list, or not the caller\'s own primary calendar', async () => {
      const alice = await s.as('alice');
      const lonely = await s.event(alice, { ability: 'can_see_others' });
      assert.deepEqual(await code(s.v4().calendarEventMeetingChat.create({ path: path(lonely) }, alice)), [400, 195109]);
      const hidden = await s.event(alice, { ability: 'none' });
      await s.add(alice, hidden, users('bob'));
      assert.deepEqual(await code(s.v4().calendarEventMeetingChat.create({ path: path(hidden) }, alice)), [400, 195109]);

      const shared = await s.v4().calendar.create({ data: { summary: 'Team' } }, alice);
      const sharedId = shared.data!.calendar!.calendar_id!;
      const onShared = await s.event(alice, { ability: 'can_see_others', calendarId: sharedId });
      await s.add(alice, onShared, users('bob'), sharedId);
      assert.deepEqual(await code(s.v4().calendarEventMeetingChat.create({ path: path(onShared, sharedId) }, alice)), [400, 195109]);
      // Bob has the event on his primary: there it works.
      assert.equal((await s.v4().calendarEventMeetingChat.create({ path: path(onShared) }, await s.as('bob'))).code, 0);
    });

    test('delete unbinds: 195108 another chat, 195107 not the owner; afterwards a new chat can be made', async () => {
      const alice = await s.as('alice');
      const bob = await s.as('bob');
      const eventId = await s.event(alice, { ability: 'can_see_others' });
      await s.add(alice, eventId, users('bob'));
      const chatId = (await s.v4().calendarEventMeetingChat.create({ path: path(eventId) }, alice)).data!.meeting_chat_id!;
      const unbind = (id: string, as: typeof alice) => s.v4().calendarEventMeetingChat.delete({ path: path(eventId), params: { meeting_chat_id: id } }, as);
      assert.deepEqual(await code(unbind(CHAT, alice)), [400, 195108]);
      assert.deepEqual(await code(unbind(chatId, bob)), [403, 195107]);
      assert.deepEqual(await unbind(chatId, alice), { code: 0, msg: 'success', data: {} });
      // The chat stays in the directory; the event has none now.
      assert.ok(await server.store.tenancy.getChat(chatId));
      assert.deepEqual(await code(unbind(chatId, alice)), [400, 195108]);
      const fresh = await s.v4().calendarEventMeetingChat.create({ path: path(eventId) }, bob);
      assert.notEqual(fresh.data!.meeting_chat_id, chatId);
      assert.equal((await unbind(fresh.data!.meeting_chat_id!, bob)).code, 0);
      // meeting_chat_id is required.
      const missing = await code(s.v4().calendarEventMeetingChat.delete({ path: path(eventId), params: {} as { meeting_chat_id: string } }, alice));
      assert.deepEqual(missing, [400, 190002]);
    });

    test('a bot organizer creates the chat on its own primary calendar (tenant token)', async () => {
      const bot = server.client().calendar.v4;
      const created = await bot.calendarEvent.create({ path: { calendar_id: 'primary' }, data: { summary: 'Bot', attendee_ability: 'can_see_others', start_time: { timestamp: '1800000000' }, end_time: { timestamp: '1800003600' } } });
      const eventId = created.data!.event!.event_id!;
      await bot.calendarEventAttendee.create({ path: path(eventId), params: { user_id_type: 'user_id' }, data: { attendees: users('bob', 'carol') } });
      const res = await bot.calendarEventMeetingChat.create({ path: path(eventId) });
      assert.equal(res.code, 0);
      const unbound = await bot.calendarEventMeetingChat.delete({ path: path(eventId), params: { meeting_chat_id: res.data!.meeting_chat_id! } });
      assert.equal(unbound.code, 0);
    });

    test('minutes: one document per series; 195110 without attendees, with a hidden list, or a sensitive title', async () => {
      const alice = await s.as('alice');
      const eventId = await s.event(alice, { ability: 'can_see_others' });
      await s.add(alice, eventId, [{ type: 'third_party', third_party_email: 'guest@example.com' }]);
      const res = await s.v4().calendarEventMeetingMinute.create({ path: path(eventId) }, alice);
      assert.match(res.data!.doc_url!, /^https:\/\/acme\.feishu\.cn\/docx\/[A-Za-z0-9]{27}$/);
      const again = await s.v4().calendarEventMeetingMinute.create({ path: path(eventId) }, alice);
      assert.equal(again.data!.doc_url, res.data!.doc_url);

      const none = await s.event(alice, { ability: 'can_see_others' });
      assert.deepEqual(await code(s.v4().calendarEventMeetingMinute.create({ path: path(none) }, alice)), [400, 195110]);
      const hidden = await s.event(alice, { ability: 'none' });
      await s.add(alice, hidden, users('bob'));
      assert.deepEqual(await code(s.v4().calendarEventMeetingMinute.create({ path: path(hidden) }, alice)), [400, 195110]);
      for (const word of ['晋升', '绩效', '述职', '调薪', '调级', '复议', '申诉', '校准', '答辩']) {
        const sensitive = await s.event(alice, { ability: 'can_see_others', summary: `Q3 ${word} review` });
        await s.add(alice, sensitive, users('bob'));
        assert.deepEqual(await code(s.v4().calendarEventMeetingMinute.create({ path: path(sensitive) }, alice)), [400, 195110], word);
      }
    });

    test('deleted events and unknown ids', async () => {
      const alice = await s.as('alice');
      const eventId = await s.event(alice, { ability: 'can_see_others' });
      await s.add(alice, eventId, users('bob'));
      await s.v4().calendarEvent.delete({ path: path(eventId) }, alice);
      assert.deepEqual(await code(s.v4().calendarEventMeetingChat.create({ path: path(eventId) }, alice)), [403, 193003]);
      assert.deepEqual(await code(s.v4().calendarEventMeetingMinute.create({ path: path(eventId) }, alice)), [403, 193003]);
      assert.deepEqual(await code(s.v4().calendarEventMeetingChat.create({ path: path('00000000-0000-4000-8000-000000000000_0') }, alice)), [404, 193001]);
    });
  });
}
