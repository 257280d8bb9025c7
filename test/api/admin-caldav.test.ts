/**
 * A user's CalDAV credentials through the admin API (issue #13 §3): listed by
 * device name and creation time, never a password or digest; one revoked by
 * device name stops at once on this server's CalDAV, the other device keeps
 * working; tenant_key is required, unknown users and devices are 404.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { TokenService } from '../../src/core/tenancy/tokens.js';
import { DIALECTS } from '../support/database.js';
import { ACME, APPS, GLOBEX } from '../support/fixture.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';

for (const dialect of DIALECTS) {
  describe(`admin API: CalDAV credentials of a user (${dialect})`, () => {
    let sandbox: Sandbox;
    before(async () => {
      sandbox = await startSandbox({ dialect });
    });
    after(() => sandbox.close());

    const generate = async (userId: string, device_name: string) => {
      const app = (await sandbox.store.tenancy.getApp(APPS.full.app_id))!;
      const user = (await sandbox.store.tenancy.findUserByUserId(ACME, userId))!;
      const token = (await new TokenService(sandbox.store, sandbox.clock).issueUserToken(app, user.ref, app.scopes)).accessToken.value;
      const answer = await sandbox.client().calendar.v4.setting.generateCaldavConf({ data: { device_name } }, lark.withUserAccessToken(token));
      assert.equal(answer.code, 0);
      return answer.data!;
    };
    const propfind = (userName: string, password: string) => fetch(`${sandbox.url}/dav/`, {
      method: 'PROPFIND', headers: { authorization: `Basic ${Buffer.from(`${userName}:${password}`).toString('base64')}`, depth: '0' },
    });

    test('listed by device, without secrets; one revoked stops on CalDAV at once, the other works on', async () => {
      const phone = await generate('alice', 'iPhone');
      const mac = await generate('alice', 'Mac');
      await generate('bob', 'iPhone');
      assert.equal((await propfind(phone.user_name!, phone.password!)).status, 207);

      const list = await sandbox.admin('GET', `/users/alice/caldav-credentials?tenant_key=${ACME}`);
      assert.equal(list.status, 200, JSON.stringify(list.json));
      assert.deepEqual([list.json.user_id, list.json.tenant_key, list.json.user_name], ['alice', ACME, phone.user_name]);
      assert.deepEqual(list.json.items.map((c: any) => c.device_name).sort(), ['Mac', 'iPhone']);
      for (const c of list.json.items) {
        assert.deepEqual(Object.keys(c).sort(), ['app_id', 'created_at', 'credential_id', 'device_name']);
        assert.equal(c.app_id, APPS.full.app_id);
        assert.equal(new Date(c.created_at).toISOString(), c.created_at);
      }
      const text = JSON.stringify(list.json);
      for (const secret of [phone.password!, mac.password!, 'scrypt', 'password']) assert.ok(!text.includes(secret), secret);

      const revoked = await sandbox.admin('DELETE', `/users/alice/caldav-credentials/iPhone?tenant_key=${ACME}`);
      assert.deepEqual([revoked.status, revoked.json], [200, { user_id: 'alice', device_name: 'iPhone', revoked: true }]);
      assert.equal((await propfind(phone.user_name!, phone.password!)).status, 401, 'the revoked device stops at once');
      assert.equal((await propfind(mac.user_name!, mac.password!)).status, 207, 'the other device works on');
      const after = await sandbox.admin('GET', `/users/alice/caldav-credentials?tenant_key=${ACME}`);
      assert.deepEqual(after.json.items.map((c: any) => c.device_name), ['Mac']);
      const bob = await sandbox.admin('GET', `/users/bob/caldav-credentials?tenant_key=${ACME}`);
      assert.deepEqual(bob.json.items.map((c: any) => c.device_name), ['iPhone'], 'another user keeps his');

      const again = await sandbox.admin('DELETE', `/users/alice/caldav-credentials/iPhone?tenant_key=${ACME}`);
      assert.deepEqual([again.status, again.json], [404, { error: { code: 'not_found', message: 'alice has no CalDAV credential for device "iPhone"' } }]);
    });

    test('tenant_key is required; a user of another tenant or none is 404; no admin token is 401', async () => {
      const cases: Array<[string, string, number, string]> = [
        ['GET', '/users/alice/caldav-credentials', 400, 'tenant_key is required: a user_id is unique only within its tenant'],
        ['GET', `/users/alice/caldav-credentials?tenant_key=${ACME}&x=1`, 400, 'unknown parameter x (known: tenant_key)'],
        ['GET', `/users/alice/caldav-credentials?tenant_key=${GLOBEX}`, 404, `no user alice in tenant ${GLOBEX}`],
        ['DELETE', `/users/nobody/caldav-credentials/Mac?tenant_key=${ACME}`, 404, `no user nobody in tenant ${ACME}`],
      ];
      for (const [method, path, status, message] of cases) {
        const res = await sandbox.admin(method, path);
        assert.deepEqual([res.status, res.json.error?.message], [status, message], path);
      }
      const anonymous = await sandbox.admin('GET', `/users/alice/caldav-credentials?tenant_key=${ACME}`, undefined, '');
      assert.deepEqual([anonymous.status, anonymous.json.error.code], [401, 'unauthorized']);
    });
  });
}
