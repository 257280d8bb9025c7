/**
 * Authorization matrix, the sandbox's own surfaces (issue #16 §2): every
 * admin route under /_larkcal, as the server registered it, refuses every
 * credential but the admin token with 401, before reading anything and
 * changing nothing; /metrics wants the admin or metrics token. And revoked
 * tokens: a tenant's deletion, then a reset, leave every gated route
 * answering as to a token never issued.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { routesOf } from '../../../src/adapters/operations/openapi.js';
import { TokenService } from '../../../src/core/tenancy/tokens.js';
import { call, gatedRoutes, pathOf, routeKey } from '../../support/authz.js';
import { DIALECTS } from '../../support/database.js';
import { APPS, GLOBEX } from '../../support/fixture.js';
import { raw, tenantToken } from '../../support/http.js';
import { startSandbox, type Sandbox } from '../../support/sandbox.js';

const INVALID = 'Invalid access token for authorization. Please make a request with token attached.';
const METRICS_TOKEN = 'metrics-token-0123456789';

for (const dialect of DIALECTS) {
  describe(`authz matrix: admin and operations surfaces, revoked tokens (${dialect})`, () => {
    let sandbox: Sandbox;
    const feishu: Record<string, string> = {};
    const userToken = async (appName: keyof typeof APPS, userId: string) => {
      const app = (await sandbox.store.tenancy.getApp(APPS[appName].app_id))!;
      const user = (await sandbox.store.tenancy.findUserByUserId(app.tenantKey, userId))!;
      return (await new TokenService(sandbox.store, sandbox.clock).issueUserToken(app, user.ref, app.scopes)).accessToken.value;
    };
    before(async () => {
      sandbox = await startSandbox({ dialect, config: { metricsToken: METRICS_TOKEN } });
      feishu.tenant = await tenantToken(sandbox.url, APPS.full.app_id, APPS.full.app_secret);
      feishu.user = await userToken('full', 'alice');
      feishu.globexTenant = await tenantToken(sandbox.url, APPS.globex.app_id, APPS.globex.app_secret);
      feishu.globexUser = await userToken('globex', 'zed');
    });
    after(() => sandbox.close());

    const refusedCredentials = () => ({
      'no header': undefined,
      'an empty bearer': 'Bearer ',
      'a wrong token': 'Bearer not-the-admin-token',
      'the admin token, lengthened': `Bearer ${sandbox.adminToken}x`,
      'the admin token, not as a bearer': sandbox.adminToken,
      'the metrics token': `Bearer ${METRICS_TOKEN}`,
      'a Feishu tenant token': `Bearer ${feishu.tenant}`,
      'a Feishu user token': `Bearer ${feishu.user}`,
    });

    test('every admin route × every credential but the admin token: 401, nothing read, nothing changed', async () => {
      const admin = routesOf(sandbox.app).filter((r) => r.url.startsWith('/_larkcal'));
      assert.ok(admin.length >= 15, `only ${admin.length} admin routes`);
      const head = await sandbox.store.changes.head();
      const tenants = await sandbox.admin('GET', '/tenants');
      for (const route of admin) {
        for (const [name, authorization] of Object.entries(refusedCredentials())) {
          // A body that would do harm if it were read: the refusal comes first.
          const r = await raw(`${sandbox.url}${pathOf(route.url, { tenant_key: GLOBEX, app_id: APPS.full.app_id })}`, {
            method: route.method,
            headers: authorization === undefined ? {} : { Authorization: authorization },
            ...(route.method !== 'GET' && route.method !== 'DELETE' && { body: '{"offset_ms": 1e12, "tenant_key": "x"' }),
          });
          const where = `${routeKey(route)} with ${name}: ${r.status} ${r.text.slice(0, 200)}`;
          assert.equal(r.status, 401, where);
          assert.equal(r.json?.error?.code, 'unauthorized', where);
        }
      }
      assert.equal(await sandbox.store.changes.head(), head);
      assert.deepEqual(await sandbox.admin('GET', '/tenants'), tenants);
    });

    test('/metrics: 401 without the admin or metrics token; either reads it; /healthz and /readyz are open', async () => {
      for (const [name, authorization] of Object.entries(refusedCredentials())) {
        if (name === 'the metrics token') continue;
        const r = await raw(`${sandbox.url}/metrics`, { headers: authorization === undefined ? {} : { Authorization: authorization } });
        assert.equal(r.status, 401, `${name}: ${r.text.slice(0, 200)}`);
        assert.equal(r.json?.error?.code, 'unauthorized', name);
        assert.equal(r.headers.get('www-authenticate'), 'Bearer realm="larkcal metrics"', name);
      }
      for (const token of [sandbox.adminToken, METRICS_TOKEN]) {
        const r = await raw(`${sandbox.url}/metrics`, { token });
        assert.equal(r.status, 200);
        assert.match(r.text, /^# HELP /m);
      }
      assert.equal((await raw(`${sandbox.url}/healthz`)).status, 200);
      assert.equal((await raw(`${sandbox.url}/readyz`)).status, 200);
    });

    test('tokens of a deleted tenant, then of a reset sandbox: every gated route answers as to an unknown token', async () => {
      const routes = gatedRoutes(sandbox.app);
      const list = '/open-apis/calendar/v4/calendars';
      for (const token of [feishu.globexTenant, feishu.globexUser]) assert.equal((await call(sandbox.url, 'GET', list, token)).json?.code, 0);
      assert.equal((await sandbox.admin('DELETE', `/tenants/${GLOBEX}`)).status, 200);
      const revoked = (tokens: Array<[string, string, number]>) => async () => {
        for (const route of routes) {
          for (const [name, token, code] of tokens) {
            const r = await call(sandbox.url, route.method, pathOf(route.url), token);
            const where = `${routeKey(route)} with ${name}: ${r.status} ${r.text.slice(0, 200)}`;
            assert.deepEqual([r.status, r.json?.code, r.json?.msg], [400, code, INVALID], where);
          }
        }
      };
      await revoked([['Globex tenant token', feishu.globexTenant!, 99991663], ['Globex user token', feishu.globexUser!, 99991668]])();
      // Acme's tokens stand while Globex's fall.
      for (const token of [feishu.tenant, feishu.user]) assert.equal((await call(sandbox.url, 'GET', list, token)).json?.code, 0);
      assert.equal((await sandbox.admin('POST', '/reset')).status, 200);
      await revoked([['Acme tenant token after reset', feishu.tenant!, 99991663], ['Acme user token after reset', feishu.user!, 99991668]])();
    });
  });
}
