/** subscribe / unsubscribe and the calendar-list change-event subscription (calendars.md §3.10–§3.13). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { raw, sdkFailure, tenantToken } from '../support/http.js';
import { APPS } from '../support/fixture.js';
import { startServer, type TestServer } from '../support/server.js';

for (const dialect of DIALECTS) {
  describe(`calendars.subscribe / unsubscribe (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    const create = async (userId: string, permissions: 'public' | 'private' | 'show_only_free_busy') =>
      (await server.client().calendar.v4.calendar.create({ data: { summary: `${permissions} of ${userId}`, permissions } }, await server.asUser(userId))).data!.calendar!.calendar_id;

    test('public → reader, show_only_free_busy → free_busy_reader; the calendar joins the list', async () => {
      const bob = await server.asUser('bob');
      for (const [permissions, role] of [['public', 'reader'], ['show_only_free_busy', 'free_busy_reader']] as const) {
        const id = await create('alice', permissions);
        const res = await server.client().calendar.v4.calendar.subscribe({ path: { calendar_id: id } }, bob);
        assert.equal(res.code, 0);
        assert.equal(res.data!.calendar!.role, role);
        assert.equal(res.data!.calendar!.calendar_id, id);
        const list = await server.client().calendar.v4.calendar.list({ params: { page_size: 50 } }, bob);
        assert.ok(list.data!.calendar_list!.some((c) => c.calendar_id === id && c.role === role));
      }
    });

    test('subscribing twice succeeds and changes nothing', async () => {
      const id = await create('alice', 'public');
      const bob = await server.asUser('bob');
      await server.client().calendar.v4.calendar.subscribe({ path: { calendar_id: id } }, bob);
      const again = await server.client().calendar.v4.calendar.subscribe({ path: { calendar_id: id } }, bob);
      assert.equal(again.code, 0);
      const list = await server.client().calendar.v4.calendar.list({ params: { page_size: 50 } }, bob);
      assert.equal(list.data!.calendar_list!.filter((c) => c.calendar_id === id).length, 1);
    });

    test('private calendars, other tenants and app primaries: 191006; meeting rooms: 191004', async () => {
      const bob = await server.asUser('bob');
      const privateId = await create('alice', 'private');
      const appPrimary = (await server.client().calendar.v4.calendar.primary({})).data!.calendars![0]!.calendar!.calendar_id;
      const foreign = (await server.client('globex').calendar.v4.calendar.create({ data: { summary: 'Globex public', permissions: 'public' } })).data!.calendar!.calendar_id;
      for (const id of [privateId, appPrimary, foreign]) {
        const res = await sdkFailure(server.client().calendar.v4.calendar.subscribe({ path: { calendar_id: id } }, bob));
        assert.deepEqual([res.status, res.body.code, res.body.msg], [400, 191006, 'subscribe target calendar is not allowed'], id);
      }
      const room = await server.store.tenancy.getRoom('omm_83d09ad4f6896e02029a6a075f71c9d1');
      const res = await sdkFailure(server.client().calendar.v4.calendar.subscribe({ path: { calendar_id: room!.calendarId } }, bob));
      assert.deepEqual([res.status, res.body.code], [403, 191004]);
    });

    test("another user's primary calendar can be subscribed (free/busy by default)", async () => {
      const alicePrimary = (await server.client().calendar.v4.calendar.primary({}, await server.asUser('alice'))).data!.calendars![0]!.calendar!.calendar_id;
      const res = await server.client().calendar.v4.calendar.subscribe({ path: { calendar_id: alicePrimary } }, await server.asUser('carol'));
      assert.equal(res.data!.calendar!.role, 'free_busy_reader');
      assert.equal(res.data!.calendar!.type, 'primary');
    });

    test('the 1000-subscription limit: 191005', async () => {
      const dave = await server.asUser('dave');
      const user = await server.store.tenancy.findUserByUserId('2ed263bf32cf1651', 'dave');
      // Fill dave's list to the limit directly in storage: 999 public calendars plus his primary.
      const ids = await server.store.transaction(async (repos) => {
        const out: string[] = [];
        for (let i = 0; i < 1000; i++) {
          const calendarId = `acme_limit${i}x@group.calendar.feishu.cn`;
          await repos.calendars.insert({
            calendarId, tenantKey: '2ed263bf32cf1651', type: 'shared', summary: `L${i}`, description: '', permissions: 'public',
            owner: 'user:nobody', isThirdParty: false, deleted: false, version: 1,
          });
          if (i < 999) await repos.calendars.putMembership({ calendarId, identity: `user:${user!.ref}`, subscribed: true, color: 0, summaryAlias: '', version: 1 });
          out.push(calendarId);
        }
        return out;
      });
      const res = await sdkFailure(server.client().calendar.v4.calendar.subscribe({ path: { calendar_id: ids[999]! } }, dave));
      assert.deepEqual([res.status, res.body.code, res.body.msg], [400, 191005, 'subscribe calendars count rich limit']);
      const create = await sdkFailure(server.client().calendar.v4.calendar.create({ data: { summary: 'one too many' } }, dave));
      assert.equal(create.body.code, 191005);
    });

    test('unsubscribe: 191007 when not subscribed, 191008 for your own primary, success otherwise', async () => {
      const id = await create('alice', 'public');
      const carol = await server.asUser('carol');
      const notYet = await sdkFailure(server.client().calendar.v4.calendar.unsubscribe({ path: { calendar_id: id } }, carol));
      assert.deepEqual([notYet.status, notYet.body.code, notYet.body.msg], [400, 191007, 'target calendar is already unsubscribed']);
      await server.client().calendar.v4.calendar.subscribe({ path: { calendar_id: id } }, carol);
      const ok = await server.client().calendar.v4.calendar.unsubscribe({ path: { calendar_id: id } }, carol);
      assert.deepEqual(ok, { code: 0, msg: 'success', data: {} });
      const twice = await sdkFailure(server.client().calendar.v4.calendar.unsubscribe({ path: { calendar_id: id } }, carol));
      assert.equal(twice.body.code, 191007);
      const primary = (await server.client().calendar.v4.calendar.primary({}, carol)).data!.calendars![0]!.calendar!.calendar_id;
      const own = await sdkFailure(server.client().calendar.v4.calendar.unsubscribe({ path: { calendar_id: primary } }, carol));
      assert.deepEqual([own.status, own.body.code, own.body.msg], [400, 191008, 'primary calendar can not be unsubscribed']);
    });

    test('an owner may unsubscribe its shared calendar and still delete it', async () => {
      const id = await create('alice', 'private');
      const alice = await server.asUser('alice');
      await server.client().calendar.v4.calendar.unsubscribe({ path: { calendar_id: id } }, alice);
      const res = await server.client().calendar.v4.calendar.delete({ path: { calendar_id: id } }, alice);
      assert.equal(res.code, 0);
    });

    test('calendar-list change events: user tokens only; stored, repeatable', async () => {
      const token = await server.userToken('alice');
      const sub = await raw(`${server.url}/open-apis/calendar/v4/calendars/subscription`, { method: 'POST', token });
      assert.deepEqual([sub.status, sub.json], [200, { code: 0, msg: 'success', data: {} }]);
      const again = await server.client().calendar.v4.calendar.subscription({}, await server.asUser('alice'));
      assert.equal(again.code, 0);
      const alice = await server.store.tenancy.findUserByUserId('2ed263bf32cf1651', 'alice');
      assert.equal(await server.store.eventSubscriptions.exists(APPS.full.app_id, `user:${alice!.ref}`, 'calendar_list', ''), true);
      const unsub = await server.client().calendar.v4.calendar.unsubscription({}, await server.asUser('alice'));
      assert.equal(unsub.code, 0);
      assert.equal(await server.store.eventSubscriptions.exists(APPS.full.app_id, `user:${alice!.ref}`, 'calendar_list', ''), false);

      const tenant = await tenantToken(server.url, APPS.full.app_id, APPS.full.app_secret);
      const refused = await raw(`${server.url}/open-apis/calendar/v4/calendars/subscription`, { method: 'POST', token: tenant });
      assert.deepEqual([refused.status, refused.json.code, refused.json.msg], [400, 99991663, 'tenant access token not support']);
    });
  });
}
