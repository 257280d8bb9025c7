/**
 * Tenants made and removed through the admin API (issue #12 §3): one fixture
 * tenant, all or nothing, its secrets shown once; removed with every row, its
 * tokens failing from the next call, the other tenants untouched.
 */
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { after, before, describe, test } from 'node:test';
import { STATE_TABLES } from '../../src/storage/snapshots/tables.js';
import { DIALECTS } from '../support/database.js';
import { ACME, APPS } from '../support/fixture.js';
import { raw, tenantToken } from '../support/http.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';

const tenant = (key: string) => ({
  tenant_key: key, name: `Tenant ${key}`,
  users: [{ user_id: 'ann', name: 'Ann', email: 'ann@t.example' }, { user_id: 'ben', name: 'Ben', email: 'ben@t.example', password: 'ben-pw' }],
  chats: [{ name: 'All', members: ['ann', 'ben'] }],
  rooms: [{ name: 'Room 1' }],
  apps: [{ name: 'Own App', scopes: ['calendar:calendar'] }, { name: 'Second', bot: false, scopes: [] }],
});

for (const dialect of DIALECTS) {
  describe(`admin API: tenants (${dialect})`, () => {
    let sandbox: Sandbox;
    const db = () => (sandbox.store as unknown as { db: Kysely<any> }).db;
    const counts = async () => Object.fromEntries(await Promise.all(STATE_TABLES.filter((t) => t !== 'change_cursors').map(async (t) => {
      const row = await db().selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return [t, Number(row.n)] as const;
    })));
    const calendars = (token: string) => raw(`${sandbox.url}/open-apis/calendar/v4/calendars`, { token });

    before(async () => {
      sandbox = await startSandbox({ dialect });
    });
    after(() => sandbox.close());

    test('201 with the generated secrets and open_ids; the new app gets a tenant token and calls the API', async () => {
      const res = await sandbox.admin('POST', '/tenants', tenant('n3w'));
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const body = res.json;
      assert.equal(body.tenant_key, 'n3w');
      assert.deepEqual(body.apps.map((a: { name: string }) => a.name), ['Own App', 'Second']);
      for (const a of body.apps) {
        assert.match(a.app_id, /^cli_[0-9a-f]{16}$/);
        assert.ok(typeof a.app_secret === 'string' && a.app_secret.length >= 20, 'a generated secret, shown once');
      }
      assert.deepEqual(body.users.map((u: { user_id: string }) => u.user_id), ['ann', 'ben']);
      for (const u of body.users) {
        assert.match(u.union_id, /^on_/);
        assert.deepEqual(Object.keys(u.open_ids).sort(), body.apps.map((a: { app_id: string }) => a.app_id).sort());
        for (const openId of Object.values(u.open_ids)) assert.match(openId as string, /^ou_[0-9a-f]{32}$/);
      }
      assert.notEqual(body.users[0].open_ids[body.apps[0].app_id], body.users[0].open_ids[body.apps[1].app_id], 'open_ids differ per app');

      const token = await tenantToken(sandbox.url, body.apps[0].app_id, body.apps[0].app_secret);
      const created = await raw(`${sandbox.url}/open-apis/calendar/v4/calendars`, { token, method: 'POST', body: JSON.stringify({ summary: 'Own' }) });
      assert.equal(created.json.code, 0, created.text);
      assert.equal((await calendars(token)).json.code, 0);
    });

    test('409 for a tenant key present, the seed\'s or one made here', async () => {
      for (const key of [ACME, 'n3w']) {
        const res = await sandbox.admin('POST', '/tenants', tenant(key));
        assert.deepEqual([res.status, res.json.error.code], [409, 'conflict'], key);
      }
    });

    test('400 naming the field, with nothing created', async () => {
      const before = await counts();
      const cases: Array<[unknown, string]> = [
        [{ ...tenant('b4d1'), users: [{ name: 'X', email: 'not-an-email' }] }, 'users[0].email'],
        [{ ...tenant('b4d2'), pasword: 'x' }, 'pasword'],
        [{ ...tenant('b4d3'), tenant_key: 'no spaces' }, 'tenant_key'],
        // Valid in shape, refused by the loader after the tenant row was written: all or nothing.
        [{ ...tenant('b4d4'), apps: [{ ...APPS.full, name: 'Stolen' }] }, 'apps[0].app_id'],
        [[tenant('b4d5')], '$'],
      ];
      for (const [body, field] of cases) {
        const res = await sandbox.admin('POST', '/tenants', body);
        assert.deepEqual([res.status, res.json.error.code], [400, 'invalid'], JSON.stringify(res.json));
        assert.ok(res.json.error.message.startsWith(`${field}:`), `${res.json.error.message} names ${field}`);
      }
      for (const key of ['b4d1', 'b4d2', 'b4d4']) assert.equal(await sandbox.store.tenancy.tenantExists(key), false, key);
      assert.deepEqual(await counts(), before);
    });

    test('DELETE: every row of the tenant goes, its tokens fail at once; another tenant untouched', async () => {
      const other = await tenantToken(sandbox.url, APPS.full.app_id, APPS.full.app_secret);
      assert.equal((await calendars(other)).json.code, 0);
      const otherCalendars = (await calendars(other)).json.data.calendar_list;
      const baseline = await counts();

      const made = (await sandbox.admin('POST', '/tenants', tenant('g0ne'))).json;
      const token = await tenantToken(sandbox.url, made.apps[0].app_id, made.apps[0].app_secret);
      const created = await raw(`${sandbox.url}/open-apis/calendar/v4/calendars`, { token, method: 'POST', body: JSON.stringify({ summary: 'Doomed' }) });
      assert.equal(created.json.code, 0);
      assert.equal((await calendars(token)).json.code, 0, 'used just before, so a cached lookup would let it through');

      const res = await sandbox.admin('DELETE', '/tenants/g0ne');
      assert.deepEqual([res.status, res.json], [200, { deleted: 'g0ne' }]);
      assert.equal((await calendars(token)).json.code, 99991663, 'its token fails at once');
      const again = await raw(`${sandbox.url}/open-apis/auth/v3/tenant_access_token/internal`, {
        method: 'POST', body: JSON.stringify({ app_id: made.apps[0].app_id, app_secret: made.apps[0].app_secret }),
      });
      assert.notEqual(again.json.code, 0, 'its app is gone');

      assert.deepEqual(await counts(), baseline, 'not a row of it left, not a row of another taken');
      assert.equal((await calendars(other)).json.code, 0, 'another tenant\'s token works');
      assert.deepEqual((await calendars(other)).json.data.calendar_list, otherCalendars);

      const missing = await sandbox.admin('DELETE', '/tenants/g0ne');
      assert.deepEqual([missing.status, missing.json.error.code], [404, 'not_found']);
    });
  });
}
