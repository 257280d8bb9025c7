/**
 * POST /calendar/v4/settings/generate_caldav_conf (calendars.md §7.1, issue
 * #10 §1) through the SDK: the answer's fields, a credential per device, the
 * password verifying as the user, and the gateway's refusals.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { CALDAV_SCOPES, CaldavCredentialService } from '../../src/core/tenancy/caldav-credentials.js';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { TokenService } from '../../src/core/tenancy/tokens.js';
import { listenerUrl } from '../../src/server.js';
import { DIALECTS } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { startSandbox } from '../support/sandbox.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

for (const dialect of DIALECTS) {
  describe(`settings: generate_caldav_conf (${dialect})`, () => {
    let server: TestServer;
    /** A second service over the same store: what the CalDAV adapter checks Basic credentials with. */
    let credentials: CaldavCredentialService;
    before(async () => {
      server = await startServer({ dialect });
      credentials = new CaldavCredentialService(server.store, server.clock);
    });
    after(() => server.close());

    async function generate(userId: string, data?: { device_name?: string }, scopes?: string[], app: 'full' | 'noscope' = 'full') {
      const token = await server.userToken(userId, app, scopes);
      return server.client().calendar.v4.setting.generateCaldavConf(data && { data }, lark.withUserAccessToken(token));
    }

    async function userOf(userId: string) {
      const app = await server.store.tenancy.getApp('cli_a1b2c3d4e5f60718');
      return (await server.store.tenancy.findUserByUserId(app!.tenantKey, userId))!;
    }

    test('answers password, user_name, server_address and the device name echoed; the password verifies as the user', async () => {
      const answer = await generate('alice', { device_name: 'iPhone' });
      assert.equal(answer.code, 0);
      assert.equal(answer.msg, 'success');
      const data = answer.data!;
      assert.deepEqual(Object.keys(data).sort(), ['device_name', 'password', 'server_address', 'user_name']);
      assert.match(data.password!, /^[A-Za-z0-9]{24}$/);
      assert.match(data.user_name!, /^u_[a-z0-9]{10}$/);
      assert.equal(data.server_address, server.url, 'the listener, without --public-url');
      assert.equal(data.device_name, 'iPhone');
      const alice = await userOf('alice');
      assert.deepEqual(await credentials.verify(data.user_name!, data.password!), {
        kind: 'user', tenantKey: alice.tenantKey, appId: 'cli_a1b2c3d4e5f60718', userRef: alice.ref, scopes: CALDAV_SCOPES,
      });
      assert.equal(await credentials.verify(data.user_name!, 'A67h23sd8'), null);
    });

    test('the same device again replaces its password; other devices and other users keep theirs', async () => {
      const phone = (await generate('bob', { device_name: 'Pixel' })).data!;
      const laptop = (await generate('bob', { device_name: 'Thunderbird' })).data!;
      const carol = (await generate('carol', { device_name: 'Pixel' })).data!;
      assert.notEqual(carol.user_name, phone.user_name, 'one user name per user');
      assert.equal(laptop.user_name, phone.user_name);
      const phone2 = (await generate('bob', { device_name: 'Pixel' })).data!;
      assert.notEqual(phone2.password, phone.password);
      assert.equal(await credentials.verify(phone.user_name!, phone.password!), null);
      assert.equal((await credentials.verify(phone2.user_name!, phone2.password!))?.kind, 'user');
      assert.equal((await credentials.verify(laptop.user_name!, laptop.password!))?.kind, 'user');
      assert.equal((await credentials.verify(carol.user_name!, carol.password!))?.kind, 'user');
      assert.equal(await credentials.verify(carol.user_name!, phone2.password!), null, 'one user\'s password under another\'s name');
      const bob = await userOf('bob');
      assert.deepEqual((await credentials.list(bob.ref)).map((c) => c.deviceName), ['Thunderbird', 'Pixel']);
    });

    test('without a body or a device name, the device name is empty', async () => {
      const bare = await generate('dave');
      assert.equal(bare.code, 0);
      assert.equal(bare.data!.device_name, '');
      const empty = await generate('dave', {});
      assert.equal(empty.data!.device_name, '');
      assert.equal(await credentials.verify(bare.data!.user_name!, bare.data!.password!), null, 'replaced by the second');
      assert.equal((await credentials.verify(empty.data!.user_name!, empty.data!.password!))?.kind, 'user');
    });

    test('a device name over 100 characters, or not a string, is 190002 naming device_name', async () => {
      assert.equal((await generate('alice', { device_name: 'd'.repeat(100) })).data!.device_name, 'd'.repeat(100));
      const long = await sdkFailure(generate('alice', { device_name: 'd'.repeat(101) }));
      assert.deepEqual([long.status, long.body.code, long.body.msg], [400, 190002, 'invalid parameters in request']);
      assert.match(JSON.stringify(long.body), /device_name/);
      const notText = await sdkFailure(generate('alice', { device_name: 7 as unknown as string }));
      assert.deepEqual([notText.status, notText.body.code], [400, 190002]);
      assert.match(JSON.stringify(notText.body), /device_name/);
      const alice = await userOf('alice');
      assert.equal((await credentials.list(alice.ref)).some((c) => c.deviceName.length > 100), false, 'nothing stored for a refusal');
    });

    test('a tenant token is refused by the gateway (99991663), and a user token needs either scope', async () => {
      const tenant = await sdkFailure(server.client().calendar.v4.setting.generateCaldavConf({ data: { device_name: 'x' } }));
      assert.deepEqual([tenant.status, tenant.body.code, tenant.body.msg], [400, 99991663, 'tenant access token not support']);
      const narrow = await generate('alice', { device_name: 'narrow' }, ['calendar:settings.caldav:create']);
      assert.equal(narrow.code, 0, 'calendar:settings.caldav:create alone is enough');
      const ungranted = await sdkFailure(generate('alice', { device_name: 'x' }, ['calendar:calendar:readonly']));
      assert.deepEqual([ungranted.status, ungranted.body.code], [400, 99991679]);
      const noScope = await sdkFailure(generate('alice', { device_name: 'x' }, [], 'noscope'));
      assert.deepEqual([noScope.status, noScope.body.code], [400, 99991672]);
      assert.match(noScope.body.msg, /calendar:settings\.caldav:create/);
    });
  });
}

