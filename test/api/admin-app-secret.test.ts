/**
 * `POST /_larkcal/apps/:app_id/secret` (issue #13 §3, the console's "Rotate
 * secret"): the new secret is answered once; the old one gets no token any
 * more, through the official SDK or raw HTTP, the new one does; other apps
 * keep theirs; an unknown app is 404; the web calendar's own app is 403 and
 * keeps its secret, so its sessions still refresh.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { DIALECTS } from '../support/database.js';
import { ACME, APPS } from '../support/fixture.js';
import { raw } from '../support/http.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';
import { send, setCookie, walkSignIn } from '../support/web-sign-in.js';

const SILENT = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };
const ownCache = () => {
  const values = new Map<string, unknown>();
  return { set: async (key: string | Symbol, value: unknown) => (values.set(String(key), value), true), get: async (key: string | Symbol) => values.get(String(key)) };
};
const TENANT = '/open-apis/auth/v3/tenant_access_token/internal';
const HOUR = 3_600_000;

for (const dialect of DIALECTS) {
  describe(`admin API: rotating an app secret (${dialect})`, () => {
    let sandbox: Sandbox;
    before(async () => {
      sandbox = await startSandbox({ dialect });
    });
    after(() => sandbox.close());

    const ask = (appSecret: string, appId: string = APPS.full.app_id) =>
      raw(`${sandbox.url}${TENANT}`, { method: 'POST', body: JSON.stringify({ app_id: appId, app_secret: appSecret }) });
    // The SDK takes its own tenant token with the secret it was given; a fresh cache each (its default is shared).
    const sdk = (appSecret: string) =>
      new lark.Client({ appId: APPS.full.app_id, appSecret, domain: sandbox.url, logger: SILENT, cache: ownCache() });

    test('the new secret is shown once; the old one stops at once, the new one gets tokens (raw HTTP and the SDK)', async () => {
      const before = await ask(APPS.full.app_secret);
      assert.equal(before.json.code, 0);
      assert.equal((await sdk(APPS.full.app_secret).calendar.v4.calendar.primary({})).code, 0);

      const rotated = await sandbox.admin('POST', `/apps/${APPS.full.app_id}/secret`);
      assert.equal(rotated.status, 200, JSON.stringify(rotated.json));
      assert.deepEqual(Object.keys(rotated.json).sort(), ['app_id', 'app_secret']);
      assert.equal(rotated.json.app_id, APPS.full.app_id);
      assert.match(rotated.json.app_secret, /^[0-9A-Za-z]{32}$/);
      assert.notEqual(rotated.json.app_secret, APPS.full.app_secret);

      const old = await ask(APPS.full.app_secret);
      assert.deepEqual([old.status, old.json], [200, { code: 10003, data: {}, msg: 'invalid param' }]);
      await assert.rejects(sdk(APPS.full.app_secret).calendar.v4.calendar.primary({}),
        { message: 'failed to get tenant_access_token, code: 10003, msg: invalid param' }, 'the SDK with the old secret gets no token');

      const fresh = await ask(rotated.json.app_secret);
      assert.equal(fresh.json.code, 0);
      assert.notEqual(fresh.json.tenant_access_token, before.json.tenant_access_token, 'the token sealed under the old secret is not handed out again');
      const primary = await sdk(rotated.json.app_secret).calendar.v4.calendar.primary({});
      assert.equal(primary.code, 0);
      assert.equal(primary.data?.calendars?.[0]?.calendar?.type, 'primary');
      assert.equal((await ask(APPS.readonly.app_secret, APPS.readonly.app_id)).json.code, 0, 'another app keeps its secret');

      const again = await sandbox.admin('POST', `/apps/${APPS.full.app_id}/secret`);
      assert.notEqual(again.json.app_secret, rotated.json.app_secret, 'each rotation is a new secret');
      assert.equal((await ask(rotated.json.app_secret)).json.code, 10003);
      assert.equal((await ask(again.json.app_secret)).json.code, 0);
    });

    test('the secret is in no directory; unknown app 404, no admin token 401', async () => {
      const rotated = await sandbox.admin('POST', `/apps/${APPS.readonly.app_id}/secret`);
      assert.equal(rotated.status, 200);
      const directory = JSON.stringify((await sandbox.admin('GET', '/tenants')).json) + JSON.stringify((await sandbox.admin('GET', `/tenants/${ACME}`)).json);
      assert.ok(!directory.includes(rotated.json.app_secret));
      const unknown = await sandbox.admin('POST', '/apps/cli_0000000000000000/secret');
      assert.deepEqual([unknown.status, unknown.json], [404, { error: { code: 'not_found', message: 'no app cli_0000000000000000' } }]);
      const anonymous = await sandbox.admin('POST', `/apps/${APPS.readonly.app_id}/secret`, undefined, '');
      assert.deepEqual([anonymous.status, anonymous.json.error.code], [401, 'unauthorized']);
      assert.equal((await ask(rotated.json.app_secret, APPS.readonly.app_id)).json.code, 0, 'the refused call changed nothing');
    });

    // Last: it moves the clock on.
    test('the web calendar\'s own app is 403 forbidden; its secret is unchanged and its session still refreshes', async () => {
      const port = Number(new URL(sandbox.url).port);
      const browser = { port, headers: { host: `127.0.0.1:${port}` } };
      const walked = await walkSignIn(browser, ACME, 'alice@acme.example', 'alice-pw');
      const webAppId = walked.authorize.searchParams.get('client_id')!;
      const before = (await sandbox.store.tenancy.getApp(webAppId))?.secretHash;
      assert.match(before ?? '', /^scrypt\$/);

      const refused = await sandbox.admin('POST', `/apps/${webAppId}/secret`);
      assert.deepEqual([refused.status, refused.json], [403, { error: {
        code: 'forbidden',
        message: `app ${webAppId} is the web calendar's own: its secret derives from the server's key and every web calendar session refreshes with it, so it cannot be rotated`,
      } }]);
      assert.equal((await sandbox.store.tenancy.getApp(webAppId))?.secretHash, before, 'the stored secret is unchanged');
      const directory = await sandbox.admin('GET', `/tenants/${ACME}`);
      assert.deepEqual(directory.json.apps.filter((a: { built_in: boolean }) => a.built_in).map((a: { app_id: string }) => a.app_id), [webAppId]);

      // Past the access token's two hours, the session is good only if its refresh (with the web app's secret) works.
      assert.equal((await sandbox.admin('POST', '/clock', { advance_ms: 3 * HOUR })).status, 200);
      const session = await send(browser, '/web/session', { headers: { cookie: walked.session } });
      assert.deepEqual([session.status, JSON.parse(session.text).name], [200, 'Alice Wang']);
      assert.ok(setCookie(session, 'larkcal_web'), 'the refreshed session is a new cookie');
    });
  });
}
