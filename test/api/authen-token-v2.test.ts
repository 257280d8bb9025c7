import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { DIALECTS } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { raw } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { codeFor, v2Token } from './authen-flow.js';

const OFFLINE = 'calendar:calendar:readonly offline_access';

for (const dialect of DIALECTS) {
  describe(`authen: OAuth v2 token endpoint (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    const primary = (token: string) => server.client().calendar.v4.calendar.primary({}, lark.withUserAccessToken(token))
      .then((r) => r.code, (e) => e.response?.data?.code as number);
    const failure = (r: { status: number; json: any }) => [r.status, r.json.code, r.json.error];

    test('success shape: no msg, no data; refresh pair only with offline_access', async () => {
      const withRefresh = await v2Token(server, { grant_type: 'authorization_code', code: await codeFor(server, { scope: OFFLINE }) });
      assert.deepEqual(Object.keys(withRefresh.json), ['code', 'access_token', 'expires_in', 'refresh_token', 'refresh_token_expires_in', 'scope', 'token_type']);
      assert.deepEqual([withRefresh.json.expires_in, withRefresh.json.refresh_token_expires_in, withRefresh.json.token_type], [7200, 604800, 'Bearer']);
      assert.match(withRefresh.json.refresh_token, /^eyJ/);
      const without = await v2Token(server, { grant_type: 'authorization_code', code: await codeFor(server, { scope: 'calendar:calendar:readonly' }) });
      assert.deepEqual(Object.keys(without.json), ['code', 'access_token', 'expires_in', 'scope', 'token_type']);
    });

    test('form-urlencoded bodies work like JSON', async () => {
      const res = await v2Token(server, { grant_type: 'authorization_code', code: await codeFor(server) }, true);
      assert.equal(res.status, 200);
      assert.equal(await primary(res.json.access_token), 0);
    });

    test('a code is single use: 20065 the second time', async () => {
      const code = await codeFor(server);
      assert.equal((await v2Token(server, { grant_type: 'authorization_code', code })).status, 200);
      assert.deepEqual(failure(await v2Token(server, { grant_type: 'authorization_code', code })), [400, 20065, 'invalid_grant']);
    });

    test('unknown code 20003; expired code 20004 after 5 minutes', async () => {
      assert.deepEqual(failure(await v2Token(server, { grant_type: 'authorization_code', code: 'x'.repeat(64) })), [400, 20003, 'invalid_grant']);
      const code = await codeFor(server);
      server.clock.advance(5 * 60 * 1000 + 1);
      try {
        assert.deepEqual(failure(await v2Token(server, { grant_type: 'authorization_code', code })), [400, 20004, 'invalid_grant']);
      } finally {
        server.clock.advance(-(5 * 60 * 1000 + 1));
      }
    });

    test('PKCE S256: the right verifier passes, a wrong or missing one is 20049 (and the code survives)', async () => {
      const verifier = 'TxYmzM4PHLBlqm5NtnCmwxMH8mFlRWl_ipie3O0aVzo';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const code = await codeFor(server, { codeChallenge: challenge, codeChallengeMethod: 'S256' });
      assert.deepEqual(failure(await v2Token(server, { grant_type: 'authorization_code', code, code_verifier: `${verifier.slice(1)}x` })), [400, 20049, 'invalid_grant']);
      assert.deepEqual(failure(await v2Token(server, { grant_type: 'authorization_code', code })), [400, 20049, 'invalid_grant']);
      const ok = await v2Token(server, { grant_type: 'authorization_code', code, code_verifier: verifier });
      assert.equal(ok.status, 200);
    });

    test('PKCE plain compares the verifier itself', async () => {
      const verifier = 'p'.repeat(50);
      const code = await codeFor(server, { codeChallenge: verifier });
      assert.equal((await v2Token(server, { grant_type: 'authorization_code', code, code_verifier: verifier })).status, 200);
    });

    test('a redirect_uri other than the authorize request\'s is 20071', async () => {
      const code = await codeFor(server);
      assert.deepEqual(failure(await v2Token(server, { grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:9000/other' })), [400, 20071, 'invalid_grant']);
    });

    test('a code of another app is 20024', async () => {
      const code = await codeFor(server, { app: 'nobot' });
      assert.deepEqual(failure(await v2Token(server, { grant_type: 'authorization_code', code })), [400, 20024, 'invalid_grant']);
    });

    test('unknown grant_type 20036; missing parameters 20001; wrong secret 20002; unknown app 20048', async () => {
      assert.deepEqual(failure(await v2Token(server, { grant_type: 'password' })), [400, 20036, 'unsupported_grant_type']);
      assert.deepEqual(failure(await v2Token(server, {})), [400, 20001, 'invalid_request']);
      assert.deepEqual(failure(await v2Token(server, { grant_type: 'authorization_code' })), [400, 20001, 'invalid_request']);
      assert.deepEqual(failure(await v2Token(server, { grant_type: 'refresh_token', client_secret: '' })), [400, 20001, 'invalid_request']);
      const code = await codeFor(server);
      assert.deepEqual(failure(await v2Token(server, { grant_type: 'authorization_code', code, client_secret: 'wrong' })), [400, 20002, 'invalid_client']);
      assert.deepEqual(failure(await v2Token(server, { grant_type: 'authorization_code', code, client_id: 'cli_0000000000000000' })), [400, 20048, 'invalid_client']);
      // The failed attempts did not use the code up.
      assert.equal((await v2Token(server, { grant_type: 'authorization_code', code })).status, 200);
    });

    test('failure shape is exactly {code, error, error_description}; malformed JSON is 20063', async () => {
      const res = await v2Token(server, { grant_type: 'nope' });
      assert.deepEqual(Object.keys(res.json), ['code', 'error', 'error_description']);
      assert.equal(res.json.error_description, 'The specified grant_type is not supported.');
      const malformed = await raw(`${server.url}/open-apis/authen/v2/oauth/token`, { method: 'POST', body: '{"grant_type":' });
      assert.deepEqual([malformed.status, malformed.json.code, malformed.json.error], [400, 20063, 'invalid_request']);
      const repeated = await raw(`${server.url}/open-apis/authen/v2/oauth/token`, {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=a&grant_type=b',
      });
      assert.deepEqual([repeated.status, repeated.json.code], [400, 20063]);
    });

    test('refresh rotates: old refresh token dies at once (20073), old access token lives one more minute', async () => {
      const first = await v2Token(server, { grant_type: 'authorization_code', code: await codeFor(server, { scope: OFFLINE }) });
      const second = await v2Token(server, { grant_type: 'refresh_token', refresh_token: first.json.refresh_token });
      assert.equal(second.status, 200);
      assert.notEqual(second.json.refresh_token, first.json.refresh_token);
      assert.equal(second.json.scope, OFFLINE);
      assert.deepEqual(failure(await v2Token(server, { grant_type: 'refresh_token', refresh_token: first.json.refresh_token })), [400, 20073, 'invalid_grant']);

      assert.equal(await primary(first.json.access_token), 0);
      server.clock.advance(61 * 1000);
      try {
        assert.notEqual(await primary(first.json.access_token), 0);
        assert.equal(await primary(second.json.access_token), 0);
      } finally {
        server.clock.advance(-61 * 1000);
      }
      const third = await v2Token(server, { grant_type: 'refresh_token', refresh_token: second.json.refresh_token });
      assert.equal(third.status, 200);
    });

    test('refresh: unknown token 20026, another app 20024, expired 20037', async () => {
      assert.deepEqual(failure(await v2Token(server, { grant_type: 'refresh_token', refresh_token: 'eyJnope' })), [400, 20026, 'invalid_grant']);
      const first = await v2Token(server, { grant_type: 'authorization_code', code: await codeFor(server, { scope: OFFLINE }) });
      const other = await v2Token(server, {
        grant_type: 'refresh_token', refresh_token: first.json.refresh_token, client_id: APPS.nobot.app_id, client_secret: APPS.nobot.app_secret,
      });
      assert.deepEqual(failure(other), [400, 20024, 'invalid_grant']);
      const week = 7 * 24 * 3600 * 1000 + 1;
      server.clock.advance(week);
      try {
        assert.deepEqual(failure(await v2Token(server, { grant_type: 'refresh_token', refresh_token: first.json.refresh_token })), [400, 20037, 'invalid_grant']);
      } finally {
        server.clock.advance(-week);
      }
    });

    test('a narrowing scope: subset only (20068), no duplicates (20067), and it does not shrink the grant', async () => {
      const granted = 'calendar:calendar:readonly calendar:calendar offline_access';
      const code = await codeFor(server, { scope: granted });
      assert.deepEqual(failure(await v2Token(server, { grant_type: 'authorization_code', code, scope: 'calendar:calendar:create' })), [400, 20068, 'invalid_scope']);
      assert.deepEqual(failure(await v2Token(server, { grant_type: 'authorization_code', code, scope: 'offline_access offline_access' })), [400, 20067, 'invalid_scope']);
      const narrowed = await v2Token(server, { grant_type: 'authorization_code', code, scope: 'calendar:calendar:readonly offline_access' });
      assert.equal(narrowed.json.scope, 'calendar:calendar:readonly offline_access');
      const widened = await v2Token(server, { grant_type: 'refresh_token', refresh_token: narrowed.json.refresh_token, scope: 'calendar:calendar offline_access' });
      assert.equal(widened.status, 200);
      assert.equal(widened.json.scope, 'calendar:calendar offline_access');
      const dropped = await v2Token(server, { grant_type: 'refresh_token', refresh_token: widened.json.refresh_token, scope: 'calendar:calendar' });
      assert.equal(dropped.json.refresh_token, undefined);
    });
  });
}
