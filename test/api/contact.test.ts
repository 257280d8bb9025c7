/**
 * contact v3 users.get and users.batch_get_id, the two lookups calendar clients
 * use to turn people into ids and back (platform.md §6).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { DIALECTS } from '../support/database.js';
import { ACME, APPS, REDIRECT_URI, testFixture } from '../support/fixture.js';
import { raw, sdkFailure, tenantToken } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

/** An app that may call the contact APIs but holds none of the field scopes. */
const LEAN = { app_id: 'cli_f1b2c3d4e5f60718', app_secret: 'lean-secret-0123456789' };
const ACTIVE = { is_frozen: false, is_resigned: false, is_activated: true, is_exited: false, is_unjoin: false };
const NOT_VISIBLE = { status: 400, code: 41050, msg: 'no user authority error' };

function fixture() {
  const f = testFixture();
  const acme = f.tenants.find((t) => t.tenant_key === ACME)!;
  acme.apps!.push({ ...LEAN, name: 'Acme Lean', bot: true, scopes: ['contact:contact.base:readonly', 'contact:user.id:readonly'], redirect_uris: [REDIRECT_URI] });
  return f;
}

for (const dialect of DIALECTS) {
  describe(`contact v3: users.get and users.batch_get_id (${dialect})`, () => {
    let server: TestServer;
    let lean: lark.Client;
    let leanToken: ReturnType<typeof lark.withTenantToken>;
    before(async () => {
      server = await startServer({ dialect, fixture: fixture() });
      // Not cached by the SDK: its default cache is shared by every server in this process.
      lean = new lark.Client({ appId: LEAN.app_id, appSecret: LEAN.app_secret, domain: server.url, disableTokenCache: true, logger: SILENT });
      leanToken = lark.withTenantToken(await tenantToken(server.url, LEAN.app_id, LEAN.app_secret));
    });
    after(() => server.close());

    const openIdOf = async (email: string, app: keyof typeof APPS = 'full') => {
      const res = await server.client(app).contact.v3.user.batchGetId({ data: { emails: [email] } });
      return res.data!.user_list![0]!.user_id!;
    };
    const expectFailure = (r: { status: number; body: any }, expected: { status: number; code: number; msg: string }) => {
      assert.deepEqual({ status: r.status, code: r.body.code, msg: r.body.msg }, expected);
      assert.match(r.body.error.log_id, /^\d{14}[0-9A-F]{20}$/);
    };

    test('users.get by open_id (the default): the user, with every field the app may see', async () => {
      const openId = await openIdOf('alice@acme.example');
      assert.match(openId, /^ou_[0-9a-f]{32}$/);
      const res = await server.client().contact.v3.user.get({ path: { user_id: openId } });
      assert.equal(res.code, 0);
      assert.equal(res.msg, 'success');
      const user = res.data!.user!;
      assert.match(user.union_id!, /^on_[0-9a-f]{32}$/);
      assert.deepEqual({ ...user, union_id: 'x' }, {
        union_id: 'x', user_id: 'alice', open_id: openId, name: 'Alice Wang', email: 'alice@acme.example', time_zone: 'Asia/Shanghai', status: ACTIVE,
      });
    });

    test('users.get by union_id and by user_id names the same person', async () => {
      const openId = await openIdOf('carol@acme.example');
      const byOpen = (await server.client().contact.v3.user.get({ path: { user_id: openId } })).data!.user!;
      const byUnion = await server.client().contact.v3.user.get({ path: { user_id: byOpen.union_id! }, params: { user_id_type: 'union_id' } });
      assert.deepEqual(byUnion.data!.user, byOpen);
      const byUserId = await server.client().contact.v3.user.get({ path: { user_id: 'carol' }, params: { user_id_type: 'user_id', department_id_type: 'open_department_id' } });
      assert.deepEqual(byUserId.data!.user, byOpen);
      assert.equal(byOpen.time_zone, 'Europe/Berlin');
    });

    test('open_id differs per app and is stable; union_id and user_id do not differ', async () => {
      const full = await openIdOf('bob@acme.example', 'full');
      const again = await openIdOf('bob@acme.example', 'full');
      const other = await openIdOf('bob@acme.example', 'nobot');
      assert.equal(full, again);
      assert.notEqual(full, other);
      const a = (await server.client('full').contact.v3.user.get({ path: { user_id: 'bob' }, params: { user_id_type: 'user_id' } })).data!.user!;
      const b = (await server.client('nobot').contact.v3.user.get({ path: { user_id: 'bob' }, params: { user_id_type: 'user_id' } })).data!.user!;
      assert.equal(a.open_id, full);
      assert.equal(b.open_id, other);
      assert.equal(a.union_id, b.union_id);
      assert.equal(a.user_id, b.user_id);
      // One app's open_id means nothing to another app.
      expectFailure(await sdkFailure(server.client('nobot').contact.v3.user.get({ path: { user_id: full } })), NOT_VISIBLE);
    });

    test('unknown ids: 400 41050 "no user authority error"', async () => {
      const cases: Array<[string, 'open_id' | 'union_id' | 'user_id' | undefined]> = [
        ['ou_00000000000000000000000000000000', undefined],
        ['garbage', 'open_id'],
        ['on_00000000000000000000000000000000', 'union_id'],
        ['nobody', 'user_id'],
        ['日本', 'user_id'],
      ];
      for (const [id, type] of cases) {
        const r = await sdkFailure(server.client().contact.v3.user.get({ path: { user_id: encodeURIComponent(id) }, params: type && { user_id_type: type } }));
        expectFailure(r, NOT_VISIBLE);
      }
    });

    test('users of another tenant are never returned', async () => {
      const zed = (await server.client('globex').contact.v3.user.get({ path: { user_id: 'zed' }, params: { user_id_type: 'user_id' } })).data!.user!;
      expectFailure(await sdkFailure(server.client().contact.v3.user.get({ path: { user_id: zed.union_id! }, params: { user_id_type: 'union_id' } })), NOT_VISIBLE);
      expectFailure(await sdkFailure(server.client().contact.v3.user.get({ path: { user_id: 'zed' }, params: { user_id_type: 'user_id' } })), NOT_VISIBLE);
      const alice = (await server.client().contact.v3.user.get({ path: { user_id: 'alice' }, params: { user_id_type: 'user_id' } })).data!.user!;
      expectFailure(await sdkFailure(server.client('globex').contact.v3.user.get({ path: { user_id: alice.union_id! }, params: { user_id_type: 'union_id' } })), NOT_VISIBLE);
      expectFailure(await sdkFailure(server.client('globex').contact.v3.user.get({ path: { user_id: 'alice' }, params: { user_id_type: 'user_id' } })), NOT_VISIBLE);
      const ids = await server.client('globex').contact.v3.user.batchGetId({ data: { emails: ['alice@acme.example', 'zed@globex.example'] } });
      assert.equal(ids.data!.user_list![0]!.user_id, undefined);
      assert.match(ids.data!.user_list![1]!.user_id!, /^ou_/);
    });

    test('fields behind field scopes are left out; user_id_type=user_id is refused without its scope', async () => {
      const openId = (await lean.contact.v3.user.batchGetId({ data: { emails: ['alice@acme.example'] } }, leanToken)).data!.user_list![0]!.user_id!;
      const res = await lean.contact.v3.user.get({ path: { user_id: openId } }, leanToken);
      assert.deepEqual(Object.keys(res.data!.user!).sort(), ['open_id', 'status', 'union_id']);
      const r = await sdkFailure(lean.contact.v3.user.get({ path: { user_id: 'alice' }, params: { user_id_type: 'user_id' } }, leanToken));
      assert.equal(r.status, 400);
      assert.equal(r.body.code, 99991672);
      assert.equal(r.body.msg, 'Access denied. One of the following scopes is required: [contact:user.employee_id:readonly]');
      assert.deepEqual(r.body.error.permission_violations, [{ type: 'field_scope_required', subject: 'contact:user.employee_id:readonly' }]);
      const ids = await sdkFailure(lean.contact.v3.user.batchGetId({ data: { emails: ['alice@acme.example'] }, params: { user_id_type: 'user_id' } }, leanToken));
      assert.deepEqual([ids.status, ids.body.code], [400, 99991672]);
    });

    test('an app without a contact scope: 99991672 naming the API\'s scopes', async () => {
      const r = await sdkFailure(server.client('readonly').contact.v3.user.get({ path: { user_id: 'ou_x' } }));
      assert.equal(r.status, 400);
      assert.equal(r.body.code, 99991672);
      assert.equal(r.body.msg, 'Access denied. One of the following scopes is required: '
        + '[contact:contact.base:readonly, contact:contact:access_as_app, contact:contact:readonly, contact:contact:readonly_as_app]');
      const ids = await sdkFailure(server.client('readonly').contact.v3.user.batchGetId({ data: { emails: ['alice@acme.example'] } }));
      assert.deepEqual([ids.status, ids.body.code], [400, 99991672]);
    });

    test('no bot needed, and user tokens work', async () => {
      const viaUser = await server.client().contact.v3.user.batchGetId({ data: { emails: ['dave@acme.example'] } }, await server.asUser('bob'));
      assert.match(viaUser.data!.user_list![0]!.user_id!, /^ou_/);
      const headless = await server.client('nobot').contact.v3.user.get({ path: { user_id: 'dave' }, params: { user_id_type: 'user_id' } });
      assert.equal(headless.data!.user!.name, 'Dave Zhao');
    });

    test('batch_get_id: one item per address in order, case-insensitive, unknown ones without user_id', async () => {
      const emails = ['ALICE@Acme.Example', 'nobody@acme.example', 'zed@globex.example', 'bob@acme.example', 'alice@acme.example'];
      const byOpen = await server.client().contact.v3.user.batchGetId({ data: { emails } });
      assert.equal(byOpen.code, 0);
      const alice = await openIdOf('alice@acme.example');
      const bob = await openIdOf('bob@acme.example');
      assert.deepEqual(byOpen.data, {
        user_list: [
          { user_id: alice, email: 'ALICE@Acme.Example', status: ACTIVE },
          { email: 'nobody@acme.example' },
          { email: 'zed@globex.example' },
          { user_id: bob, email: 'bob@acme.example', status: ACTIVE },
          { user_id: alice, email: 'alice@acme.example', status: ACTIVE },
        ],
      });
      const byUserId = await server.client().contact.v3.user.batchGetId({ data: { emails: emails.slice(0, 2) }, params: { user_id_type: 'user_id' } });
      assert.deepEqual(byUserId.data!.user_list!.map((u) => u.user_id), ['alice', undefined]);
      const byUnion = await server.client().contact.v3.user.batchGetId({ data: { emails: ['alice@acme.example'] }, params: { user_id_type: 'union_id' } });
      const union = (await server.client().contact.v3.user.get({ path: { user_id: 'alice' }, params: { user_id_type: 'user_id' } })).data!.user!.union_id;
      assert.equal(byUnion.data!.user_list![0]!.user_id, union);
    });

    test('batch_get_id: mobiles match nobody; an empty request is an empty list', async () => {
      const res = await server.client().contact.v3.user.batchGetId({ data: { mobiles: ['+8613011111111'], emails: ['bob@acme.example'] } });
      assert.deepEqual(res.data!.user_list!.map((u) => Object.keys(u).sort()), [['email', 'status', 'user_id'], ['mobile']]);
      const empty = await server.client().contact.v3.user.batchGetId({ data: {} });
      assert.deepEqual(empty.data, { user_list: [] });
    });

    test('malformed requests: 400 99992402 field validation failed, naming the field', async () => {
      const token = await tenantToken(server.url, APPS.full.app_id, APPS.full.app_secret);
      const url = `${server.url}/open-apis/contact/v3/users/batch_get_id`;
      const cases: Array<[string, string, string]> = [
        ['', JSON.stringify({ emails: Array.from({ length: 51 }, (_, i) => `u${i}@acme.example`) }), 'emails'],
        ['', JSON.stringify({ emails: 'alice@acme.example' }), 'emails'],
        ['', JSON.stringify({ emails: [5] }), 'emails.0'],
        ['', JSON.stringify({ include_resigned: 'yes' }), 'include_resigned'],
        ['?user_id_type=email', '{}', 'user_id_type'],
      ];
      for (const [query, body, field] of cases) {
        const r = await raw(`${url}${query}`, { method: 'POST', token, body });
        assert.equal(r.status, 400, r.text);
        assert.equal(r.json.code, 99992402, r.text);
        assert.equal(r.json.msg, 'field validation failed');
        assert.deepEqual(r.json.error.field_violations.map((v: { field: string }) => v.field), [field]);
      }
      const get = await raw(`${server.url}/open-apis/contact/v3/users/alice?user_id_type=user_id&department_id_type=nope`, { token });
      assert.deepEqual([get.status, get.json.code], [400, 99992402]);
      const long = await raw(`${server.url}/open-apis/contact/v3/users/${'x'.repeat(200)}`, { token });
      assert.deepEqual([long.status, long.json.code], [400, 99992402]);
    });
  });
}

const SILENT = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };
