/**
 * Change-event retries wait by the sandbox clock (issue #12 §2): with a retry
 * an hour away nothing is sent again until the clock is moved an hour, and
 * then it goes at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { APPS, testFixture } from '../support/fixture.js';
import { raw } from '../support/http.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';
import { TokenService } from '../../src/core/tenancy/tokens.js';

for (const dialect of DIALECTS) {
  describe(`admin clock moves delivery retries (${dialect})`, () => {
    let sandbox: Sandbox;
    let receiver: Receiver;
    before(async () => {
      receiver = await startReceiver();
      const fixture = testFixture();
      fixture.tenants[0]!.apps!.find((a) => a.app_id === APPS.full.app_id)!.events = { request_url: receiver.url, types: ['calendar.calendar.changed_v4'] };
      sandbox = await startSandbox({ dialect, fixture, config: { deliveryRetries: [3_600_000] } });
    });
    after(async () => {
      await sandbox.close();
      await receiver.close();
    });

    test('a failed push is retried when the clock reaches its retry, not before', async () => {
      const app = (await sandbox.store.tenancy.getApp(APPS.full.app_id))!;
      const alice = (await sandbox.store.tenancy.findUserByUserId(app.tenantKey, 'alice'))!;
      const token = (await new TokenService(sandbox.store, sandbox.clock).issueUserToken(app, alice.ref, app.scopes)).accessToken.value;
      const post = (path: string, body: unknown = {}) => raw(`${sandbox.url}/open-apis/calendar/v4${path}`, { method: 'POST', token, body: JSON.stringify(body) });
      assert.equal((await post('/calendars/subscription')).json.code, 0);
      // The URL-verification challenge goes first; fail only the event's first push.
      for (let i = 0; i < 500 && (await sandbox.store.appEvents.get(APPS.full.app_id))!.urlCheck === 'pending'; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal((await sandbox.store.appEvents.get(APPS.full.app_id))!.urlCheck, 'answered');
      receiver.failNext = 1;
      const before = receiver.requests;
      assert.equal((await post('/calendars', { summary: 'Retried by the clock' })).json.code, 0);
      const failed = async () => (await sandbox.store.deliveries.list({ appId: APPS.full.app_id, status: 'failed', limit: 10 }))[0];
      for (let i = 0; i < 500 && !(await failed()); i++) await new Promise((r) => setTimeout(r, 20));
      const delivery = (await failed())!;
      assert.ok(delivery, 'the first push failed');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(receiver.requests - before, 1, 'no retry before the hour');
      assert.equal(receiver.of('calendar.calendar.changed_v4').length, 0);

      const moved = await sandbox.admin('POST', '/clock', { advance_ms: 3_600_000 });
      assert.equal(moved.json.mode, 'running');
      await receiver.waitFor(1, 'calendar.calendar.changed_v4', 3000);
      assert.equal(receiver.of('calendar.calendar.changed_v4')[0]!.data.event_id, delivery.eventId, 'the same event, retried');
    });
  });
}
