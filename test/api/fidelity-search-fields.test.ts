/**
 * Search Calendar and Search Event answer exactly their documented fields: `items`, and `page_token`,
 * "when has_more is true, a new page_token will also be returned. Otherwise, page_token will not be
 * returned" (Search Event) / "分页查询结果还有更多项时会同时返回新的 page_token" (搜索日历). Neither page
 * nor the SDK's types name a `has_more`, so there is none; the SDK's searchWithIterator, which loops on
 * `has_more`, then yields the first page only. (issue #15, point 4)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { startServer, type TestServer } from '../support/server.js';
import { createEvent, DAY, HOUR, MONDAY, sharedCalendar, timed } from './events-queries-support.js';

for (const dialect of DIALECTS) {
  describe(`fidelity: search response fields (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
      server.clock.set((MONDAY + 10 * DAY) * 1000);
    });
    after(() => server.close());

    test('calendars/search: items and page_token while more remain, never has_more; searchWithIterator stops after one page', async () => {
      const alice = await server.asUser('alice');
      for (let i = 0; i < 12; i++) await server.client().calendar.v4.calendar.create({ data: { summary: `Roster ${i}`, permissions: 'public' } }, alice);
      const search = (page_token?: string) => server.client().calendar.v4.calendar.search({ params: { page_size: 10, ...(page_token && { page_token }) }, data: { query: 'Roster' } }, alice);
      const first = await search();
      assert.deepEqual(Object.keys(first.data!).sort(), ['items', 'page_token']);
      assert.equal(first.data!.items!.length, 10);
      const second = await search(first.data!.page_token);
      assert.deepEqual(Object.keys(second.data!), ['items']);
      assert.equal(second.data!.items!.length, 2);

      const pages = [];
      for await (const page of await server.client().calendar.v4.calendar.searchWithIterator({ params: { page_size: 10 }, data: { query: 'Roster' } }, alice)) pages.push(page);
      assert.deepEqual(pages.map((p) => p?.items?.length), [10]);
    });

    test('events/search: items and page_token while more remain, never has_more; searchWithIterator stops after one page', async () => {
      const calendarId = await sharedCalendar(server);
      for (let i = 0; i < 15; i++) await createEvent(server, calendarId, { summary: `Standup ${i}`, ...timed(MONDAY + i * HOUR, MONDAY + i * HOUR + 900) });
      const search = (page_token?: string) => server.client().calendar.v4.calendarEvent.search({ path: { calendar_id: calendarId }, params: { page_size: 10, ...(page_token && { page_token }) }, data: { query: 'standup' } });
      const first = await search();
      assert.deepEqual(Object.keys(first.data!).sort(), ['items', 'page_token']);
      const second = await search(first.data!.page_token);
      assert.deepEqual(Object.keys(second.data!), ['items']);
      assert.equal(first.data!.items!.length + second.data!.items!.length, 15);

      const pages = [];
      for await (const page of await server.client().calendar.v4.calendarEvent.searchWithIterator({ path: { calendar_id: calendarId }, params: { page_size: 10 }, data: { query: 'standup' } })) pages.push(page);
      assert.deepEqual(pages.map((p) => p?.items?.length), [10]);
    });
  });
}
