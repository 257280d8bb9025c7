/**
 * The admin API's token and the virtual clock (issue #12 §1–§2), through
 * real HTTP: the clock's modes, and tokens following it to expiry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { openIdFor } from '../../src/core/ids.js';
import { APPS } from '../support/fixture.js';
import { raw, tenantToken } from '../support/http.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';

for (const dialect of DIALECTS) {
  describe(`admin API: token and clock (${dialect})`, () => {
    let sandbox: Sandbox;
    before(async () => {
      sandbox = await startSandbox({ dialect });
    });
    after(() => sandbox.close());

    test('no token, a wrong one, or a Feishu token: 401 in the admin dialect', async () => {
      const feishu = await tenantToken(sandbox.url, APPS.full.app_id, APPS.full.app_secret);
      for (const token of ['', 'wrong-token-0123456789', feishu]) {
        const res = await sandbox.admin('GET', '/clock', undefined, token);
        assert.equal(res.status, 401);
        assert.equal(res.json.error.code, 'unauthorized');
        assert.equal(typeof res.json.error.message, 'string');
      }
      assert.equal(sandbox.adminTokenSource, 'stored');
      assert.ok(sandbox.adminToken.length >= 22, 'at least 128 bits');
      assert.equal(await sandbox.store.settings.get('admin_token'), sandbox.adminToken);
    });

    test('unknown admin routes and bad bodies answer in the admin dialect', async () => {
      const unknown = await sandbox.admin('GET', '/nope');
      assert.deepEqual([unknown.status, unknown.json.error.code], [404, 'not_found']);
      for (const body of ['{', { set: 'yesterday' }, { set: 9_007_199_254_740_991 }, { advance_ms: -5 }, { advance_ms: 9_007_199_254_740_991 }, { mode: 'fast' }, { set: 1, mode: 'running' }, {}]) {
        const res = await sandbox.admin('POST', '/clock', body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.json.error.code, 'invalid');
      }
    });

    test('system, then frozen by set (also backwards), advanced, running, system again', async () => {
      const start = await sandbox.admin('GET', '/clock');
      assert.equal(start.json.mode, 'system');
      assert.ok(Math.abs(start.json.now - Date.now()) < 5000);

      const set = await sandbox.admin('POST', '/clock', { set: '2026-03-16T09:00:00+08:00' });
      assert.deepEqual([set.status, set.json], [200, { now: Date.parse('2026-03-16T01:00:00Z'), mode: 'frozen' }]);
      const back = await sandbox.admin('POST', '/clock', { set: 1_700_000_000_000 });
      assert.deepEqual(back.json, { now: 1_700_000_000_000, mode: 'frozen' });
      const advanced = await sandbox.admin('POST', '/clock', { advance_ms: 90_000 });
      assert.deepEqual(advanced.json, { now: 1_700_000_090_000, mode: 'frozen' });

      const running = await sandbox.admin('POST', '/clock', { mode: 'running' });
      assert.equal(running.json.mode, 'running');
      await new Promise((resolve) => setTimeout(resolve, 30));
      const later = (await sandbox.admin('GET', '/clock')).json.now;
      assert.ok(later > 1_700_000_090_000 && later < 1_700_000_090_000 + 5000, 'runs on from the virtual instant');

      const system = await sandbox.admin('POST', '/clock', { mode: 'system' });
      assert.equal(system.json.mode, 'system');
      assert.ok(Math.abs(system.json.now - Date.now()) < 5000);
    });

    test('suggestions search from the clock\'s now when no start is given', async () => {
      await sandbox.admin('POST', '/clock', { set: '2025-03-10T08:00:00+08:00' });
      try {
        const token = await tenantToken(sandbox.url, APPS.full.app_id, APPS.full.app_secret);
        const app = (await sandbox.store.tenancy.getApp(APPS.full.app_id))!;
        const dave = (await sandbox.store.tenancy.findUserByUserId(app.tenantKey, 'dave'))!;
        const res = await raw(`${sandbox.url}/open-apis/calendar/v4/freebusy/suggestion`, {
          method: 'POST', token, body: JSON.stringify({ duration_minutes: 60, timezone: 'Asia/Shanghai', attendee_user_ids: [openIdFor(APPS.full.app_id, dave.ref)] }),
        });
        assert.equal(res.json.code, 0, res.text);
        // Monday 2025-03-10 by the clock: the first free hour of that working day, not of today's.
        assert.equal(res.json.data.suggestions[0].event_start_time, '2025-03-10T09:00:00+08:00');
        await sandbox.admin('POST', '/clock', { set: '2025-03-10T16:30:00+08:00' });
        // The morning's token has expired by the afternoon, by the same clock.
        const afternoon = await tenantToken(sandbox.url, APPS.full.app_id, APPS.full.app_secret);
        const later = await raw(`${sandbox.url}/open-apis/calendar/v4/freebusy/suggestion`, {
          method: 'POST', token: afternoon, body: JSON.stringify({ duration_minutes: 60, timezone: 'Asia/Shanghai', attendee_user_ids: [openIdFor(APPS.full.app_id, dave.ref)] }),
        });
        assert.ok(later.json.data.suggestions.every((slot: { event_start_time: string }) => slot.event_start_time >= '2025-03-10T16:30:00+08:00'), later.text);
      } finally {
        await sandbox.admin('POST', '/clock', { mode: 'system' });
      }
    });

    test('tokens follow the clock: issued at the virtual instant, expired when it passes their expire', async () => {
      await sandbox.admin('POST', '/clock', { set: '2026-03-16T09:00:00Z' });
      const res = await raw(`${sandbox.url}/open-apis/auth/v3/tenant_access_token/internal`, {
        method: 'POST', body: JSON.stringify({ app_id: APPS.full.app_id, app_secret: APPS.full.app_secret }),
      });
      const { tenant_access_token: token, expire } = res.json;
      assert.equal(expire, 7200);
      const calendars = () => raw(`${sandbox.url}/open-apis/calendar/v4/calendars`, { token });
      assert.equal((await calendars()).json.code, 0);
      await sandbox.admin('POST', '/clock', { advance_ms: 7200 * 1000 + 1000 });
      assert.equal((await calendars()).json.code, 99991663, 'expired by the clock');
      await sandbox.admin('POST', '/clock', { mode: 'system' });
    });
  });
}
