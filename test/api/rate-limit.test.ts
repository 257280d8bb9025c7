/**
 * Gateway rate limits (platform.md §5): every calendar API is tier 4, 50 calls
 * a second and 1000 a minute, counted per API, per app, per tenant.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { raw, sdkFailure, tenantToken } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

for (const dialect of DIALECTS) {
  describe(`rate limits: tier 4 (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    let primaryUrl: string;
    before(async () => {
      server = await startServer({ dialect, rateLimit: true });
      // Time stands still unless a test moves it, so a burst never straddles a window however slow the machine.
      const frozen = Date.now();
      server.clock.now = () => frozen + server.clock.offset;
      token = await tenantToken(server.url, APPS.full.app_id, APPS.full.app_secret);
      primaryUrl = `${server.url}/open-apis/calendar/v4/calendars/primary`;
      // Each SDK client fetches its token on first use; do that outside the measured bursts.
      for (const name of ['full', 'readonly', 'globex'] as const) await server.client(name).calendar.v4.calendar.primary();
    });
    after(() => server.close());

    /** Moves the clock to the start of a fresh window of `ms`, so a burst falls inside one window. */
    const freshWindow = (ms: number) => server.clock.advance(ms - (server.clock.now() % ms) + ms);
    const burst = (n: number, call: () => Promise<unknown>) => Promise.all(Array.from({ length: n }, () => sdkFailure(call())));

    test('the 51st call in one second: 429 99991400 with x-ogw-ratelimit headers', async () => {
      freshWindow(60_000);
      const ok = await burst(50, () => server.client().calendar.v4.calendar.primary());
      assert.ok(ok.every((r) => r.status === 200 && r.body.code === 0));
      const r = await raw(primaryUrl, { method: 'POST', token, body: '{}' });
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(r.json.code, 99991400);
      assert.equal(r.json.msg, 'request trigger frequency limit');
      assert.equal(r.json.error.log_id, r.headers.get('x-tt-logid'));
      assert.equal(r.headers.get('x-ogw-ratelimit-limit'), '50');
      assert.equal(r.headers.get('x-ogw-ratelimit-reset'), '1');
      // The SDK sees it as a thrown 429.
      const sdk = await sdkFailure(server.client().calendar.v4.calendar.primary());
      assert.deepEqual([sdk.status, sdk.body.code], [429, 99991400]);
    });

    test('another API, another app and another tenant are not affected', async () => {
      freshWindow(60_000);
      await burst(50, () => server.client().calendar.v4.calendar.primary());
      assert.equal((await raw(primaryUrl, { method: 'POST', token, body: '{}' })).status, 429);
      const list = await server.client().calendar.v4.calendar.list({ params: { page_size: 50 } });
      assert.equal(list.code, 0);
      const reader = await server.client('readonly').calendar.v4.calendar.primary();
      assert.equal(reader.code, 0);
      const globex = await server.client('globex').calendar.v4.calendar.primary();
      assert.equal(globex.code, 0);
    });

    test('once the window has passed, calls work again', async () => {
      freshWindow(60_000);
      await burst(51, () => server.client().calendar.v4.calendar.primary());
      assert.equal((await raw(primaryUrl, { method: 'POST', token, body: '{}' })).status, 429);
      server.clock.advance(1000);
      const again = await raw(primaryUrl, { method: 'POST', token, body: '{}' });
      assert.equal(again.status, 200, again.text);
      assert.equal(again.headers.get('x-ogw-ratelimit-limit'), null);
    });

    test('1000 calls a minute: the 1001st is refused until the minute is over', async () => {
      freshWindow(60_000);
      for (let second = 0; second < 20; second++) {
        const rs = await burst(50, () => server.client().calendar.v4.calendar.list({ params: { page_size: 50 } }));
        assert.ok(rs.every((r) => r.status === 200), `second ${second}`);
        server.clock.advance(1000);
      }
      const r = await raw(`${server.url}/open-apis/calendar/v4/calendars?page_size=50`, { token });
      assert.equal(r.status, 429);
      assert.equal(r.json.code, 99991400);
      assert.equal(r.headers.get('x-ogw-ratelimit-limit'), '1000');
      const reset = Number(r.headers.get('x-ogw-ratelimit-reset'));
      assert.ok(reset >= 30 && reset <= 40, String(reset));
      server.clock.advance(reset * 1000);
      assert.equal((await raw(`${server.url}/open-apis/calendar/v4/calendars?page_size=50`, { token })).status, 200);
    });

    test('the token endpoints are not limited, and unauthenticated calls do not count', async () => {
      freshWindow(60_000);
      const tokens = await Promise.all(Array.from({ length: 60 }, () => raw(`${server.url}/open-apis/auth/v3/tenant_access_token/internal`, {
        method: 'POST', body: JSON.stringify({ app_id: APPS.full.app_id, app_secret: APPS.full.app_secret }),
      })));
      assert.ok(tokens.every((r) => r.status === 200 && r.json.code === 0));
      const anonymous = await Promise.all(Array.from({ length: 60 }, () => raw(primaryUrl, { method: 'POST', body: '{}' })));
      assert.ok(anonymous.every((r) => r.json.code === 99991661));
      assert.equal((await raw(primaryUrl, { method: 'POST', token, body: '{}' })).status, 200);
    });
  });
}
