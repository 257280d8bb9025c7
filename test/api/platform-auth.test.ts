/**
 * The gateway's checks, in Feishu's order (platform.md §3.2, §4.1, §11): token
 * present, well-formed, known, unexpired, accepted by this API; app scope, user
 * grant, bot; only then parameters and the calendar's own access rules.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { DIALECTS } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { raw, sdkFailure, tenantToken } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

const INVALID_TOKEN_MSG = 'Invalid access token for authorization. Please make a request with token attached.';
const MISSING_TOKEN_MSG = 'Missing access token for authorization. Please make a request with token attached.';
const TWO_HOURS = 2 * 3600 * 1000;

for (const dialect of DIALECTS) {
  describe(`platform: authentication and access (${dialect})`, () => {
    let server: TestServer;
    let base: string;
    before(async () => {
      server = await startServer({ dialect });
      base = `${server.url}/open-apis/calendar/v4/calendars`;
    });
    after(() => server.close());

    /** POST calendars.create with an Authorization header as given. */
    const create = (authorization: string | undefined, body = '{"summary":"auth"}') =>
      raw(base, { method: 'POST', body, headers: authorization === undefined ? {} : { Authorization: authorization } });

    const assertGateway = (r: Awaited<ReturnType<typeof raw>>, code: number, msg: string) => {
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.code, code, r.text);
      assert.equal(r.json.msg, msg);
      assert.equal(r.json.error.log_id, r.headers.get('x-tt-logid'));
    };

    test('no Authorization header: 400 99991661 with data {}', async () => {
      const r = await create(undefined);
      assertGateway(r, 99991661, MISSING_TOKEN_MSG);
      assert.deepEqual(r.json.data, {});
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    });

    test('a header without "Bearer " counts as missing: 99991661', async () => {
      const token = await tenantToken(server.url, APPS.full.app_id, APPS.full.app_secret);
      for (const header of [token, 'Bearer', 'Bearer ', `Basic ${token}`, `Bearer${token}`]) {
        const r = await create(header);
        assertGateway(r, 99991661, MISSING_TOKEN_MSG);
        assert.deepEqual(r.json.data, {});
      }
    });

    test('a token of neither format: 99991671', async () => {
      for (const value of ['abc', 'x-123', 'T-123', 'ur-123', '12345']) {
        assertGateway(await create(`Bearer ${value}`), 99991671, 'Invalid token: must start with t-/u-');
      }
    });

    test('unknown tenant token: 99991663; unknown user token (u- or eyJ): 99991668', async () => {
      assertGateway(await create('Bearer t-0123456789abcdef0123456789abcdef01234567'), 99991663, INVALID_TOKEN_MSG);
      assertGateway(await create('Bearer a-0123456789abcdef'), 99991663, INVALID_TOKEN_MSG);
      assertGateway(await create('Bearer u-NotAToken'), 99991668, INVALID_TOKEN_MSG);
      assertGateway(await create('Bearer eyJhbGciOiJIUzI1NiJ9.e30.x'), 99991668, INVALID_TOKEN_MSG);
      // A real user token presented as a tenant one and vice versa is still unknown.
      const user = await server.userToken('alice');
      assertGateway(await create(`Bearer t-${user.slice(2)}`), 99991663, INVALID_TOKEN_MSG);
    });

    test('the SDK sees a thrown 400 for a bad user token', async () => {
      const r = await sdkFailure(server.client().calendar.v4.calendar.create({ data: { summary: 'x' } }, lark.withUserAccessToken('u-unknown')));
      assert.deepEqual([r.status, r.body.code, r.body.msg], [400, 99991668, INVALID_TOKEN_MSG]);
    });

    test('expired tokens: user 99991677 "token expire", tenant 99991663', async () => {
      const local = await startServer({ dialect });
      try {
        const user = await local.userToken('alice');
        const tenant = await tenantToken(local.url, APPS.full.app_id, APPS.full.app_secret);
        const url = `${local.url}/open-apis/calendar/v4/calendars/primary`;
        local.clock.advance(TWO_HOURS - 60_000);
        assert.equal((await raw(url, { method: 'POST', token: user })).json.code, 0);
        assert.equal((await raw(url, { method: 'POST', token: tenant })).json.code, 0);
        local.clock.advance(61_000);
        assertGateway(await raw(url, { method: 'POST', token: user }), 99991677, 'token expire');
        assertGateway(await raw(url, { method: 'POST', token: tenant }), 99991663, INVALID_TOKEN_MSG);
      } finally {
        await local.close();
      }
    });

    test('tenant token on a user-only API: 99991663 "tenant access token not support"', async () => {
      const r = await sdkFailure(server.client().calendar.v4.calendar.subscription());
      assert.deepEqual([r.status, r.body.code, r.body.msg], [400, 99991663, 'tenant access token not support']);
      // Even for an app without the scope or the bot: the token kind is checked first.
      const bare = await sdkFailure(server.client('noscope').calendar.v4.calendar.subscription());
      assert.equal(bare.body.code, 99991663);
      const headless = await sdkFailure(server.client('nobot').calendar.v4.calendar.subscription());
      assert.equal(headless.body.code, 99991663);
      // A user token is accepted there.
      const ok = await server.client().calendar.v4.calendar.subscription({}, await server.asUser('alice'));
      assert.equal(ok.code, 0);
    });

    test('app without the scope: 400 99991672 with permission_violations', async () => {
      const r = await sdkFailure(server.client('noscope').calendar.v4.calendar.create({ data: { summary: 'x' } }));
      assert.equal(r.status, 400);
      assert.equal(r.body.code, 99991672);
      assert.equal(r.body.msg, 'Access denied. One of the following scopes is required: [calendar:calendar, calendar:calendar:create]');
      assert.deepEqual(r.body.error.permission_violations, [
        { type: 'action_scope_required', subject: 'calendar:calendar' },
        { type: 'action_scope_required', subject: 'calendar:calendar:create' },
      ]);
      assert.match(r.body.error.log_id, /^\d{14}[0-9A-F]{20}$/);
      assert.match(r.body.error.message, /how-to-fix-the-99991672-error/);
      assert.equal(r.body.error.helps[0].url, `https://open.feishu.cn/app/${APPS.noscope.app_id}/auth?q=calendar:calendar,calendar:calendar:create&op_from=openapi`);
      // The same through a user token of that app.
      const user = await sdkFailure(server.client('noscope').calendar.v4.calendar.create({ data: { summary: 'x' } }, await server.asUser('alice', 'noscope')));
      assert.deepEqual([user.status, user.body.code], [400, 99991672]);
      // A read-only app may read but not write.
      const reader = await sdkFailure(server.client('readonly').calendar.v4.calendar.create({ data: { summary: 'x' } }));
      assert.equal(reader.body.code, 99991672);
      const read = await server.client('readonly').calendar.v4.calendar.list({ params: { page_size: 50 } });
      assert.equal(read.code, 0);
    });

    test('user token without the user\'s grant: 400 99991679 action_privilege_required', async () => {
      const token = await server.userToken('alice', 'full', ['calendar:calendar:readonly']);
      const r = await sdkFailure(server.client().calendar.v4.calendar.create({ data: { summary: 'x' } }, lark.withUserAccessToken(token)));
      assert.equal(r.status, 400);
      assert.equal(r.body.code, 99991679);
      assert.equal(r.body.msg, 'Unauthorized. You do not have permission to perform the requested operation on the resource. '
        + 'Please request user re-authorization and try again. required one of these privileges: [calendar:calendar, calendar:calendar:create]');
      assert.deepEqual(r.body.error.permission_violations, [
        { type: 'action_privilege_required', subject: 'calendar:calendar' },
        { type: 'action_privilege_required', subject: 'calendar:calendar:create' },
      ]);
      // What the user did grant works.
      const ok = await server.client().calendar.v4.calendar.list({ params: { page_size: 50 } }, lark.withUserAccessToken(token));
      assert.equal(ok.code, 0);
    });

    test('tenant token of an app without bot: 404 190007; its user tokens work', async () => {
      const r = await sdkFailure(server.client('nobot').calendar.v4.calendar.create({ data: { summary: 'x' } }));
      assert.deepEqual([r.status, r.body.code, r.body.msg], [404, 190007, 'app bot_id not found']);
      const list = await sdkFailure(server.client('nobot').calendar.v4.calendar.list({ params: { page_size: 50 } }));
      assert.deepEqual([list.status, list.body.code], [404, 190007]);
      const created = await server.client('nobot').calendar.v4.calendar.create({ data: { summary: 'headless' } }, await server.asUser('bob', 'nobot'));
      assert.equal(created.code, 0);
      assert.equal(created.data!.calendar!.summary, 'headless');
    });

    test('authentication and scope come before parameter validation', async () => {
      const noToken = await create(undefined, '{"summary":');
      assertGateway(noToken, 99991661, MISSING_TOKEN_MSG);
      const badToken = await create('Bearer t-unknown', JSON.stringify({ color: 'red' }));
      assertGateway(badToken, 99991663, INVALID_TOKEN_MSG);
      const bareToken = await tenantToken(server.url, APPS.noscope.app_id, APPS.noscope.app_secret);
      const noScope = await create(`Bearer ${bareToken}`, JSON.stringify({ summary: 'x'.repeat(300) }));
      assert.equal(noScope.json.code, 99991672);
      const headless = await tenantToken(server.url, APPS.nobot.app_id, APPS.nobot.app_secret);
      assert.equal((await create(`Bearer ${headless}`, '[')).json.code, 190007);
      const badQuery = await raw(`${base}?page_size=abc`);
      assertGateway(badQuery, 99991661, MISSING_TOKEN_MSG);
    });

    test('tenants are isolated: Globex cannot read an Acme calendar (191002)', async () => {
      const acme = await server.client().calendar.v4.calendar.create({ data: { summary: 'Acme only', permissions: 'public' } });
      const id = acme.data!.calendar!.calendar_id;
      const r = await sdkFailure(server.client('globex').calendar.v4.calendar.get({ path: { calendar_id: id } }));
      assert.deepEqual([r.status, r.body.code, r.body.msg], [403, 191002, 'no calendar access_role']);
      const asZed = await sdkFailure(server.client('globex').calendar.v4.calendar.get({ path: { calendar_id: id } }, await server.asUser('zed', 'globex')));
      assert.deepEqual([asZed.status, asZed.body.code], [403, 191002]);
      const list = await server.client('globex').calendar.v4.calendar.list({ params: { page_size: 1000 } });
      assert.ok(!list.data!.calendar_list!.some((c) => c.calendar_id === id));
    });

    test('user_id_type=user_id without the field scope: 99991672 field_scope_required', async () => {
      const r = await sdkFailure(server.client('readonly').calendar.v4.calendar.primary({ params: { user_id_type: 'user_id' } }));
      assert.equal(r.status, 400);
      assert.equal(r.body.code, 99991672);
      assert.equal(r.body.msg, 'Access denied. One of the following scopes is required: [contact:user.employee_id:readonly]');
      assert.deepEqual(r.body.error.permission_violations, [{ type: 'field_scope_required', subject: 'contact:user.employee_id:readonly' }]);
      const openId = await server.client('readonly').calendar.v4.calendar.primary({ params: { user_id_type: 'open_id' } });
      assert.equal(openId.code, 0);
      assert.match(openId.data!.calendars![0]!.user_id!, /^ou_/);
    });
  });
}
