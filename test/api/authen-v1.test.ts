import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { DIALECTS } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { raw, tenantToken } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { codeFor } from './authen-flow.js';

for (const dialect of DIALECTS) {
  describe(`authen: v1 code exchange, refresh and user_info (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    const userInfo = (token: string) => raw(`${server.url}/open-apis/authen/v1/user_info`, { token });

    test('oidcAccessToken.create with the SDK (tenant token as Bearer): u-/ur- tokens in the envelope', async () => {
      const res = await server.client().authen.oidcAccessToken.create({ data: { grant_type: 'authorization_code', code: await codeFor(server, { scope: 'calendar:calendar:readonly' }) } });
      assert.equal(res.code, 0);
      assert.equal(res.msg, 'success');
      const d = res.data!;
      assert.match(d.access_token!, /^u-/);
      assert.match(d.refresh_token!, /^ur-/);
      assert.deepEqual([d.token_type, d.expires_in, d.scope], ['Bearer', 7200, 'calendar:calendar:readonly']);
      const primary = await server.client().calendar.v4.calendar.primary({}, lark.withUserAccessToken(d.access_token!));
      assert.equal(primary.code, 0);
    });

    test('code reuse is 20003 at HTTP 200; so is an unknown code', async () => {
      const code = await codeFor(server);
      assert.equal((await server.client().authen.oidcAccessToken.create({ data: { grant_type: 'authorization_code', code } })).code, 0);
      const again = await server.client().authen.oidcAccessToken.create({ data: { grant_type: 'authorization_code', code } });
      assert.equal(again.code, 20003);
      const unknown = await raw(`${server.url}/open-apis/authen/v1/oidc/access_token`, {
        method: 'POST', token: await tenantToken(server.url, APPS.full.app_id, APPS.full.app_secret),
        body: JSON.stringify({ grant_type: 'authorization_code', code: 'nope' }),
      });
      assert.deepEqual([unknown.status, unknown.json.code], [200, 20003]);
    });

    test('expired code 20004; wrong grant_type 20036; missing code 20001', async () => {
      const code = await codeFor(server);
      server.clock.advance(5 * 60 * 1000 + 1);
      try {
        const expired = await server.client().authen.oidcAccessToken.create({ data: { grant_type: 'authorization_code', code } });
        assert.equal(expired.code, 20004);
      } finally {
        server.clock.advance(-(5 * 60 * 1000 + 1));
      }
      assert.equal((await server.client().authen.oidcAccessToken.create({ data: { grant_type: 'refresh_token', code } })).code, 20036);
      assert.equal((await server.client().authen.oidcAccessToken.create({ data: { grant_type: 'authorization_code', code: '' } })).code, 20001);
    });

    test('a code of another app is 20024', async () => {
      const code = await codeFor(server, { app: 'nobot' });
      assert.equal((await server.client().authen.oidcAccessToken.create({ data: { grant_type: 'authorization_code', code } })).code, 20024);
    });

    test('no token is the gateway\'s 99991661; a bad app token is 20014 at HTTP 200', async () => {
      const none = await raw(`${server.url}/open-apis/authen/v1/oidc/access_token`, { method: 'POST', body: '{}' });
      assert.deepEqual([none.status, none.json.code], [400, 99991661]);
      const bad = await raw(`${server.url}/open-apis/authen/v1/oidc/access_token`, { method: 'POST', body: '{}', token: 't-nope' });
      assert.deepEqual([bad.status, bad.json.code], [200, 20014]);
    });

    test('userAccessToken helper: initWithCode, then get refreshes through oidcRefreshAccessToken', async () => {
      const client = server.client();
      const code = await codeFor(server);
      const info = await client.userAccessToken.initWithCode({ alice: code });
      const first = info.alice!.token!;
      assert.match(first, /^u-/);
      assert.equal(await client.userAccessToken.get('alice'), first);
      // Make the helper's cached expiry lapse so that `get` refreshes.
      await client.userAccessToken.update({ alice: { expiredTime: Date.now() - 1 } });
      const refreshed = await client.userAccessToken.get('alice');
      assert.ok(refreshed && refreshed !== first);
      const primary = await client.calendar.v4.calendar.primary({}, lark.withUserAccessToken(refreshed));
      assert.equal(primary.code, 0);
    });

    test('refresh rotation in v1: reuse of the old refresh token is 20038', async () => {
      const res = await server.client().authen.oidcAccessToken.create({ data: { grant_type: 'authorization_code', code: await codeFor(server) } });
      const refresh = res.data!.refresh_token!;
      const next = await server.client().authen.oidcRefreshAccessToken.create({ data: { grant_type: 'refresh_token', refresh_token: refresh } });
      assert.equal(next.code, 0);
      assert.match(next.data!.refresh_token!, /^ur-/);
      const reuse = await server.client().authen.oidcRefreshAccessToken.create({ data: { grant_type: 'refresh_token', refresh_token: refresh } });
      assert.equal(reuse.code, 20038);
      const unknown = await server.client().authen.oidcRefreshAccessToken.create({ data: { grant_type: 'refresh_token', refresh_token: 'ur-nope' } });
      assert.equal(unknown.code, 20026);
    });

    test('access_token and refresh_access_token add the user profile', async () => {
      const res = await server.client().authen.accessToken.create({ data: { grant_type: 'authorization_code', code: await codeFor(server) } });
      assert.equal(res.code, 0);
      const d = res.data!;
      assert.deepEqual([d.name, d.email, d.user_id, d.tenant_key], ['Alice Wang', 'alice@acme.example', 'alice', '2ed263bf32cf1651']);
      assert.match(d.open_id!, /^ou_/);
      assert.match(d.union_id!, /^on_/);
      const refreshed = await server.client().authen.refreshAccessToken.create({ data: { grant_type: 'refresh_token', refresh_token: d.refresh_token! } });
      assert.equal(refreshed.code, 0);
      assert.equal(refreshed.data!.open_id, d.open_id);
    });

    test('user_info with a user token; user_id only with the employee_id field scope', async () => {
      const full = await userInfo(await server.userToken('carol'));
      assert.equal(full.status, 200);
      assert.deepEqual(full.json.data, {
        name: 'Carol Chen', en_name: '', avatar_url: '', avatar_thumb: '', avatar_middle: '', avatar_big: '',
        open_id: full.json.data.open_id, union_id: full.json.data.union_id, email: 'carol@acme.example',
        enterprise_email: 'carol@acme.example', user_id: 'carol', tenant_key: '2ed263bf32cf1651',
      });
      const sdk = await server.client().authen.userInfo.get({}, lark.withUserAccessToken(await server.userToken('carol')));
      assert.equal(sdk.data!.open_id, full.json.data.open_id);
      const reader = await userInfo(await server.userToken('carol', 'readonly'));
      assert.equal(reader.json.data.user_id, undefined);
      assert.notEqual(reader.json.data.open_id, full.json.data.open_id, 'open_id is per app');
    });

    test('user_info with a tenant token or a bad user token fails at the gateway', async () => {
      const tenant = await userInfo(await tenantToken(server.url, APPS.full.app_id, APPS.full.app_secret));
      assert.deepEqual([tenant.status, tenant.json.code], [400, 99991663]);
      const bad = await userInfo('u-nope');
      assert.deepEqual([bad.status, bad.json.code], [400, 99991668]);
    });
  });
}
