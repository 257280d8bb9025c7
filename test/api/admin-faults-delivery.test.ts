/**
 * Change-event deliveries through the admin API (issue #12 §4): an app's
 * event settings, each send in the journal (redacted), delivery faults that
 * drop or delay, the outbox with its attempts, and a redelivery.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { TokenService } from '../../src/core/tenancy/tokens.js';
import { DIALECTS } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';

const ENCRYPT_KEY = 'journal-test-encrypt-key';
const VERIFICATION_TOKEN = 'vt_journal_0123456789';
const CHANGED = 'calendar.calendar.changed_v4';
const FULL = APPS.full.app_id;

for (const dialect of DIALECTS) {
  describe(`admin API: deliveries and delivery faults (${dialect})`, () => {
    let sandbox: Sandbox;
    let receiver: Receiver;
    /** Alice's SDK option: her user token through the full app. */
    let alice: ReturnType<typeof lark.withUserAccessToken>;
    const v4 = () => sandbox.client().calendar.v4;
    const deliveries = async (query = '') => {
      const res = await sandbox.admin('GET', `/deliveries${query}`);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      return res.json.items as any[];
    };
    /** Creates a calendar as Alice, which tells the full app's subscription of her calendar list; answers the delivery. */
    const change = async (summary: string) => {
      const before = (await deliveries(`?app_id=${FULL}`)).length;
      await v4().calendar.create({ data: { summary } }, alice);
      for (let i = 0; i < 250; i++) {
        const all = await deliveries(`?app_id=${FULL}`);
        if (all.length > before) return all[0];
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('no delivery');
    };
    const settled = async (eventId: string, status: string) => {
      for (let i = 0; i < 250; i++) {
        const found = (await deliveries(`?app_id=${FULL}`)).find((d) => d.event_id === eventId);
        if (found?.status === status) return found;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`${eventId} never ${status}`);
    };

    before(async () => {
      receiver = await startReceiver({ encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN });
      sandbox = await startSandbox({ dialect, config: { deliveryRetries: [200] } });
      const app = (await sandbox.store.tenancy.getApp(FULL))!;
      const user = (await sandbox.store.tenancy.findUserByUserId(app.tenantKey, 'alice'))!;
      const issued = await new TokenService(sandbox.store, sandbox.clock).issueUserToken(app, user.ref, app.scopes);
      alice = lark.withUserAccessToken(issued.accessToken.value);
    });
    after(async () => {
      await sandbox.close();
      await receiver.close();
    });

    test('PUT /apps/:app_id/events: validation names the field; an unknown app is 404', async () => {
      const cases: Array<[unknown, string]> = [
        ['[1]', 'events'],
        [{ delivery: 'fax' }, 'events.delivery'],
        [{ request_url: 'ftp://example.com/hook' }, 'events.request_url'],
        [{ types: ['calendar.nope'] }, 'events.types[0]'],
        [{ verification_token: 'short' }, 'events.verification_token'],
        [{ colour: 'red' }, 'events.colour'],
        [{ delivery: 'webhook' }, 'events.request_url'],
      ];
      for (const [body, field] of cases) {
        const res = await sandbox.admin('PUT', `/apps/${FULL}/events`, body);
        assert.deepEqual([res.status, res.json.error.code], [400, 'invalid'], JSON.stringify(body));
        assert.ok(res.json.error.message.startsWith(`${field}:`), res.json.error.message);
      }
      const unknown = await sandbox.admin('PUT', '/apps/cli_0000000000000000/events', { delivery: 'webhook', request_url: receiver.url });
      assert.deepEqual([unknown.status, unknown.json.error.code], [404, 'not_found']);
      assert.equal((await sandbox.admin('GET', `/apps/${FULL}/events`)).status, 404, 'nothing was configured');
    });

    test('PUT /apps/:app_id/events configures delivery; the encrypt key is never shown', async () => {
      const res = await sandbox.admin('PUT', `/apps/${FULL}/events`, {
        delivery: 'webhook', request_url: receiver.url, encrypt_key: ENCRYPT_KEY, verification_token: VERIFICATION_TOKEN, types: [CHANGED],
      });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const shown = {
        app_id: FULL, delivery: 'webhook', request_url: receiver.url, encrypt_key: '***', verification_token: VERIFICATION_TOKEN, types: [CHANGED],
      };
      assert.deepEqual({ ...res.json, url_check: undefined }, { ...shown, url_check: undefined });
      assert.equal(res.json.url_check, 'pending');
      const stored = await sandbox.store.appEvents.get(FULL);
      assert.deepEqual([stored?.requestUrl, stored?.encryptKey, stored?.types], [receiver.url, ENCRYPT_KEY, [CHANGED]]);
      const read = await sandbox.admin('GET', `/apps/${FULL}/events`);
      assert.deepEqual({ ...read.json, url_check: undefined }, { ...shown, url_check: undefined });
      await v4().calendar.subscription({}, alice);
    });

    test('a delivery is journaled as its own entry, its token redacted, and listed with its attempts', async () => {
      const delivery = await change('Journaled');
      const done = await settled(delivery.event_id, 'delivered');
      await receiver.waitFor(1, CHANGED);
      assert.deepEqual(done.attempts.map((a: any) => [a.attempt, a.transport, a.ok, a.code, a.error]), [[1, 'webhook', true, 200, null]]);
      assert.deepEqual([done.app_id, done.event_type, done.change_type], [FULL, CHANGED, null]);

      const items = (await sandbox.admin('GET', `/journal?app_id=${FULL}&limit=10000`)).json.items as any[];
      const entry = items.find((e) => e.kind === 'delivery' && e.delivery.event_id === delivery.event_id);
      assert.deepEqual([entry.method, entry.path, entry.status, entry.code, entry.log_id, entry.user_id, entry.fault], ['POST', '/lark/events', 200, null, null, null, null]);
      assert.deepEqual(entry.delivery, { event_id: delivery.event_id, event_type: CHANGED, attempt: 1, transport: 'webhook', ok: true, error: null, url: receiver.url });
      assert.equal(entry.request_body.header.token, '***');
      assert.equal(entry.request_body.header.event_id, delivery.event_id);
      assert.equal(entry.request_body.header.event_type, CHANGED);
      const everything = JSON.stringify(items);
      for (const secret of [ENCRYPT_KEY, VERIFICATION_TOKEN]) assert.ok(!everything.includes(secret), `${secret} is in the journal`);
    });

    test('a delivery fault drops the attempt; the retry delivers', async () => {
      const fault = (await sandbox.admin('POST', '/faults', { match: { delivery: true, app_id: FULL }, preset: 'drop', times: 1 })).json;
      const seen = receiver.of(CHANGED).length;
      const delivery = await change('Dropped once');
      const done = await settled(delivery.event_id, 'delivered');
      assert.deepEqual(done.attempts.map((a: any) => [a.attempt, a.ok, a.code, a.error]), [[1, false, null, 'dropped by fault'], [2, true, 200, null]]);
      await receiver.waitFor(seen + 1, CHANGED);
      assert.equal(receiver.of(CHANGED).length, seen + 1, 'the dropped attempt never reached the app');
      const entries = ((await sandbox.admin('GET', '/journal?limit=10000')).json.items as any[]).filter((e) => e.delivery?.event_id === delivery.event_id);
      assert.deepEqual(entries.map((e) => [e.delivery.attempt, e.delivery.ok, e.fault]), [[2, true, null], [1, false, fault.id]]);
      assert.ok(!(await sandbox.admin('GET', '/faults')).json.items.some((f: any) => f.id === fault.id), 'times ran out');
    });

    test('a delivery fault with delay_ms delays the send, which then goes through', async () => {
      await sandbox.admin('POST', '/faults', { match: { delivery: true }, delay_ms: 500, times: 1 });
      const seen = receiver.of(CHANGED).length;
      const started = Date.now();
      const delivery = await change('Delayed');
      await receiver.waitFor(seen + 1, CHANGED);
      assert.ok(Date.now() - started >= 490, `arrived after ${Date.now() - started} ms`);
      const done = await settled(delivery.event_id, 'delivered');
      assert.deepEqual(done.attempts.map((a: any) => [a.attempt, a.ok]), [[1, true]]);
    });

    test('GET /deliveries filters by app and status; bad filters 400, an unknown app 404', async () => {
      const all = await deliveries();
      assert.equal(all.length, 3, 'one for each calendar created');
      assert.ok(all.every((d, i) => i === 0 || d.created_at <= all[i - 1].created_at), 'newest first');
      assert.deepEqual(await deliveries(`?app_id=${FULL}&status=delivered`), all.filter((d) => d.app_id === FULL && d.status === 'delivered'));
      assert.deepEqual(await deliveries('?status=exhausted'), []);
      assert.equal((await deliveries('?limit=1')).length, 1);
      for (const query of ['?status=lost', '?limit=0', '?colour=red']) assert.equal((await sandbox.admin('GET', `/deliveries${query}`)).status, 400, query);
      assert.equal((await sandbox.admin('GET', '/deliveries?app_id=cli_0000000000000000')).status, 404);
    });

    test('redeliver sends the same event again; the outbox keeps its attempts', async () => {
      const [latest] = await deliveries(`?app_id=${FULL}`);
      const seen = receiver.of(CHANGED).length;
      const res = await sandbox.admin('POST', `/deliveries/${latest.event_id}/redeliver`);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.deepEqual([res.json.sent.ok, res.json.sent.code, res.json.sent.attempt], [true, 200, 0]);
      assert.deepEqual(res.json.delivery.attempts, latest.attempts);
      const received = await receiver.waitFor(seen + 1, CHANGED);
      assert.equal(received.at(-1)!.data.event_id, latest.event_id, 'the same event_id');
      const [entry] = (await sandbox.admin('GET', '/journal?limit=1')).json.items;
      assert.deepEqual([entry.kind, entry.delivery.event_id, entry.delivery.attempt, entry.delivery.ok], ['delivery', latest.event_id, null, true]);
      const missing = await sandbox.admin('POST', '/deliveries/nope/redeliver');
      assert.deepEqual([missing.status, missing.json.error.code], [404, 'not_found']);
    });
  });
}
