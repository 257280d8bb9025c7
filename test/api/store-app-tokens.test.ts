import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { ALL_DEMO_SCOPES } from '../../src/core/tenancy/scopes.js';
import { DIALECTS } from '../support/database.js';
import { ACME, APPS, GLOBEX, testFixture } from '../support/fixture.js';
import { raw } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

const STORE = { app_id: 'cli_f1b2c3d4e5f60718', app_secret: 'store-secret-0123456789' };

function fixtureWithStoreApp() {
  const fixture = testFixture();
  fixture.tenants[0]!.apps!.push({ ...STORE, name: 'Acme Marketplace', type: 'store', bot: true, scopes: [...ALL_DEMO_SCOPES],
    // No delivery worker runs: each pushed ticket waits in the outbox, where the tests read it (tokens keep only its digest).
    events: { delivery: 'webhook', request_url: 'http://127.0.0.1:9/unused' } });
  return fixture;
}

/** The SDK's cache interface; shared by the client and the EventDispatcher, as in an ISV app. */
class Cache {
  private readonly values = new Map<string, unknown>();
  async set(key: string | Symbol, value: unknown, _expire?: number, options?: { namespace?: string }) {
    this.values.set(`${options?.namespace ?? ''}|${String(key)}`, value);
    return true;
  }
  async get(key: string | Symbol, options?: { namespace?: string }) {
    return this.values.get(`${options?.namespace ?? ''}|${String(key)}`);
  }
}

const SILENT = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

for (const dialect of DIALECTS) {
  describe(`store apps: app_ticket, app_access_token, tenant_access_token (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect, fixture: fixtureWithStoreApp() });
    });
    after(() => server.close());

    const post = (path: string, body: unknown) => raw(`${server.url}/open-apis/auth/v3/${path}`, { method: 'POST', body: JSON.stringify(body) });
    const resend = async () => {
      const res = await post('app_ticket/resend', STORE);
      assert.deepEqual([res.status, res.json], [200, { code: 0, msg: 'success' }]);
      const pushed = (await server.store.deliveries.list({ appId: STORE.app_id, limit: 100 })).filter((d) => d.eventType === 'app_ticket');
      return String(pushed.sort((a, b) => b.createdAt - a.createdAt)[0]!.event.app_ticket);
    };

    test('an ISV SDK client gets its tenant token from a pushed ticket and calls the calendar API', async () => {
      const ticket = await resend();
      const cache = new Cache();
      // The delivery of the app_ticket event is simulated: the SDK's dispatcher caches the ticket.
      const dispatcher = new lark.EventDispatcher({ cache, logger: SILENT });
      await dispatcher.invoke({ type: 'event_callback', event: { app_id: STORE.app_id, app_ticket: ticket, type: 'app_ticket' } }, { needCheck: false });
      const client = new lark.Client({ appId: STORE.app_id, appSecret: STORE.app_secret, appType: lark.AppType.ISV, domain: server.url, cache, logger: SILENT });
      const created = await client.calendar.v4.calendar.create({ data: { summary: 'From the marketplace' } }, lark.withTenantKey(ACME));
      assert.equal(created.code, 0);
    });

    test('app_access_token: an a- token for a valid ticket, the same one while 30 minutes remain', async () => {
      const ticket = await resend();
      const first = await post('app_access_token', { ...STORE, app_ticket: ticket });
      assert.equal(first.status, 200);
      assert.deepEqual(Object.keys(first.json), ['code', 'msg', 'app_access_token', 'expire']);
      assert.match(first.json.app_access_token, /^a-[0-9a-f]{40}$/);
      const again = await post('app_access_token', { ...STORE, app_ticket: ticket });
      assert.equal(again.json.app_access_token, first.json.app_access_token);

      const tenant = await post('tenant_access_token', { app_access_token: first.json.app_access_token, tenant_key: ACME });
      assert.equal(tenant.json.code, 0);
      assert.match(tenant.json.tenant_access_token, /^t-/);
      const calendar = await raw(`${server.url}/open-apis/calendar/v4/calendars`, { method: 'POST', body: '{"summary":"x"}', token: tenant.json.tenant_access_token });
      assert.equal(calendar.json.code, 0);
    });

    test('an app token is not a tenant token on the calendar API', async () => {
      const app = await post('app_access_token', { ...STORE, app_ticket: await resend() });
      const calendar = await raw(`${server.url}/open-apis/calendar/v4/calendars`, { method: 'POST', body: '{}', token: app.json.app_access_token });
      assert.deepEqual([calendar.status, calendar.json.code], [400, 99991663]);
    });

    test('failures answer HTTP 200: bad credentials 10003, bad ticket 10012, bad app token 99991664', async () => {
      const wrongSecret = await post('app_ticket/resend', { ...STORE, app_secret: 'nope' });
      assert.deepEqual([wrongSecret.status, wrongSecret.json.code], [200, 10003]);
      const internal = await post('app_ticket/resend', APPS.full);
      assert.deepEqual([internal.status, internal.json.code], [200, 10003]);
      const badTicket = await post('app_access_token', { ...STORE, app_ticket: 'nope' });
      assert.deepEqual([badTicket.status, badTicket.json.code], [200, 10012]);
      const noTicket = await post('app_access_token', STORE);
      assert.deepEqual([noTicket.status, noTicket.json.code], [200, 10012]);
      const badApp = await post('tenant_access_token', { app_access_token: 'a-nope', tenant_key: ACME });
      assert.deepEqual([badApp.status, badApp.json.code], [200, 99991664]);
      const app = await post('app_access_token', { ...STORE, app_ticket: await resend() });
      const otherTenant = await post('tenant_access_token', { app_access_token: app.json.app_access_token, tenant_key: GLOBEX });
      assert.deepEqual([otherTenant.status, otherTenant.json.code], [200, 10003]);
    });

    test('an internal app cannot use the store path, and an expired ticket is refused', async () => {
      const internal = await post('app_access_token', { ...APPS.full, app_ticket: 'x' });
      assert.equal(internal.json.code, 10003);
      const ticket = await resend();
      server.clock.advance(4 * 3600 * 1000);
      try {
        assert.equal((await post('app_access_token', { ...STORE, app_ticket: ticket })).json.code, 10012);
      } finally {
        server.clock.advance(-4 * 3600 * 1000);
      }
    });
  });
}
