/**
 * The lists' response tables: "page_token: Page identifier, when has_more is true, a new page_token will
 * also be returned. Otherwise, page_token will not be returned." So the last page has no page_token at
 * all, not `""`: calendar list and search, ACL list, attendee list, chat members. (issue #15, point 6)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { startServer, type TestServer } from '../support/server.js';
import { CHAT, steps, users } from './attendees-support.js';

for (const dialect of DIALECTS) {
  describe(`fidelity: no page_token on the last page (${dialect})`, () => {
    let server: TestServer;
    const s = steps(() => server);
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    test('calendar list and calendar search', async () => {
      const alice = await s.as('alice');
      const list = await s.v4().calendar.list({ params: { page_size: 50 } }, alice);
      assert.deepEqual([list.data!.has_more, 'page_token' in list.data!], [false, false]);
      assert.match(list.data!.sync_token!, /^ListCalendarsSyncToken_/);
      const search = await s.v4().calendar.search({ data: { query: 'Alice' } }, alice);
      assert.equal(search.data!.items!.length, 1);
      assert.equal('page_token' in search.data!, false);
    });

    test('ACL list', async () => {
      const alice = await s.as('alice');
      const calendarId = (await s.v4().calendar.create({ data: { summary: 'Shared' } }, alice)).data!.calendar!.calendar_id;
      const acls = await s.v4().calendarAcl.list({ path: { calendar_id: calendarId } }, alice);
      assert.deepEqual([acls.data!.acls!.length, acls.data!.has_more, 'page_token' in acls.data!], [1, false, false]);
    });

    test('attendee list and chat members', async () => {
      const alice = await s.as('alice');
      const eventId = await s.event(alice, { ability: 'can_see_others' });
      const added = await s.add(alice, eventId, [{ type: 'chat', chat_id: CHAT }, ...users('carol')]);
      const attendees = await s.list(alice, eventId);
      assert.deepEqual([attendees.data!.items!.length, attendees.data!.has_more, 'page_token' in attendees.data!], [3, false, false]);
      const chatId = added.data!.attendees!.find((a) => a.type === 'chat')!.attendee_id!;
      const members = await s.v4().calendarEventAttendeeChatMember.list({ path: { calendar_id: 'primary', event_id: eventId, attendee_id: chatId } }, alice);
      assert.deepEqual([members.data!.items!.length, members.data!.has_more, 'page_token' in members.data!], [2, false, false]);
      // While more remain the token is there.
      const first = await s.v4().calendarEventAttendeeChatMember.list({ path: { calendar_id: 'primary', event_id: eventId, attendee_id: chatId }, params: { page_size: 1 } }, alice);
      assert.deepEqual([first.data!.has_more, typeof first.data!.page_token], [true, 'string']);
    });
  });
}
