import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { DIALECTS } from '../support/database.js';
import { APPS, REDIRECT_URI } from '../support/fixture.js';
import { startServer, type TestServer } from '../support/server.js';
import { authorizeParams, codeFor, submitLogin, v2Token } from './authen-flow.js';

for (const dialect of DIALECTS) {
  describe(`authen: the sign-in page (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    const page = (query: URLSearchParams, path = '/open-apis/authen/v1/authorize') => fetch(`${server.url}${path}?${query}`);

    test('the page is a self-contained login form carrying the request, every value escaped', async () => {
      const res = await page(authorizeParams({ scope: 'calendar:calendar', state: '"><script>x</script>' }));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.match(res.headers.get('content-security-policy')!, /default-src 'none'/);
      const html = await res.text();
      assert.match(html, /<form method="post" action="\/open-apis\/authen\/v1\/authorize">/);
      assert.match(html, /name="password"/);
      assert.match(html, /Acme Scheduler/);
      assert.ok(!html.includes('<script>'), 'state must be escaped');
      assert.match(html, /value="&#34;&#62;&#60;script&#62;x&#60;\/script&#62;"/);
      assert.ok(!/src=|href=/.test(html), 'no external assets');
    });

    test('the whole flow: login form, code, v2 token, a calendar call as that user', async () => {
      const res = await submitLogin(server, { scope: 'calendar:calendar:readonly offline_access', state: 'st-1' });
      assert.equal(res.status, 302);
      const location = new URL(res.headers.get('location')!);
      assert.equal(`${location.origin}${location.pathname}`, REDIRECT_URI);
      assert.equal(location.searchParams.get('state'), 'st-1');
      const code = location.searchParams.get('code')!;
      assert.match(code, /^[A-Za-z0-9_-]{64,}$/);

      const token = await v2Token(server, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
      assert.equal(token.status, 200);
      assert.match(token.json.access_token, /^eyJ/);
      assert.equal(token.json.scope, 'calendar:calendar:readonly offline_access');

      const primary = await server.client().calendar.v4.calendar.primary({ params: { user_id_type: 'user_id' } },
        lark.withUserAccessToken(token.json.access_token));
      assert.equal(primary.code, 0);
      assert.equal(primary.data!.calendars![0]!.user_id, 'alice');
    });

    test('sign in by email, case-insensitively', async () => {
      const code = await codeFor(server, { login: 'Bob@Acme.example', password: 'bob-pw' });
      const token = await v2Token(server, { grant_type: 'authorization_code', code });
      const info = await fetch(`${server.url}/open-apis/authen/v1/user_info`, { headers: { Authorization: `Bearer ${token.json.access_token}` } });
      assert.equal((await info.json()).data.email, 'bob@acme.example');
    });

    test('a wrong password, an unknown user and a user without a password re-show the form, no redirect', async () => {
      for (const [login, password] of [['alice', 'nope'], ['nobody', 'x'], ['dave', ''], ['zed', 'zed-pw']]) {
        const res = await submitLogin(server, { login, password });
        assert.equal(res.status, 200, `${login}`);
        assert.equal(res.headers.get('location'), null);
        const html = await res.text();
        assert.match(html, /Incorrect user ID, email or password/);
        assert.match(html, new RegExp(`name="login" autocomplete="username" value="${login}"`));
      }
    });

    test('deny redirects with error=access_denied and the state', async () => {
      const res = await submitLogin(server, { action: 'deny', state: 'abc', password: '' });
      assert.equal(res.status, 302);
      const location = new URL(res.headers.get('location')!);
      assert.equal(location.searchParams.get('error'), 'access_denied');
      assert.equal(location.searchParams.get('state'), 'abc');
      assert.equal(location.searchParams.get('code'), null);
    });

    test('an unregistered redirect_uri is an error page, never a redirect (GET and POST, deny too)', async () => {
      const bad = { redirectUri: 'https://evil.example/callback' };
      const shown = await page(authorizeParams(bad));
      assert.equal(shown.status, 400);
      assert.match(await shown.text(), /Error 20029/);
      for (const action of ['approve', 'deny'] as const) {
        const res = await submitLogin(server, { ...bad, action });
        assert.equal(res.status, 400);
        assert.equal(res.headers.get('location'), null);
      }
    });

    test('a scope the app has not enabled shows 20027', async () => {
      const res = await page(authorizeParams({ app: 'readonly', scope: 'calendar:calendar:readonly calendar:calendar' }));
      assert.equal(res.status, 400);
      const html = await res.text();
      assert.match(html, /Error 20027/);
      assert.match(html, /calendar:calendar(?!:)/);
    });

    test('unknown client_id, wrong response_type, bad PKCE method: error pages', async () => {
      const unknown = await page(new URLSearchParams({ client_id: 'cli_0000000000000000', response_type: 'code', redirect_uri: REDIRECT_URI }));
      assert.match(await unknown.text(), /Error 20028/);
      const token = authorizeParams();
      token.set('response_type', 'token');
      assert.equal((await page(token)).status, 400);
      const method = await page(authorizeParams({ codeChallenge: 'a'.repeat(43), codeChallengeMethod: 'S512' }));
      assert.equal(method.status, 400);
    });

    test('the legacy index page signs in with app_id and grants the app scopes', async () => {
      const query = new URLSearchParams({ app_id: APPS.full.app_id, redirect_uri: REDIRECT_URI, state: 'legacy' });
      const shown = await page(query, '/open-apis/authen/v1/index');
      assert.equal(shown.status, 200);
      assert.match(await shown.text(), /action="\/open-apis\/authen\/v1\/index"/);
      const res = await submitLogin(server, {}, '/open-apis/authen/v1/index', query);
      assert.equal(res.status, 302);
      const location = new URL(res.headers.get('location')!);
      assert.equal(location.searchParams.get('state'), 'legacy');
      const v1 = await server.client().authen.oidcAccessToken.create({ data: { grant_type: 'authorization_code', code: location.searchParams.get('code')! } });
      assert.equal(v1.code, 0);
      assert.match(v1.data!.scope!, /calendar:calendar /);
    });
  });
}
