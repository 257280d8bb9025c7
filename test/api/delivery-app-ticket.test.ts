/**
 * A store app's ticket arrives as Feishu sends it (platform.md §3.4, §8.4):
 * a schema 1.0 `app_ticket` event at start and after `app_ticket/resend`.
 * The SDK's EventDispatcher caches it; an ISV client sharing that cache then
 * gets its tokens with it, with nothing simulated.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { sha256 } from '../../src/core/ids.js';
import { ALL_DEMO_SCOPES } from '../../src/core/tenancy/scopes.js';
import { DIALECTS } from '../support/database.js';
import { ACME, testFixture } from '../support/fixture.js';
import { raw } from '../support/http.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startServer, type TestServer } from '../support/server.js';

const STORE = { app_id: 'cli_f1b2c3d4e5f60718', app_secret: 'store-secret-0123456789' };
const SILENT = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

class Cache {
  readonly values = new Map<string, unknown>();
  async set(key: string | Symbol, value: unknown, _expire?: number, options?: { namespace?: string }) {
    this.values.set(`${options?.namespace ?? ''}|${String(key)}`, value);
    return true;
  }
  async get(key: string | Symbol, options?: { namespace?: string }) {
    return this.values.get(`${options?.namespace ?? ''}|${String(key)}`);
  }
}

for (const dialect of DIALECTS) {
  describe(`app_ticket pushed to a store app (${dialect})`, () => {
    let server: TestServer;
    let receiver: Receiver;
    const cache = new Cache();
    before(async () => {
      receiver = await startReceiver({ cache });
      const fixture = testFixture();
      fixture.tenants[0]!.apps!.push({
        ...STORE, name: 'Acme Marketplace', type: 'store', bot: true, scopes: [...ALL_DEMO_SCOPES],
        events: { delivery: 'webhook', request_url: receiver.url },
      });
      server = await startServer({ dialect, fixture, delivery: { pollMs: 10 } });
    });
    after(async () => {
      await server.close();
      await receiver.close();
    });

    const tickets = async () => (await server.store.deliveries.list({ appId: STORE.app_id, limit: 100 })).filter((d) => d.eventType === 'app_ticket');
    const cachedTicket = () => [...cache.values.values()].find((v) => typeof v === 'string' && v.length === 32);
    async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
      for (let i = 0; i < 250; i++) {
        if (await condition()) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`timed out waiting for ${what}`);
    }

    test('a ticket is pushed at start; the ISV client gets its tokens with it', async () => {
      await until(async () => (await tickets()).some((d) => d.status === 'delivered'), 'the first ticket');
      const [first] = await tickets();
      const stored = (await server.store.tokens.newest(STORE.app_id, ACME, 'app_ticket'))!;
      // Tickets are kept by digest only.
      assert.deepEqual(first!.event, { app_id: STORE.app_id, app_ticket: first!.event.app_ticket, type: 'app_ticket' });
      assert.equal(sha256(String(first!.event.app_ticket)), stored.hash);
      assert.equal(stored.sealed, null);
      assert.equal(cachedTicket(), first!.event.app_ticket, 'the SDK dispatcher cached the pushed ticket');
      const client = new lark.Client({ appId: STORE.app_id, appSecret: STORE.app_secret, appType: lark.AppType.ISV, domain: server.url, cache, logger: SILENT });
      const created = await client.calendar.v4.calendar.create({ data: { summary: 'From the marketplace' } }, lark.withTenantKey(ACME));
      assert.equal(created.code, 0);
    });

    test('app_ticket/resend pushes a new ticket', async () => {
      const before = cachedTicket();
      const res = await raw(`${server.url}/open-apis/auth/v3/app_ticket/resend`, { method: 'POST', body: JSON.stringify(STORE) });
      assert.deepEqual(res.json, { code: 0, msg: 'success' });
      await until(() => cachedTicket() !== before, 'the new ticket');
      assert.equal(sha256(String(cachedTicket())), (await server.store.tokens.newest(STORE.app_id, ACME, 'app_ticket'))!.hash);
      assert.equal((await tickets()).length, 2);
    });
  });
}
