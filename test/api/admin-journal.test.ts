/**
 * The journal (issue #12 §4): what the SDK's calls leave there, field by
 * field; its filters and its bound; and that no secret the calls carried
 * (app secrets, tokens, a password, an OAuth code) is anywhere in it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { DIALECTS } from '../support/database.js';
import { APPS, REDIRECT_URI } from '../support/fixture.js';
import { raw, tenantToken } from '../support/http.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';
import type { TestServer } from '../support/server.js';
import { codeFor, v2Token } from './authen-flow.js';

// Ahead of the real time, so `since` finds only what was made at T2.
const T1 = Date.parse('2031-03-16T01:00:00Z');
const T2 = Date.parse('2031-03-16T02:00:00Z');

for (const dialect of DIALECTS) {
  describe(`admin API: journal (${dialect})`, () => {
    let sandbox: Sandbox;
    const journal = async (query = '') => {
      const res = await sandbox.admin('GET', `/journal${query}`);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      return res.json.items as any[];
    };
    before(async () => {
      sandbox = await startSandbox({ dialect });
    });
    after(() => sandbox.close());

    test('SDK calls are journaled newest first, with every field, the log id the client saw', async () => {
      await sandbox.admin('POST', '/clock', { set: T1 });
      const client = sandbox.client('full');
      const listed = await client.calendar.v4.calendar.list({ params: { page_size: 50 } });
      assert.equal(listed.code, 0);
      const token = await tenantToken(sandbox.url, APPS.full.app_id, APPS.full.app_secret);
      const seen = await raw(`${sandbox.url}/open-apis/calendar/v4/calendars/feishu.cn_nope@group.calendar.feishu.cn?user_id_type=open_id`, { token });
      assert.equal(seen.status, 404);

      const [missing, tokenCall, list, sdkToken] = await journal('?limit=4');
      assert.deepEqual(missing, {
        seq: missing.seq,
        kind: 'request',
        at: new Date(T1).toISOString(),
        method: 'GET',
        path: '/open-apis/calendar/v4/calendars/feishu.cn_nope@group.calendar.feishu.cn',
        route: '/open-apis/calendar/v4/calendars/:calendar_id',
        query: { user_id_type: 'open_id' },
        status: 404,
        code: 191000,
        log_id: seen.headers.get('x-tt-logid'),
        app_id: APPS.full.app_id,
        user_id: null,
        duration_ms: missing.duration_ms,
        request_headers: missing.request_headers,
        request_body: {},
        response_headers: missing.response_headers,
        response_body: seen.json,
        fault: null,
      });
      assert.equal(typeof missing.duration_ms, 'number');
      assert.equal(missing.request_headers.authorization, '***');
      assert.equal(missing.response_headers['x-tt-logid'], seen.headers.get('x-tt-logid'));
      assert.equal(missing.response_body.error.log_id, missing.log_id);

      assert.deepEqual([tokenCall.method, tokenCall.path, tokenCall.status, tokenCall.code, tokenCall.app_id], ['POST', '/open-apis/auth/v3/tenant_access_token/internal', 200, 0, APPS.full.app_id]);
      assert.deepEqual(tokenCall.request_body, { app_id: APPS.full.app_id, app_secret: '***' });
      assert.equal(tokenCall.response_body.tenant_access_token, '***');
      assert.equal(tokenCall.response_body.expire, 7200);

      assert.deepEqual([list.method, list.path, list.route, list.query, list.status, list.code], ['GET', '/open-apis/calendar/v4/calendars', '/open-apis/calendar/v4/calendars', { page_size: '50' }, 200, 0]);
      assert.deepEqual(list.response_body.data, listed.data, 'the answer as the SDK got it');
      assert.equal(sdkToken.path, '/open-apis/auth/v3/tenant_access_token/internal');
      assert.ok(missing.seq > tokenCall.seq && tokenCall.seq > list.seq && list.seq > sdkToken.seq, 'newest first');
      await sandbox.admin('POST', '/clock', { mode: 'system' });
    });

    test('a user token call carries the user; no secret of the sign-in is anywhere in the journal', async () => {
      const server = { url: sandbox.url } as TestServer;
      const code = await codeFor(server, { login: 'alice', password: 'alice-pw', scope: 'calendar:calendar:readonly offline_access' });
      const exchanged = await v2Token(server, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
      assert.equal(exchanged.status, 200, JSON.stringify(exchanged.json));
      const { access_token: userToken, refresh_token: refreshToken } = exchanged.json;
      const refreshed = await v2Token(server, { grant_type: 'refresh_token', refresh_token: refreshToken });
      assert.equal(refreshed.status, 200, JSON.stringify(refreshed.json));

      const client = sandbox.client('full');
      const primary = await client.calendar.v4.calendar.primary({}, lark.withUserAccessToken(refreshed.json.access_token));
      assert.equal(primary.code, 0);
      const [call] = await journal('?limit=1');
      assert.deepEqual([call.path, call.app_id, call.user_id, call.status], ['/open-apis/calendar/v4/calendars/primary', APPS.full.app_id, 'alice', 200]);

      const login = (await journal('?path=/open-apis/authen/v1/authorize')).find((e) => e.method === 'POST');
      assert.equal(login.request_body.password, '***');
      assert.equal(login.request_body.login, 'alice');
      assert.match(login.response_headers.location, /[?&]code=\*\*\*/);
      const exchange = (await journal('?path=/open-apis/authen/v2/oauth/token')).at(-1);
      assert.deepEqual([exchange.request_body.code, exchange.request_body.client_secret, exchange.response_body.access_token], ['***', '***', '***']);
      assert.equal(exchange.app_id, APPS.full.app_id, 'named by client_id');

      const tenant = await tenantToken(sandbox.url, APPS.nobot.app_id, APPS.nobot.app_secret);
      const everything = JSON.stringify(await journal('?limit=10000'));
      const secrets = [
        APPS.full.app_secret, APPS.nobot.app_secret, 'alice-pw', code, userToken, refreshToken,
        refreshed.json.access_token, refreshed.json.refresh_token, tenant,
      ];
      for (const secret of secrets) assert.ok(!everything.includes(secret), `${secret} is in the journal`);
    });

    test('filters: app_id, path as written or as its route, status and its class, since, after; bad ones 400', async () => {
      await sandbox.admin('POST', '/clock', { set: T1 });
      const token = await tenantToken(sandbox.url, APPS.noscope.app_id, APPS.noscope.app_secret);
      await raw(`${sandbox.url}/open-apis/calendar/v4/calendars`, { token });
      await sandbox.admin('POST', '/clock', { set: T2 });
      const [mark] = await journal('?limit=1');
      await raw(`${sandbox.url}/open-apis/calendar/v4/calendars/cal_a`, { token });
      await raw(`${sandbox.url}/open-apis/calendar/v4/calendars/cal_b`, { token });

      const noscope = await journal(`?app_id=${APPS.noscope.app_id}`);
      assert.ok(noscope.length >= 4 && noscope.every((e) => e.app_id === APPS.noscope.app_id));
      assert.deepEqual((await journal('?path=/open-apis/calendar/v4/calendars/cal_b')).map((e) => e.path), ['/open-apis/calendar/v4/calendars/cal_b']);
      const byRoute = await journal(`?path=/open-apis/calendar/v4/calendars/:calendar_id&app_id=${APPS.noscope.app_id}`);
      assert.deepEqual(byRoute.map((e) => e.path), ['/open-apis/calendar/v4/calendars/cal_b', '/open-apis/calendar/v4/calendars/cal_a']);
      const denied = await journal(`?status=400&app_id=${APPS.noscope.app_id}`);
      assert.equal(denied.length, 3);
      assert.ok(denied.every((e) => e.code === 99991672));
      assert.deepEqual(await journal(`?status=4xx&app_id=${APPS.noscope.app_id}`), denied);
      assert.deepEqual((await journal(`?since=${encodeURIComponent(new Date(T2).toISOString())}`)).map((e) => e.path),
        ['/open-apis/calendar/v4/calendars/cal_b', '/open-apis/calendar/v4/calendars/cal_a']);
      assert.deepEqual((await journal(`?since=${T2}`)).length, 2, 'epoch milliseconds too');
      assert.deepEqual((await journal(`?after=${mark.seq}`)).map((e) => e.path), ['/open-apis/calendar/v4/calendars/cal_b', '/open-apis/calendar/v4/calendars/cal_a']);
      assert.equal((await journal('?limit=1')).length, 1);

      await raw(`${sandbox.url}/open-apis/calendar/v4/calendars?page_token=p1&code=oauth-code-1&access_token=t-leaked`);
      const [queried] = await journal('?limit=1');
      assert.deepEqual(queried.query, { page_token: 'p1', code: '***', access_token: '***' }, 'secrets in the query too; cursors stay');

      for (const query of ['?limit=0', '?limit=abc', '?status=42', '?since=yesterday', '?after=x', '?colour=red', '?limit=1&limit=2']) {
        const res = await sandbox.admin('GET', `/journal${query}`);
        assert.deepEqual([res.status, res.json.error.code], [400, 'invalid'], query);
      }
      await sandbox.admin('POST', '/clock', { mode: 'system' });
    });
  });
}

describe('admin API: journal size', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ config: { journalSize: 3 } });
  });
  after(() => sandbox.close());

  test('keeps the last --journal-size entries', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e']) await raw(`${sandbox.url}/open-apis/calendar/v4/calendars/cal_${id}`);
    const { json } = await sandbox.admin('GET', '/journal?limit=100');
    assert.deepEqual(json.items.map((e: any) => e.path), ['e', 'd', 'c'].map((id) => `/open-apis/calendar/v4/calendars/cal_${id}`));
    assert.deepEqual(json.items.map((e: any) => e.code), [99991661, 99991661, 99991661]);
    assert.deepEqual(json.items.map((e: any) => e.seq), [5, 4, 3]);
  });
});