describe('settings: server_address', () => {
  test('--public-url is what generate_caldav_conf answers, without its trailing slash', async () => {
    const sandbox = await startSandbox({ config: { publicUrl: loadConfig({ 'public-url': 'https://cal.example.com/' }, {}).publicUrl } });
    try {
      const app = (await sandbox.store.tenancy.getApp(APPS.full.app_id))!;
      const alice = (await sandbox.store.tenancy.findUserByUserId(app.tenantKey, 'alice'))!;
      const token = (await new TokenService(sandbox.store, sandbox.clock).issueUserToken(app, alice.ref, app.scopes)).accessToken.value;
      const answer = await sandbox.client().calendar.v4.setting.generateCaldavConf({ data: { device_name: 'Mac' } }, lark.withUserAccessToken(token));
      assert.equal(answer.data?.server_address, 'https://cal.example.com');
    } finally {
      await sandbox.close();
    }
  });

  test('LARKCAL_PUBLIC_URL is read too, and anything but an absolute http(s) URL fails at start', () => {
    assert.equal(loadConfig({}, { LARKCAL_PUBLIC_URL: 'http://10.0.0.5:8080/cal/' }).publicUrl, 'http://10.0.0.5:8080/cal');
    assert.equal(loadConfig({}, {}).publicUrl, undefined);
    for (const bad of ['cal.example.com', 'ftp://cal.example.com', 'https://u:p@cal.example.com', 'https://cal.example.com/?x=1']) {
      assert.throws(() => loadConfig({ 'public-url': bad }, {}), (e: unknown) => e instanceof ConfigError && /--public-url/.test(e.message), bad);
    }
  });

  test('without --public-url: the listener\'s address, or the Host the client used when listening on every interface', () => {
    assert.equal(listenerUrl({ address: '127.0.0.1', family: 'IPv4', port: 8080 }, 'ignored:1'), 'http://127.0.0.1:8080');
    assert.equal(listenerUrl({ address: '::1', family: 'IPv6', port: 8080 }, 'ignored:1'), 'http://[::1]:8080');
    assert.equal(listenerUrl({ address: '0.0.0.0', family: 'IPv4', port: 8080 }, 'cal.lan:8080'), 'http://cal.lan:8080');
    assert.equal(listenerUrl({ address: '::', family: 'IPv6', port: 8080 }, 'cal.lan:8080'), 'http://cal.lan:8080');
  });
});
