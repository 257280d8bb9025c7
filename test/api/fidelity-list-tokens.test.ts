/**
 * Get Event List: "Currently, page_token will be returned only when anchor_time is passed in." With the
 * response fields "page_token: … when has_more is true, a new page_token will also be returned. Otherwise,
 * page_token will not be returned" and "sync_token: … When has_more is false, a new sync_token will be
 * returned", a traversal without anchor_time can only be one page: has_more false, no page_token, the
 * sync token. (issue #15, point 3)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { startServer, type TestServer } from '../support/server.js';
import { createEvent, HOUR, MONDAY, sharedCalendar, timed } from './events-queries-support.js';

for (const dialect of DIALECTS) {
  describe(`fidelity: event list page tokens (${dialect})`, () => {
    let server: TestServer;
    let calendarId: string;
    const ids: string[] = [];
    before(async () => {
      server = await startServer({ dialect });
      calendarId = await sharedCalendar(server);
      for (let i = 0; i < 120; i++) ids.push(await createEvent(server, calendarId, { summary: `E${i}`, ...timed(MONDAY + i * HOUR, MONDAY + i * HOUR + 1800) }));
    });
    after(() => server.close());

    type Params = { page_size?: number; page_token?: string; sync_token?: string; anchor_time?: string };
    const list = (params: Params) => server.client().calendar.v4.calendarEvent.list({ path: { calendar_id: calendarId }, params });

    /** The loop of the SDK's *WithIterator helpers: while `has_more`, send back `page_token || next_page_token`. */
    async function iterate(params: Params) {
      const seen: string[] = [];
      let pages = 0;
      let hasMore = true;
      let pageToken: string | undefined;
      let syncToken: string | undefined;
      while (hasMore && pages < 20) {
        const data = (await list({ ...params, ...(pageToken && { page_token: pageToken }) })).data! as { has_more?: boolean; page_token?: string; next_page_token?: string; sync_token?: string; items?: Array<{ event_id: string }> };
        pages++;
        seen.push(...(data.items ?? []).map((e) => e.event_id));
        hasMore = Boolean(data.has_more);
        pageToken = data.page_token || data.next_page_token;
        syncToken = data.sync_token;
      }
      return { seen, pages, syncToken };
    }

    test('without anchor_time: one page of every event, whatever page_size, ending with the sync token', async () => {
      const res = await list({ page_size: 50 });
      assert.equal(res.data!.has_more, false);
      assert.equal('page_token' in res.data!, false);
      assert.match(res.data!.sync_token!, /^ListEventsSyncToken_/);
      assert.deepEqual(res.data!.items!.map((e) => e.event_id), ids);

      // SDK 1.74 has no calendarEvent.listWithIterator; its iterators' loop visits every event and stops.
      assert.equal('listWithIterator' in server.client().calendar.v4.calendarEvent, false);
      const walked = await iterate({ page_size: 50 });
      assert.deepEqual([walked.seen, walked.pages], [ids, 1]);

      // That sync token is where the next incremental sync starts; it too is one page.
      const added = await createEvent(server, calendarId, { summary: 'Later', ...timed(MONDAY + 200 * HOUR, MONDAY + 201 * HOUR) });
      const changes = await list({ sync_token: walked.syncToken! });
      assert.deepEqual([changes.data!.items!.map((e) => e.event_id), changes.data!.has_more, 'page_token' in changes.data!], [[added], false, false]);
      assert.match(changes.data!.sync_token!, /^ListEventsSyncToken_/);
      ids.push(added);
    });

    test('with anchor_time: page_token while more remain, and the SDK loop visits every event once', async () => {
      const first = await list({ page_size: 50, anchor_time: String(MONDAY) });
      assert.equal(first.data!.has_more, true);
      assert.match(first.data!.page_token!, /^ListEventsPageToken_/);
      assert.equal('sync_token' in first.data!, false);
      const walked = await iterate({ page_size: 50, anchor_time: String(MONDAY) });
      assert.deepEqual([walked.seen, walked.pages], [ids, 3]);
      assert.match(walked.syncToken!, /^ListEventsSyncToken_/);
    });
  });
}
