/** GET /calendars: full traversal with page_token, then incremental sync_token (calendars.md §3.6). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

type Client = lark.Client;

async function listAll(client: Client, options?: ReturnType<typeof lark.withUserAccessToken>, pageSize = 50) {
  const items: Array<{ calendar_id: string; is_deleted?: boolean; summary?: string; role?: string; color?: number }> = [];
  let pageToken: string | undefined;
  for (let i = 0; i < 100; i++) {
    const res = await client.calendar.v4.calendar.list({ params: { page_size: pageSize, ...(pageToken && { page_token: pageToken }) } }, options);
    items.push(...(res.data!.calendar_list ?? []));
    if (!res.data!.has_more) return { items, syncToken: res.data!.sync_token! };
    pageToken = res.data!.page_token;
  }
  throw new Error('endless paging');
}

for (const dialect of DIALECTS) {
  describe(`calendars.list (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    test('a new identity lists its primary calendar, with a sync token on the last page', async () => {
      const alice = await server.asUser('alice');
      const res = await server.client().calendar.v4.calendar.list({ params: { page_size: 50 } }, alice);
      assert.equal(res.code, 0);
      assert.equal(res.data!.has_more, false);
      // "…Otherwise, page_token will not be returned" (fidelity-page-tokens.test.ts).
      assert.equal('page_token' in res.data!, false);
      assert.match(res.data!.sync_token!, /^ListCalendarsSyncToken_/);
      assert.deepEqual(res.data!.calendar_list!.map((c) => [c.type, c.summary, c.role]), [['primary', 'Alice Wang', 'owner']]);
    });

    test('pages through every subscribed calendar exactly once, primary first', async () => {
      const bob = await server.asUser('bob');
      const created: string[] = [];
      for (let i = 0; i < 120; i++) {
        const res = await server.client().calendar.v4.calendar.create({ data: { summary: `Bob ${i}` } }, bob);
        created.push(res.data!.calendar!.calendar_id);
      }
      const { items } = await listAll(server.client(), bob, 50);
      assert.equal(items.length, 121);
      assert.equal(items[0]!.summary, 'Bob Li');
      assert.deepEqual(items.slice(1).map((c) => c.calendar_id), created);
    });

    test('a sync token returns only what changed since, removals as is_deleted', async () => {
      const carol = await server.asUser('carol');
      const client = server.client();
      const keep = (await client.calendar.v4.calendar.create({ data: { summary: 'Keep' } }, carol)).data!.calendar!.calendar_id;
      const gone = (await client.calendar.v4.calendar.create({ data: { summary: 'Gone' } }, carol)).data!.calendar!.calendar_id;
      const untouched = (await client.calendar.v4.calendar.create({ data: { summary: 'Untouched' } }, carol)).data!.calendar!.calendar_id;
      const { syncToken } = await listAll(client, carol);

      const empty = await client.calendar.v4.calendar.list({ params: { sync_token: syncToken } }, carol);
      assert.deepEqual(empty.data!.calendar_list, []);
      assert.equal(empty.data!.has_more, false);

      await client.calendar.v4.calendar.patch({ path: { calendar_id: keep }, data: { summary: 'Kept' } }, carol);
      await client.calendar.v4.calendar.delete({ path: { calendar_id: gone } }, carol);
      const added = (await client.calendar.v4.calendar.create({ data: { summary: 'New' } }, carol)).data!.calendar!.calendar_id;

      const changes = await client.calendar.v4.calendar.list({ params: { sync_token: syncToken } }, carol);
      const byId = new Map(changes.data!.calendar_list!.map((c) => [c.calendar_id, c]));
      assert.equal(byId.size, 3);
      assert.equal(byId.get(keep)!.summary, 'Kept');
      assert.equal(byId.get(keep)!.is_deleted, false);
      assert.equal(byId.get(gone)!.is_deleted, true);
      assert.equal(byId.get(added)!.summary, 'New');
      assert.equal(byId.has(untouched), false);
      assert.match(changes.data!.sync_token!, /^ListCalendarsSyncToken_/);

      // The fresh token starts after these changes.
      const again = await client.calendar.v4.calendar.list({ params: { sync_token: changes.data!.sync_token } }, carol);
      assert.deepEqual(again.data!.calendar_list, []);
    });

    test('an unsubscribe shows up as is_deleted for that identity only', async () => {
      const client = server.client();
      const dave = await server.asUser('dave');
      const alice = await server.asUser('alice');
      const shared = (await client.calendar.v4.calendar.create({ data: { summary: 'Shared', permissions: 'public' } }, alice)).data!.calendar!.calendar_id;
      await client.calendar.v4.calendar.subscribe({ path: { calendar_id: shared } }, dave);
      const { syncToken: daveToken } = await listAll(client, dave);
      const { syncToken: aliceToken } = await listAll(client, alice);
      await client.calendar.v4.calendar.unsubscribe({ path: { calendar_id: shared } }, dave);
      const daveChanges = await client.calendar.v4.calendar.list({ params: { sync_token: daveToken } }, dave);
      assert.deepEqual(daveChanges.data!.calendar_list!.map((c) => [c.calendar_id, c.is_deleted]), [[shared, true]]);
      const aliceChanges = await client.calendar.v4.calendar.list({ params: { sync_token: aliceToken } }, alice);
      assert.deepEqual(aliceChanges.data!.calendar_list, []);
    });

    test('a colour change is personal: it syncs to its owner only', async () => {
      const client = server.client();
      const alice = await server.asUser('alice');
      const bob = await server.asUser('bob');
      const shared = (await client.calendar.v4.calendar.create({ data: { summary: 'Colours', permissions: 'public' } }, alice)).data!.calendar!.calendar_id;
      await client.calendar.v4.calendar.subscribe({ path: { calendar_id: shared } }, bob);
      const { syncToken: bobToken } = await listAll(client, bob);
      const { syncToken: aliceToken } = await listAll(client, alice);
      await client.calendar.v4.calendar.patch({ path: { calendar_id: shared }, data: { color: -1, summary_alias: 'mine' } }, bob);
      const bobChanges = await client.calendar.v4.calendar.list({ params: { sync_token: bobToken } }, bob);
      assert.deepEqual(bobChanges.data!.calendar_list!.map((c) => [c.calendar_id, c.color, c.summary_alias]), [[shared, -1, 'mine']]);
      assert.deepEqual((await client.calendar.v4.calendar.list({ params: { sync_token: aliceToken } }, alice)).data!.calendar_list, []);
      const aliceView = await client.calendar.v4.calendar.get({ path: { calendar_id: shared } }, alice);
      assert.deepEqual([aliceView.data!.color, aliceView.data!.summary_alias], [-14513409, '']);
    });

    test('stale or foreign tokens: 190008; a full-traversal page token with a sync token: 190009', async () => {
      const client = server.client();
      const bad = await sdkFailure(client.calendar.v4.calendar.list({ params: { sync_token: 'ListCalendarsSyncToken_garbage' } }));
      assert.deepEqual([bad.status, bad.body.code, bad.body.msg], [400, 190008, 'page_token or sync_token expired']);
      const badPage = await sdkFailure(client.calendar.v4.calendar.list({ params: { page_token: 'x'.repeat(300) } }));
      assert.deepEqual([badPage.status, badPage.body.code], [400, 190008]);

      const { syncToken } = await listAll(client);
      server.clock.advance(91 * 24 * 3600 * 1000);
      // A token minted after the jump: the SDK's cached tenant token has expired with it.
      const expired = await sdkFailure(client.calendar.v4.calendar.list({ params: { sync_token: syncToken } }, await server.asUser('alice')));
      server.clock.advance(-91 * 24 * 3600 * 1000);
      assert.equal(expired.body.code, 190008);

      const bob = await server.asUser('bob');
      const first = await client.calendar.v4.calendar.list({ params: { page_size: 50 } }, bob);
      assert.equal(first.data!.has_more, true);
      const mixed = await sdkFailure(client.calendar.v4.calendar.list({ params: { page_token: first.data!.page_token, sync_token: syncToken } }, bob));
      assert.deepEqual([mixed.status, mixed.body.code, mixed.body.msg], [400, 190009, 'sync token cannot be used with other request restrictions']);
    });

    test('page_size: outside the documented 50–1000 is refused (190002)', async () => {
      const client = server.client();
      const tooBig = await sdkFailure(client.calendar.v4.calendar.list({ params: { page_size: 1001 } }));
      assert.deepEqual([tooBig.status, tooBig.body.code], [400, 190002]);
      assert.equal(tooBig.body.error.field_violations[0].field, 'page_size');
      const bob = await server.asUser('bob');
      const small = await sdkFailure(client.calendar.v4.calendar.list({ params: { page_size: 10 } }, bob));
      assert.deepEqual([small.status, small.body.code, small.body.error.field_violations[0].field], [400, 190002, 'page_size']);
      const smallest = await client.calendar.v4.calendar.list({ params: { page_size: 50 } }, bob);
      assert.equal(smallest.data!.calendar_list!.length, 50);
      assert.equal(smallest.data!.has_more, true);
    });
  });
}
