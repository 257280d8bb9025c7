/**
 * The exchange_bindings endpoints (calendars.md §8.2) through the SDK: the
 * binding object, the super-administrator rule, every documented error, the
 * field scope over the account fields, and the id's stability.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { TokenService } from '../../src/core/tenancy/tokens.js';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { ADMIN_ACCOUNT, ALICE_MAILBOX, BOB_MAILBOX, bindings, exchangeFixture } from './exchange-support.js';

const NO_EMAIL_SCOPE = { app_id: 'cli_f2b2c3d4e5f60718', app_secret: 'noemail-secret-0123456789' };

for (const dialect of DIALECTS) {
  describe(`exchange bindings: create, get, delete (${dialect})`, () => {
    let server: TestServer;
    let b: ReturnType<typeof bindings>;
    before(async () => {
      const fixture = exchangeFixture();
      fixture.tenants[0]!.apps!.push({ ...NO_EMAIL_SCOPE, name: 'Acme No Email', bot: true, scopes: ['calendar:calendar', 'contact:user.employee_id:readonly'] });
      server = await startServer({ dialect, fixture });
      b = bindings(server);
    });
    after(() => server.close());

    test('create answers the binding itself, status doing; get answers it again; delete answers data {}', async () => {
      const created = await b.create({ admin_account: ADMIN_ACCOUNT, exchange_account: ALICE_MAILBOX, user_id: 'alice' });
      assert.equal(created.code, 0);
      const id = created.data!.exchange_binding_id!;
      assert.match(id, /^[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(created.data, { admin_account: ADMIN_ACCOUNT, exchange_account: ALICE_MAILBOX, user_id: 'alice', status: 'doing', exchange_binding_id: id });
      const got = await b.get(id);
      assert.deepEqual(got, { code: 0, msg: 'success', data: created.data });
      const openId = (await b.get(id, 'dave', 'open_id')).data!.user_id!;
      assert.match(openId, /^ou_/);
      assert.deepEqual(await b.delete(id), { code: 0, msg: 'success', data: {} });
      const gone = await sdkFailure(b.get(id));
      assert.deepEqual([gone.status, gone.body.code, gone.body.msg], [404, 195103, 'exchange account binding is not found']);
    });

    test('the id is stable for the (admin account, Exchange account, user) triple: bound again, it is the same', async () => {
      const first = (await b.create({ admin_account: ADMIN_ACCOUNT, exchange_account: BOB_MAILBOX, user_id: 'bob' })).data!;
      const again = (await b.create({ admin_account: ADMIN_ACCOUNT.toUpperCase(), exchange_account: BOB_MAILBOX, user_id: 'bob' })).data!;
      assert.equal(again.exchange_binding_id, first.exchange_binding_id, 'the same triple answers the existing binding');
      await b.delete(first.exchange_binding_id!);
      const rebound = (await b.create({ admin_account: ADMIN_ACCOUNT, exchange_account: BOB_MAILBOX, user_id: 'bob' })).data!;
      assert.equal(rebound.exchange_binding_id, first.exchange_binding_id);
      await b.delete(rebound.exchange_binding_id!);
    });

    test('an account bound to one user cannot be bound to another: 190002 naming it, until it is unbound', async () => {
      const first = (await b.create({ admin_account: ADMIN_ACCOUNT, exchange_account: ALICE_MAILBOX, user_id: 'alice' })).data!;
      const taken = await sdkFailure(b.create({ admin_account: ADMIN_ACCOUNT, exchange_account: ALICE_MAILBOX, user_id: 'carol' }));
      assert.deepEqual([taken.status, taken.body.code], [400, 190002]);
      assert.match(JSON.stringify(taken.body), /exchange_account/);
      assert.match(JSON.stringify(taken.body), /already bound/);
      await b.delete(first.exchange_binding_id!);
      const moved = await b.create({ admin_account: ADMIN_ACCOUNT, exchange_account: ALICE_MAILBOX, user_id: 'carol' });
      assert.equal(moved.data!.user_id, 'carol');
      await b.delete(moved.data!.exchange_binding_id!);
    });

    test('only the tenant\'s super administrator: 195101 for anyone else, on all three', async () => {
      const asAlice = await sdkFailure(b.create({ admin_account: ADMIN_ACCOUNT, exchange_account: ALICE_MAILBOX, user_id: 'alice' }, 'alice'));
      assert.deepEqual([asAlice.status, asAlice.body.code, asAlice.body.msg], [403, 195101, 'user is not supper administrator']);
      const id = (await b.create({ admin_account: ADMIN_ACCOUNT, exchange_account: ALICE_MAILBOX, user_id: 'alice' })).data!.exchange_binding_id!;
      assert.equal((await sdkFailure(b.get(id, 'alice'))).body.code, 195101);
      assert.equal((await sdkFailure(b.delete(id, 'bob'))).body.code, 195101);
      assert.equal((await b.get(id)).data!.status, 'doing', 'nothing was deleted');
      await b.delete(id);
    });

    test('a tenant token is refused by the gateway: user token only', async () => {
      const res = await sdkFailure(server.client().calendar.v4.exchangeBinding.create({ data: { admin_account: ADMIN_ACCOUNT, exchange_account: ALICE_MAILBOX, user_id: 'alice' } }));
      assert.deepEqual([res.status, res.body.code], [400, 99991663]);
    });

    test('each of the three fields is required: 190002 naming it', async () => {
      const full = { admin_account: ADMIN_ACCOUNT, exchange_account: ALICE_MAILBOX, user_id: 'alice' };
      for (const field of ['admin_account', 'exchange_account', 'user_id'] as const) {
        const { [field]: _left, ...rest } = full;
        const res = await sdkFailure(b.create(rest));
        assert.deepEqual([res.status, res.body.code], [400, 190002], field);
        assert.match(JSON.stringify(res.body), new RegExp(field), field);
      }
      const long = await sdkFailure(b.create({ ...full, exchange_account: `${'a'.repeat(500)}@x.example` }));
      assert.equal(long.body.code, 190002);
    });

    test('195106 for an admin account the tenant has not bound, 195105 for an account with no source, 195104 for another tenant\'s user', async () => {
      const admin = await sdkFailure(b.create({ admin_account: 'nobody@acme-ex.example', exchange_account: ALICE_MAILBOX, user_id: 'alice' }));
      assert.deepEqual([admin.status, admin.body.code, admin.body.msg], [404, 195106, 'admin account is not found']);
      const mailbox = await sdkFailure(b.create({ admin_account: ADMIN_ACCOUNT, exchange_account: 'ghost@acme-ex.example', user_id: 'alice' }));
      assert.deepEqual([mailbox.status, mailbox.body.code, mailbox.body.msg], [403, 195105, 'admin account binding failed']);
      const zed = await server.store.tenancy.findUserByUserId('5a1e0b7c9d3f2468', 'zed');
      const other = await sdkFailure(b.create({ admin_account: ADMIN_ACCOUNT, exchange_account: ALICE_MAILBOX, user_id: zed!.unionId }, 'dave', 'union_id'));
      assert.deepEqual([other.status, other.body.code, other.body.msg], [403, 195104, 'current tenant not match']);
      const nobody = await sdkFailure(b.create({ admin_account: ADMIN_ACCOUNT, exchange_account: ALICE_MAILBOX, user_id: 'nobody' }));
      assert.deepEqual([nobody.status, nobody.body.code], [404, 195100]);
      assert.equal(await server.store.exchange.bindingOfAccount('2ed263bf32cf1651', ALICE_MAILBOX), undefined, 'nothing was bound');
    });

    test('get and delete: 195102 for a malformed id, 195103 for an unknown one or another tenant\'s', async () => {
      for (const call of [(id: string) => b.get(id), (id: string) => b.delete(id)]) {
        const malformed = await sdkFailure(call('not-a-binding-id'));
        assert.deepEqual([malformed.status, malformed.body.code, malformed.body.msg], [400, 195102, 'exchange_binding_id invalid']);
        const unknown = await sdkFailure(call('A'.repeat(43)));
        assert.deepEqual([unknown.status, unknown.body.code], [404, 195103]);
      }
      const id = (await b.create({ admin_account: ADMIN_ACCOUNT, exchange_account: ALICE_MAILBOX, user_id: 'alice' })).data!.exchange_binding_id!;
      const globex = server.client('globex').calendar.v4.exchangeBinding;
      const zedToken = lark.withUserAccessToken(await server.userToken('zed', 'globex'));
      assert.equal((await sdkFailure(globex.get({ path: { exchange_binding_id: id } }, zedToken))).body.code, 195103);
      await b.delete(id);
    });

    test('without the field scope contact:user.email:readonly the account fields are left out', async () => {
      const token = lark.withUserAccessToken(await server.userToken('dave', 'full', ['calendar:calendar:readonly', 'contact:user.employee_id:readonly']));
      const api = new lark.Client({ appId: NO_EMAIL_SCOPE.app_id, appSecret: NO_EMAIL_SCOPE.app_secret, domain: server.url, logger: { error() {}, warn() {}, info() {}, debug() {}, trace() {} } }).calendar.v4.exchangeBinding;
      const app = (await server.store.tenancy.getApp(NO_EMAIL_SCOPE.app_id))!;
      const dave = (await server.store.tenancy.findUserByUserId(app.tenantKey, 'dave'))!;
      const daveToken = lark.withUserAccessToken((await new TokenService(server.store, server.clock).issueUserToken(app, dave.ref, app.scopes)).accessToken.value);
      const created = await api.create({ data: { admin_account: ADMIN_ACCOUNT, exchange_account: ALICE_MAILBOX, user_id: 'alice' }, params: { user_id_type: 'user_id' } }, daveToken);
      const id = created.data!.exchange_binding_id!;
      assert.deepEqual(created.data, { user_id: 'alice', status: 'doing', exchange_binding_id: id });
      // The full app holds the scope, but a user grant without it hides the fields too.
      const got = await server.client().calendar.v4.exchangeBinding.get({ path: { exchange_binding_id: id }, params: { user_id_type: 'user_id' } }, token);
      assert.deepEqual(got.data, { user_id: 'alice', status: 'doing', exchange_binding_id: id });
      await b.delete(id);
    });

    test('scopes: an app without any Exchange scope gets 99991672', async () => {
      const res = await sdkFailure(server.client('noscope').calendar.v4.exchangeBinding.get({ path: { exchange_binding_id: 'A'.repeat(43) } }, lark.withUserAccessToken(await server.userToken('dave', 'noscope'))));
      assert.deepEqual([res.status, res.body.code], [400, 99991672]);
    });
  });
}
