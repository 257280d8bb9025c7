import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

for (const dialect of DIALECTS) {
  describe(`calendars: create, get, primary (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    test('create answers the calendar with its defaults, owned by the caller', async () => {
      const res = await server.client().calendar.v4.calendar.create({ data: { summary: 'Team' } });
      assert.equal(res.code, 0);
      assert.equal(res.msg, 'success');
      const c = res.data!.calendar!;
      assert.match(c.calendar_id, /^acme_[A-Za-z0-9]{22}@group\.calendar\.feishu\.cn$/);
      assert.deepEqual({ ...c, calendar_id: 'x' }, {
        calendar_id: 'x', summary: 'Team', description: '', permissions: 'show_only_free_busy', color: -14513409,
        type: 'shared', summary_alias: '', is_deleted: false, is_third_party: false, role: 'owner',
      });
    });

    test('get returns the calendar itself as data', async () => {
      const created = await server.client().calendar.v4.calendar.create({ data: { summary: 'G', permissions: 'public', color: -1 } });
      const id = created.data!.calendar!.calendar_id;
      const res = await server.client().calendar.v4.calendar.get({ path: { calendar_id: id } });
      assert.equal(res.data!.calendar_id, id);
      assert.equal(res.data!.color, -1);
      assert.equal(res.data!.permissions, 'public');
    });

    test('a user sees their own primary calendar named after them', async () => {
      const res = await server.client().calendar.v4.calendar.primary({ params: { user_id_type: 'user_id' } }, await server.asUser('alice'));
      const item = res.data!.calendars![0]!;
      assert.equal(item.user_id, 'alice');
      assert.equal(item.calendar!.summary, 'Alice Wang');
      assert.equal(item.calendar!.type, 'primary');
      assert.equal(item.calendar!.role, 'owner');
    });

    test('unknown and malformed calendar ids: 191000 and 191001', async () => {
      const missing = await sdkFailure(server.client().calendar.v4.calendar.get({ path: { calendar_id: 'acme_nope@group.calendar.feishu.cn' } }));
      assert.deepEqual([missing.status, missing.body.code, missing.body.msg], [404, 191000, 'calendar not found']);
      const malformed = await sdkFailure(server.client().calendar.v4.calendar.get({ path: { calendar_id: 'garbage' } }));
      assert.deepEqual([malformed.status, malformed.body.code], [400, 191001]);
    });
  });
}
