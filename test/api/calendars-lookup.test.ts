/** primary, primarys, mget and search (calendars.md §3.1, §3.2, §3.8, §3.9). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openIdFor } from '../../src/core/ids.js';
import { DIALECTS } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

for (const dialect of DIALECTS) {
  describe(`calendars: primary, primarys, mget, search (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    const userRef = async (userId: string) => (await server.store.tenancy.findUserByUserId('2ed263bf32cf1651', userId))!.ref;

    test("an app's primary calendar is named after the app; user_id holds the bot's id", async () => {
      const res = await server.client().calendar.v4.calendar.primary({ params: { user_id_type: 'open_id' } });
      const item = res.data!.calendars![0]!;
      assert.equal(item.calendar!.summary, 'Acme Scheduler');
      assert.equal(item.calendar!.type, 'primary');
      assert.equal(item.calendar!.role, 'owner');
      assert.match(item.user_id!, /^ou_[0-9a-f]{32}$/);
    });

    test('primary answers open_id by default, different for every app', async () => {
      const full = await server.client().calendar.v4.calendar.primary({}, await server.asUser('alice', 'full'));
      const reader = await server.client('readonly').calendar.v4.calendar.primary({}, await server.asUser('alice', 'readonly'));
      assert.equal(full.data!.calendars![0]!.user_id, openIdFor(APPS.full.app_id, await userRef('alice')));
      assert.equal(reader.data!.calendars![0]!.user_id, openIdFor(APPS.readonly.app_id, await userRef('alice')));
      assert.notEqual(full.data!.calendars![0]!.user_id, reader.data!.calendars![0]!.user_id);
      assert.equal(full.data!.calendars![0]!.calendar!.calendar_id, reader.data!.calendars![0]!.calendar!.calendar_id);
    });

    test('primarys: users by any id type, with the caller as the viewer', async () => {
      const bobOpenId = openIdFor(APPS.full.app_id, await userRef('bob'));
      const byOpenId = await server.client().calendar.v4.calendar.primarys({ data: { user_ids: [bobOpenId] } }, await server.asUser('alice'));
      const item = byOpenId.data!.calendars![0]!;
      assert.equal(item.user_id, bobOpenId);
      assert.deepEqual([item.calendar!.summary, item.calendar!.type, item.calendar!.role], ['Bob Li', 'primary', 'free_busy_reader']);

      const byUserId = await server.client().calendar.v4.calendar.primarys({ params: { user_id_type: 'user_id' }, data: { user_ids: ['bob', 'carol'] } });
      assert.deepEqual(byUserId.data!.calendars!.map((c) => [c.user_id, c.calendar!.summary]), [['bob', 'Bob Li'], ['carol', 'Carol Chen']]);
      const aliceOwn = await server.client().calendar.v4.calendar.primarys({ params: { user_id_type: 'user_id' }, data: { user_ids: ['alice'] } }, await server.asUser('alice'));
      assert.equal(aliceOwn.data!.calendars![0]!.calendar!.role, 'owner');
    });

    test('primarys: 0 or more than 10 ids → 198001; unknown or foreign users → 195100', async () => {
      for (const userIds of [[], Array.from({ length: 11 }, (_, i) => `u${i}`)]) {
        const res = await sdkFailure(server.client().calendar.v4.calendar.primarys({ params: { user_id_type: 'user_id' }, data: { user_ids: userIds } }));
        assert.deepEqual([res.status, res.body.code, res.body.msg], [400, 198001, 'the number of user IDs exceeds the limit']);
      }
      for (const id of ['nobody', 'zed']) {
        const res = await sdkFailure(server.client().calendar.v4.calendar.primarys({ params: { user_id_type: 'user_id' }, data: { user_ids: [id] } }));
        assert.deepEqual([res.status, res.body.code, res.body.msg], [404, 195100, 'user is dismiss or not exist in the tenant']);
      }
    });

    test('mget: the calendars in order; 198007 for 0 or > 10 ids; one bad id fails the call', async () => {
      const alice = await server.asUser('alice');
      const ids: string[] = [];
      for (const summary of ['M1', 'M2']) ids.push((await server.client().calendar.v4.calendar.create({ data: { summary } }, alice)).data!.calendar!.calendar_id);
      const res = await server.client().calendar.v4.calendar.mget({ data: { calendar_ids: ids } }, alice);
      assert.deepEqual(res.data!.calendars!.map((c) => [c.calendar_id, c.summary, c.role]), [[ids[0], 'M1', 'owner'], [ids[1], 'M2', 'owner']]);
      for (const calendarIds of [[], Array.from({ length: 11 }, () => ids[0]!)]) {
        const bad = await sdkFailure(server.client().calendar.v4.calendar.mget({ data: { calendar_ids: calendarIds } }, alice));
        assert.deepEqual([bad.status, bad.body.code, bad.body.msg], [400, 198007, 'the number of calendar IDs exceeds the limit']);
      }
      const missing = await sdkFailure(server.client().calendar.v4.calendar.mget({ data: { calendar_ids: [ids[0]!, 'acme_missing@group.calendar.feishu.cn'] } }, alice));
      assert.deepEqual([missing.status, missing.body.code], [404, 191000]);
      // show_only_free_busy is the default: bob may see these (free/busy), a private one he may not.
      const privateId = (await server.client().calendar.v4.calendar.create({ data: { summary: 'P', permissions: 'private' } }, alice)).data!.calendar!.calendar_id;
      const denied = await sdkFailure(server.client().calendar.v4.calendar.mget({ data: { calendar_ids: [privateId] } }, await server.asUser('bob')));
      assert.deepEqual([denied.status, denied.body.code], [403, 191002]);
    });

    test('search: public calendars and users’ primaries by title or description, case-insensitive, never private ones', async () => {
      const alice = await server.asUser('alice');
      const mk = async (summary: string, permissions: 'public' | 'private' | 'show_only_free_busy', description = '') =>
        (await server.client().calendar.v4.calendar.create({ data: { summary, permissions, description } }, alice)).data!.calendar!.calendar_id;
      const pub = await mk('Zebra Public', 'public');
      const fb = await mk('zebra free-busy', 'show_only_free_busy');
      await mk('Zebra Private', 'private');
      const byDescription = await mk('Plain', 'public', 'all about ZEBRAS');
      const res = await server.client().calendar.v4.calendar.search({ data: { query: 'zebra' } }, await server.asUser('bob'));
      const found = res.data!.items!.map((c) => c.calendar_id).sort();
      assert.deepEqual(found, [pub, fb, byDescription].sort());
      assert.equal(res.data!.items!.find((c) => c.calendar_id === pub)!.role, 'reader');

      const users = await server.client().calendar.v4.calendar.search({ data: { query: 'Carol' } }, alice);
      assert.deepEqual(users.data!.items!.map((c) => [c.summary, c.type]), [['Carol Chen', 'primary']]);
      // With a tenant token users' primary calendars are never returned.
      const asApp = await server.client().calendar.v4.calendar.search({ data: { query: 'Carol' } });
      assert.deepEqual(asApp.data!.items, []);
      const wildcard = await server.client().calendar.v4.calendar.search({ data: { query: '%' } }, alice);
      assert.deepEqual(wildcard.data!.items, []);
    });

    test('search paging: page_size up to 50, page_token while more remain, no has_more; query 1–200 chars', async () => {
      const alice = await server.asUser('alice');
      for (let i = 0; i < 25; i++) await server.client().calendar.v4.calendar.create({ data: { summary: `Pager ${i}`, permissions: 'public' } }, alice);
      const seen = new Set<string>();
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const res = await server.client().calendar.v4.calendar.search({ params: { page_size: 10, ...(pageToken && { page_token: pageToken }) }, data: { query: 'Pager' } }, alice);
        res.data!.items!.forEach((c) => seen.add(c.calendar_id));
        assert.equal('has_more' in res.data!, false);
        pageToken = res.data!.page_token;
        pages++;
      } while (pageToken);
      assert.equal(seen.size, 25);
      assert.equal(pages, 3);
      for (const query of ['', 'x'.repeat(201)]) {
        const bad = await sdkFailure(server.client().calendar.v4.calendar.search({ data: { query } }, alice));
        assert.deepEqual([bad.status, bad.body.code, bad.body.error.field_violations[0].field], [400, 190002, 'query']);
      }
      const tooBig = await sdkFailure(server.client().calendar.v4.calendar.search({ params: { page_size: 51 }, data: { query: 'Pager' } }, alice));
      assert.equal(tooBig.body.code, 190002);
    });
  });
}
