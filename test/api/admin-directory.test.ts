/**
 * `GET /_larkcal/tenants` (the list, in pages) and `GET /_larkcal/tenants/:tenant_key` (issue #13 §3, the console's directory
 * panels): apps with their scopes, users and rooms of one tenant, nothing of
 * another, no secret hash or password, and an unknown tenant is 404.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { ACME, APPS, GLOBEX, REDIRECT_URI } from '../support/fixture.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';

for (const dialect of DIALECTS) {
  describe(`admin API: a tenant's directory (${dialect})`, () => {
    let sandbox: Sandbox;
    before(async () => {
      sandbox = await startSandbox({ dialect });
    });
    after(() => sandbox.close());

    test('the tenant, its apps with scopes, users and rooms; no secrets', async () => {
      const res = await sandbox.admin('GET', `/tenants/${ACME}`);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const { tenant_key, name, domain, apps, users, rooms } = res.json;
      assert.deepEqual({ tenant_key, name, domain }, { tenant_key: ACME, name: 'Acme', domain: 'acme' });
      assert.deepEqual(Object.keys(res.json).sort(), ['apps', 'domain', 'name', 'rooms', 'tenant_key', 'users']);
      const reader = apps.find((a: any) => a.app_id === APPS.readonly.app_id);
      assert.deepEqual(reader, {
        app_id: APPS.readonly.app_id, name: 'Acme Reader', kind: 'internal', bot: true, scopes: ['calendar:calendar:readonly'], redirect_uris: [REDIRECT_URI], built_in: false,
      });
      assert.deepEqual(apps.map((a: any) => a.app_id).sort(), [APPS.full.app_id, APPS.nobot.app_id, APPS.noscope.app_id, APPS.readonly.app_id].sort());
      assert.deepEqual(users.map((u: any) => u.user_id).sort(), ['alice', 'bob', 'carol', 'dave']);
      const alice = users.find((u: any) => u.user_id === 'alice');
      assert.deepEqual(Object.keys(alice).sort(), ['email', 'name', 'timezone', 'union_id', 'user_id']);
      assert.deepEqual([alice.name, alice.email, alice.timezone], ['Alice Wang', 'alice@acme.example', 'Asia/Shanghai']);
      const everest = rooms.find((r: any) => r.room_id === 'omm_83d09ad4f6896e02029a6a075f71c9d1');
      assert.deepEqual({ ...everest, calendar_id: typeof everest.calendar_id }, {
        room_id: 'omm_83d09ad4f6896e02029a6a075f71c9d1', name: 'Everest', capacity: 10, building: 'HQ', floor: '3', city: '', calendar_id: 'string',
      });
      assert.equal(rooms.length, 2);
      const text = JSON.stringify(res.json);
      for (const secret of [APPS.full.app_secret, 'alice-pw', 'scrypt', 'secret_hash']) assert.ok(!text.includes(secret), secret);
    });

    test('the tenants listed by key, in bounded pages; bad paging is 400', async () => {
      const all = await sandbox.admin('GET', '/tenants');
      assert.deepEqual([all.status, all.json], [200, {
        items: [{ tenant_key: ACME, name: 'Acme', domain: 'acme' }, { tenant_key: GLOBEX, name: 'Globex', domain: 'globex' }], next: null,
      }]);
      const first = await sandbox.admin('GET', '/tenants?limit=1');
      assert.deepEqual([first.status, first.json.items.map((t: any) => t.tenant_key), first.json.next], [200, [ACME], ACME]);
      const second = await sandbox.admin('GET', `/tenants?limit=1&after=${first.json.next}`);
      assert.deepEqual([second.json.items.map((t: any) => t.tenant_key), second.json.next], [[GLOBEX], null]);
      for (const [query, message] of [
        ['limit=0', 'limit must be an integer from 1 to 500'], ['limit=501', 'limit must be an integer from 1 to 500'], ['limit=x', 'limit must be an integer from 1 to 500'],
        ['after=', 'after must be a tenant key (the next of the page before)'], ['page=2', 'unknown parameter page (known: limit, after)'],
      ]) {
        const bad = await sandbox.admin('GET', `/tenants?${query}`);
        assert.deepEqual([bad.status, bad.json], [400, { error: { code: 'invalid', message } }], query);
      }
      const anonymous = await sandbox.admin('GET', '/tenants', undefined, '');
      assert.deepEqual([anonymous.status, anonymous.json.error.code], [401, 'unauthorized']);
    });

    test('the other tenant sees only its own; an unknown tenant is 404; no token is 401', async () => {
      const globex = await sandbox.admin('GET', `/tenants/${GLOBEX}`);
      assert.deepEqual([globex.status, globex.json.apps.map((a: any) => a.app_id), globex.json.users.map((u: any) => u.user_id), globex.json.rooms],
        [200, [APPS.globex.app_id], ['zed'], []]);
      const unknown = await sandbox.admin('GET', '/tenants/0000000000000000');
      assert.deepEqual([unknown.status, unknown.json], [404, { error: { code: 'not_found', message: 'no tenant 0000000000000000' } }]);
      const anonymous = await sandbox.admin('GET', `/tenants/${ACME}`, undefined, '');
      assert.deepEqual([anonymous.status, anonymous.json.error.code], [401, 'unauthorized']);
    });
  });
}
