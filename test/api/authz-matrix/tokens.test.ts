/**
 * Authorization matrix, token rows (issue #16 §2): every gated Open API route
 * × every kind of bad or insufficient token. Each cell's expectation is
 * derived from the route's own `config.auth`, in the gateway's order
 * (platform.md §3.2, §4.1, §11; src/adapters/open-api/auth.ts): present,
 * well-formed, known, unexpired, kind accepted, app scope, user grant, bot.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, gatedRoutes, outcome, pathOf, routeKey, type GatedRoute } from '../../support/authz.js';
import { DIALECTS } from '../../support/database.js';
import { APPS } from '../../support/fixture.js';
import { tenantToken } from '../../support/http.js';
import { startServer, type TestServer } from '../../support/server.js';

const INVALID = 'Invalid access token for authorization. Please make a request with token attached.';
const MISSING = 'Missing access token for authorization. Please make a request with token attached.';

type Expected = { status: number; code: number; msg: string } | 'passes the gateway';

const refused = (code: number, msg: string, status = 400): Expected => ({ status, code, msg });
const wrongKind = (kind: 'tenant' | 'user') => kind === 'tenant' ? refused(99991663, 'tenant access token not support') : refused(99991668, 'user access token not support');

/** A caller holding a well-formed, live token: what the gateway's later checks make of it on `route`. */
function afterAuthentication(route: GatedRoute, kind: 'tenant' | 'user', app: { scopes: boolean; bot: boolean; grant: boolean }): Expected {
  if (!route.auth.tokens.includes(kind)) return wrongKind(kind);
  if (!app.scopes) return refused(99991672, 'Access denied. One of the following scopes is required: ');
  if (kind === 'user' && !app.grant) return refused(99991679, 'Unauthorized. You do not have permission to perform the requested operation on the resource. Please request user re-authorization and try again. required one of these privileges: ');
  if (route.auth.bot !== false && kind === 'tenant' && !app.bot) return refused(190007, 'app bot_id not found', 404);
  return 'passes the gateway';
}

/** Codes only the gateway gives: a caller that passes it must get none of them. */
const GATEWAY_CODES = new Set([99991661, 99991671, 99991663, 99991668, 99991677, 99991672, 99991679, 190007]);

interface Caller {
  name: string;
  token: () => string | undefined;
  expect: (route: GatedRoute) => Expected;
}

for (const dialect of DIALECTS) {
  describe(`authz matrix: tokens × every route (${dialect})`, () => {
    let server: TestServer;
    let routes: GatedRoute[];
    const t: Record<string, string> = {};
    before(async () => {
      server = await startServer({ dialect });
      routes = gatedRoutes(server.app);
      t.full = await tenantToken(server.url, APPS.full.app_id, APPS.full.app_secret);
      t.noscope = await tenantToken(server.url, APPS.noscope.app_id, APPS.noscope.app_secret);
      t.nobot = await tenantToken(server.url, APPS.nobot.app_id, APPS.nobot.app_secret);
      t.user = await server.userToken('alice');
      t.userNoscope = await server.userToken('alice', 'noscope');
      t.userNobot = await server.userToken('alice', 'nobot');
      // The app holds every scope, the user granted none of them.
      t.userNoGrant = await server.userToken('alice', 'full', []);
    });
    after(() => server.close());

    const callers: Caller[] = [
      { name: 'no token', token: () => undefined, expect: () => refused(99991661, MISSING) },
      { name: 'garbled token', token: () => 'garbage-token', expect: () => refused(99991671, 'Invalid token: must start with t-/u-') },
      { name: 'unknown tenant token', token: () => 't-0123456789abcdef0123456789abcdef01234567', expect: () => refused(99991663, INVALID) },
      { name: 'unknown user token', token: () => 'u-NotAToken', expect: () => refused(99991668, INVALID) },
      // A real user token dressed as a tenant one is unknown, not a user token.
      { name: 'user token behind a t- prefix', token: () => `t-${t.user!.slice(2)}`, expect: () => refused(99991663, INVALID) },
      { name: 'tenant token, app without scopes', token: () => t.noscope, expect: (r) => afterAuthentication(r, 'tenant', { scopes: false, bot: true, grant: true }) },
      { name: 'user token, app without scopes', token: () => t.userNoscope, expect: (r) => afterAuthentication(r, 'user', { scopes: false, bot: true, grant: true }) },
      { name: 'user token without the user\'s grant', token: () => t.userNoGrant, expect: (r) => afterAuthentication(r, 'user', { scopes: true, bot: true, grant: false }) },
      { name: 'tenant token, app without bot', token: () => t.nobot, expect: (r) => afterAuthentication(r, 'tenant', { scopes: true, bot: false, grant: true }) },
      // The bot matters to tenant tokens only (platform.md §11).
      { name: 'user token, app without bot', token: () => t.userNobot, expect: (r) => afterAuthentication(r, 'user', { scopes: true, bot: false, grant: true }) },
      { name: 'tenant token (kind check)', token: () => t.full, expect: (r) => afterAuthentication(r, 'tenant', { scopes: true, bot: true, grant: true }) },
      { name: 'user token (kind check)', token: () => t.user, expect: (r) => afterAuthentication(r, 'user', { scopes: true, bot: true, grant: true }) },
    ];

    async function assertCell(route: GatedRoute, caller: string, token: string | undefined, expected: Expected): Promise<void> {
      const head = await server.store.changes.head();
      const r = await call(server.url, route.method, pathOf(route.url), token);
      const where = `${routeKey(route)} as ${caller}: ${r.status} ${r.text.slice(0, 300)}`;
      if (expected === 'passes the gateway') {
        assert.ok(r.status < 500, where);
        assert.ok(!GATEWAY_CODES.has(r.json?.code), where);
        return;
      }
      assert.equal(r.status, expected.status, where);
      assert.equal(r.json?.code, expected.code, where);
      // The scope and grant messages go on with the route's scopes.
      assert.ok(typeof r.json?.msg === 'string' && r.json.msg.startsWith(expected.msg), where);
      if (expected.msg !== r.json.msg) assert.ok(route.auth.scopes.every((s) => r.json.msg.includes(s)), where);
      assert.equal(r.json.error?.log_id, r.headers.get('x-tt-logid'), where);
      // Refused at the gateway, before the body is read: nothing was written.
      assert.equal(await server.store.changes.head(), head, where);
    }

    test('the matrix holds every gated route the server registered', () => {
      assert.ok(routes.length >= 56, `only ${routes.length} gated routes found`);
      assert.deepEqual(routes.filter((r) => !r.url.startsWith('/open-apis/')), []);
    });

    test('every route × every token caller', async () => {
      for (const route of routes) {
        for (const caller of callers) await assertCell(route, caller.name, caller.token(), caller.expect(route));
      }
    });

    // Last: the clock moves past every token's two hours.
    test('every route × expired tenant and user tokens: 99991663, 99991677', async () => {
      server.clock.advance(2 * 3600 * 1000 + 60_000);
      for (const route of routes) {
        await assertCell(route, 'expired tenant token', t.full, refused(99991663, INVALID));
        await assertCell(route, 'expired user token', t.user, refused(99991677, 'token expire'));
      }
    });
  });
}
