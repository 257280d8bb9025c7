/** POST /events/search (events.md §3.6): title match, time and attendee filters, paging, errors. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type * as lark from '@larksuiteoapi/node-sdk';
import { ACME } from '../support/fixture.js';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { createEvent, DAY, HOUR, MONDAY, primaryOf, putAttendee, sharedCalendar, timed } from './events-queries-support.js';

type Payload = NonNullable<Parameters<lark.Client['calendar']['v4']['calendarEvent']['search']>[0]>;
type Options = Parameters<lark.Client['calendar']['v4']['calendarEvent']['search']>[1];

const ROOM = 'omm_83d09ad4f6896e02029a6a075f71c9d1';
const CHAT = 'oc_0123456789abcdef0123456789abcdef';

for (const dialect of DIALECTS) {
  describe(`events.search (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
      // Without time bounds the search covers the past month (fidelity-search-window.test.ts): the
      // events of these tests lie in the month before this clock.
      server.clock.set((MONDAY + 20 * DAY) * 1000);
    });
    after(() => server.close());

    const search = (calendarId: string, data: Payload['data'], params: Payload['params'] = {}, as?: Options) =>
      server.client().calendar.v4.calendarEvent.search({ path: { calendar_id: calendarId }, data, params }, as);
    const summaries = (res: Awaited<ReturnType<typeof search>>) => res.data!.items!.map((e) => e.summary);

    test('matches titles case-insensitively; % and _ are literal; the search shape has no vchat, create_time, schemas', async () => {
      const calendarId = await sharedCalendar(server);
      for (const summary of ['Weekly SYNC', 'sync up', 'Async review', 'Planning', '100% done', '1000 done', 'a_b', 'axb']) {
        await createEvent(server, calendarId, { summary, vchat: { vc_type: 'third_party', meeting_url: 'https://meet.example/x' } });
      }
      assert.deepEqual(new Set(summaries(await search(calendarId, { query: 'sync' }))), new Set(['Weekly SYNC', 'sync up', 'Async review']));
      assert.deepEqual(summaries(await search(calendarId, { query: '0%' })), ['100% done']);
      assert.deepEqual(summaries(await search(calendarId, { query: 'a_b' })), ['a_b']);
      const item = (await search(calendarId, { query: 'Planning' })).data!.items![0]!;
      assert.equal('vchat' in item, false);
      assert.equal('create_time' in item, false);
      assert.equal('schemas' in item, false);
      assert.equal(typeof item.app_link, 'string');
      // An empty query is within 0–200 characters: everything matches.
      assert.equal((await search(calendarId, { query: '' })).data!.items!.length, 8);
    });

    test('deleted events are not found; exceptions are items of their own', async () => {
      const calendarId = await sharedCalendar(server);
      const gone = await createEvent(server, calendarId, { summary: 'Retro gone' });
      await server.client().calendar.v4.calendarEvent.delete({ path: { calendar_id: calendarId, event_id: gone } });
      const series = await createEvent(server, calendarId, { summary: 'Retro', recurrence: 'FREQ=WEEKLY' });
      const exception = `${series.slice(0, -2)}_${MONDAY + 7 * DAY + 9 * HOUR}`;
      await server.client().calendar.v4.calendarEvent.patch({ path: { calendar_id: calendarId, event_id: exception }, data: { summary: 'Retro (long)' } });
      const res = await search(calendarId, { query: 'retro' });
      assert.deepEqual(res.data!.items!.map((e) => [e.event_id, e.is_exception]), [[series, false], [exception, true]]);
    });

    test('filter.start_time / end_time: events overlapping the window, series by their occurrences', async () => {
      const calendarId = await sharedCalendar(server);
      const from = MONDAY + 7 * DAY;
      await createEvent(server, calendarId, { summary: 'Review early', ...timed(MONDAY, MONDAY + HOUR) });
      await createEvent(server, calendarId, { summary: 'Review inside', ...timed(from + HOUR, from + 2 * HOUR) });
      await createEvent(server, calendarId, { summary: 'Review late', ...timed(from + 3 * DAY, from + 3 * DAY + HOUR) });
      await createEvent(server, calendarId, { summary: 'Review weekly', ...timed(MONDAY + 9 * HOUR, MONDAY + 10 * HOUR), recurrence: 'FREQ=WEEKLY' });
      await createEvent(server, calendarId, { summary: 'Review tuesdays', ...timed(MONDAY + DAY, MONDAY + DAY + HOUR), recurrence: 'FREQ=WEEKLY' });
      const byTimestamp = await search(calendarId, { query: 'review', filter: { start_time: { timestamp: String(from) }, end_time: { timestamp: String(from + DAY) } } });
      assert.deepEqual(new Set(summaries(byTimestamp)), new Set(['Review inside', 'Review weekly']));
      // Dates: from the start date's midnight through the end date (inclusive), in `timezone` when given.
      const byDate = await search(calendarId, { query: 'review', filter: { start_time: { date: '2025-03-17', timezone: 'Asia/Shanghai' }, end_time: { date: '2025-03-17', timezone: 'Asia/Shanghai' } } });
      assert.deepEqual(new Set(summaries(byDate)), new Set(['Review inside', 'Review weekly']));
      const onlyFrom = await search(calendarId, { query: 'review', filter: { start_time: { timestamp: String(from + 2 * DAY) } } });
      assert.deepEqual(new Set(summaries(onlyFrom)), new Set(['Review late', 'Review weekly', 'Review tuesdays']));
    });

    test('filter.user_ids / room_ids / chat_ids: events with at least one of them, in user_id_type', async () => {
      const calendarId = await sharedCalendar(server);
      const bob = (await server.store.tenancy.findUserByUserId(ACME, 'bob'))!;
      const carol = (await server.store.tenancy.findUserByUserId(ACME, 'carol'))!;
      const withBob = await createEvent(server, calendarId, { summary: 'Meet bob' });
      const withCarol = await createEvent(server, calendarId, { summary: 'Meet carol' });
      const withRoom = await createEvent(server, calendarId, { summary: 'Meet in Everest' });
      const withChat = await createEvent(server, calendarId, { summary: 'Meet the team' });
      await createEvent(server, calendarId, { summary: 'Meet nobody' });
      await putAttendee(server, withBob, { type: 'user', userRef: bob.ref });
      await putAttendee(server, withCarol, { type: 'user', userRef: carol.ref });
      await putAttendee(server, withCarol, { type: 'user', userRef: bob.ref, removed: true });
      await putAttendee(server, withRoom, { type: 'resource', roomId: ROOM });
      await putAttendee(server, withRoom, { type: 'user', userRef: carol.ref });
      await putAttendee(server, withChat, { type: 'chat', chatId: CHAT });

      const users = await search(calendarId, { query: 'meet', filter: { user_ids: ['bob', 'nobody'] } }, { user_id_type: 'user_id' });
      assert.deepEqual(summaries(users), ['Meet bob']);
      const openIds = await search(calendarId, { query: 'meet', filter: { user_ids: [bob.unionId] } }, { user_id_type: 'union_id' });
      assert.deepEqual(summaries(openIds), ['Meet bob']);
      assert.deepEqual(summaries(await search(calendarId, { query: 'meet', filter: { room_ids: [ROOM] } })), ['Meet in Everest']);
      assert.deepEqual(summaries(await search(calendarId, { query: 'meet', filter: { chat_ids: [CHAT] } })), ['Meet the team']);
      // Each list narrows: carol and the room together only in one event.
      const both = await search(calendarId, { query: 'meet', filter: { user_ids: ['carol'], room_ids: [ROOM] } }, { user_id_type: 'user_id' });
      assert.deepEqual(summaries(both), ['Meet in Everest']);
      const unknown = await search(calendarId, { query: 'meet', filter: { user_ids: ['nobody'] } }, { user_id_type: 'user_id' });
      assert.deepEqual(unknown.data!.items, []);
    });

    test('pages: default 20, below 10 raised to 10, page_token while more remain, at most 100', async () => {
      const calendarId = await sharedCalendar(server);
      for (let i = 0; i < 25; i++) await createEvent(server, calendarId, { summary: `Item ${i}`, ...timed(MONDAY + i * HOUR, MONDAY + i * HOUR + 60) });
      const first = await search(calendarId, { query: 'item' });
      assert.equal(first.data!.items!.length, 20);
      // The documented fields only: page_token says more remain, there is no has_more (fidelity-search-fields.test.ts).
      assert.equal('has_more' in first.data!, false);
      assert.match(first.data!.page_token!, /^SearchEventsPageToken_/);
      const second = await search(calendarId, { query: 'item' }, { page_token: first.data!.page_token! });
      assert.equal(second.data!.items!.length, 5);
      assert.equal(second.data!.page_token, undefined);
      assert.deepEqual([...summaries(first), ...summaries(second)], Array.from({ length: 25 }, (_, i) => `Item ${i}`));
      const small = await search(calendarId, { query: 'item' }, { page_size: 3 });
      assert.equal(small.data!.items!.length, 10);
      const tooBig = await sdkFailure(search(calendarId, { query: 'item' }, { page_size: 101 }));
      assert.deepEqual([tooBig.status, tooBig.body.code], [400, 190002]);
    });

    test('errors: long query, bad time_info 190002; bad page_token 190008; access 191002 / 191004', async () => {
      const calendarId = await sharedCalendar(server);
      const cases: Array<[Payload['data'], number]> = [
        [{ query: 'x'.repeat(201) }, 190002],
        [{ query: 'x', filter: { start_time: { date: '2025-03-10', timestamp: String(MONDAY) } } }, 190002],
        [{ query: 'x', filter: { start_time: {} } }, 190002],
        [{ query: 'x', filter: { end_time: { date: '2025-02-30' } } }, 190002],
        [{ query: 'x', filter: { start_time: { timestamp: String(MONDAY + DAY) }, end_time: { timestamp: String(MONDAY) } } }, 190002],
        [{} as Payload['data'], 190002],
      ];
      for (const [data, code] of cases) {
        const r = await sdkFailure(search(calendarId, data));
        assert.deepEqual([r.status, r.body.code], [400, code], JSON.stringify(data));
      }
      const badToken = await sdkFailure(search(calendarId, { query: 'x' }, { page_token: 'SearchEventsPageToken_nope' }));
      assert.deepEqual([badToken.status, badToken.body.code], [400, 190008]);

      const alice = await server.asUser('alice');
      const denied = await sdkFailure(search(await primaryOf(server, alice), { query: 'x' }));
      assert.deepEqual([denied.status, denied.body.code], [403, 191002]);
      const room = (await server.store.tenancy.listRooms(ACME))[0]!;
      const aliceRef = (await server.store.tenancy.findUserByUserId(ACME, 'alice'))!.ref;
      await server.store.acls.put({ calendarId: room.calendarId, aclId: 'user_room_reader_s', identity: `user:${aliceRef}`, role: 'reader' });
      const wrongType = await sdkFailure(search(room.calendarId, { query: 'x' }, {}, alice));
      assert.deepEqual([wrongType.status, wrongType.body.code], [403, 191004]);
    });
  });
}
