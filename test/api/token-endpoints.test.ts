/**
 * The internal-app token endpoints (platform.md §3.3): top-level fields, HTTP
 * 200 even on failure, the 30-minute reuse rule, and tokens that outlive a
 * server restart (the SDK never drops a cached token on 99991663).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildServer } from '../../src/server.js';
import { openStore } from '../../src/storage/store.js';
import { DIALECTS } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { raw } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

const TENANT = '/open-apis/auth/v3/tenant_access_token/internal';
const APP = '/open-apis/auth/v3/app_access_token/internal';
const MINUTE = 60_000;

for (const dialect of DIALECTS) {
  describe(`tokens: internal app and tenant tokens (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    const ask = (path: string, body: unknown, base = server.url) =>
      raw(`${base}${path}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
    const creds = (name: keyof typeof APPS) => ({ app_id: APPS[name].app_id, app_secret: APPS[name].app_secret });
    const primary = (token: string, base = server.url) =>
      raw(`${base}/open-apis/calendar/v4/calendars/primary`, { method: 'POST', token, body: '{}' });

    test('tenant_access_token/internal: {code:0,msg:"ok",tenant_access_token,expire:7200}', async () => {
      const r = await ask(TENANT, creds('readonly'));
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.match(r.headers.get('x-tt-logid') ?? '', /^\d{14}[0-9A-F]{20}$/);
      assert.deepEqual(Object.keys(r.json).sort(), ['code', 'expire', 'msg', 'tenant_access_token']);
      assert.equal(r.json.code, 0);
      assert.equal(r.json.msg, 'ok');
      assert.equal(r.json.expire, 7200);
      assert.match(r.json.tenant_access_token, /^t-[0-9a-f]+$/);
      assert.equal((await primary(r.json.tenant_access_token)).json.code, 0);
    });

    test('app_access_token/internal: both tokens, the same string, at the top level', async () => {
      const tenant = await ask(TENANT, creds('globex'));
      const r = await ask(APP, creds('globex'));
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.json).sort(), ['app_access_token', 'code', 'expire', 'msg', 'tenant_access_token']);
      assert.equal(r.json.code, 0);
      assert.equal(r.json.msg, 'ok');
      assert.equal(r.json.tenant_access_token, tenant.json.tenant_access_token);
      assert.equal(r.json.app_access_token, r.json.tenant_access_token);
      assert.ok(r.json.expire >= 7199 && r.json.expire <= 7200, String(r.json.expire));
    });

    test('bad credentials: HTTP 200 {"code":10003,"data":{},"msg":"invalid param"}', async () => {
      const bodies: unknown[] = [
        { app_id: APPS.full.app_id, app_secret: 'wrong' },
        { app_id: APPS.full.app_id, app_secret: APPS.nobot.app_secret },
        { app_id: 'cli_0000000000000000', app_secret: 'whatever' },
        { app_id: APPS.full.app_id },
        { app_secret: APPS.full.app_secret },
        {},
        { app_id: 5, app_secret: true },
        { app_id: [APPS.full.app_id], app_secret: [APPS.full.app_secret] },
        { app_id: APPS.full.app_id, app_secret: '' },
        '',
        '[]',
        'null',
      ];
      for (const path of [TENANT, APP, `${TENANT}/`]) {
        for (const body of bodies) {
          const r = await ask(path, body);
          assert.equal(r.status, 200, `${path} ${JSON.stringify(body)}: ${r.text}`);
          assert.deepEqual(r.json, { code: 10003, data: {}, msg: 'invalid param' }, `${path} ${JSON.stringify(body)}`);
          assert.match(r.headers.get('x-tt-logid') ?? '', /^\d{14}[0-9A-F]{20}$/);
        }
      }
    });

    test('a malformed body is never a 500', async () => {
      for (const body of ['{"app_id":', 'app_id=x&app_secret=y']) {
        const r = await ask(TENANT, body);
        assert.ok(r.status < 500, r.text);
        assert.notEqual(r.json.code, 0);
      }
    });

    test('the same token while ≥ 30 min remain, with expire counting down; a new one after, both valid', async () => {
      const local = await startServer({ dialect });
      // Time stands still unless the test moves it, so `expire` is exact however slow the machine.
      const frozen = Date.now();
      local.clock.now = () => frozen + local.clock.offset;
      try {
        const first = await ask(TENANT, creds('full'), local.url);
        assert.equal(first.json.expire, 7200);
        const a = first.json.tenant_access_token as string;

        local.clock.advance(30 * MINUTE);
        const later = await ask(TENANT, creds('full'), local.url);
        assert.equal(later.json.tenant_access_token, a);
        assert.equal(later.json.expire, 5400);
        const viaApp = await ask(APP, creds('full'), local.url);
        assert.equal(viaApp.json.app_access_token, a);

        // Exactly 30 minutes left: still the same one.
        local.clock.advance(60 * MINUTE);
        const edge = await ask(TENANT, creds('full'), local.url);
        assert.equal(edge.json.tenant_access_token, a);
        assert.equal(edge.json.expire, 1800);

        // Under 30 minutes: a fresh token, and the old one keeps working until it expires.
        local.clock.advance(1_000);
        const fresh = await ask(TENANT, creds('full'), local.url);
        const b = fresh.json.tenant_access_token as string;
        assert.notEqual(b, a);
        assert.equal(fresh.json.expire, 7200);
        assert.equal((await primary(a, local.url)).json.code, 0);
        assert.equal((await primary(b, local.url)).json.code, 0);
        const again = await ask(TENANT, creds('full'), local.url);
        assert.equal(again.json.tenant_access_token, b);

        local.clock.advance(30 * MINUTE);
        const expired = await primary(a, local.url);
        assert.deepEqual([expired.status, expired.json.code], [400, 99991663]);
        assert.equal((await primary(b, local.url)).json.code, 0);
      } finally {
        await local.close();
      }
    });

    test('each app has its own token', async () => {
      const full = await ask(TENANT, creds('full'));
      const nobot = await ask(TENANT, creds('nobot'));
      assert.notEqual(full.json.tenant_access_token, nobot.json.tenant_access_token);
    });

    test('the SDK gets its token from here and uses it', async () => {
      const res = await server.client('full').calendar.v4.calendar.primary();
      assert.equal(res.code, 0);
    });

    test('tokens survive a server restart', async () => {
      const local = await startServer({ dialect });
      const token = (await ask(TENANT, creds('full'), local.url)).json.tenant_access_token as string;
      const user = await local.userToken('alice');
      await local.app.close();
      await local.store.close();

      const store = await openStore(local.database.url);
      const app = await buildServer({ store, clock: local.clock, rateLimit: false, logLevel: 'silent' });
      try {
        await app.listen({ port: 0, host: '127.0.0.1' });
        const address = app.server.address();
        const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
        assert.equal((await primary(token, url)).json.code, 0);
        assert.equal((await primary(user, url)).json.code, 0);
        const again = await ask(TENANT, creds('full'), url);
        assert.equal(again.json.tenant_access_token, token);
      } finally {
        await app.close();
        await store.close();
        await local.database.drop();
      }
    });
  });
}
