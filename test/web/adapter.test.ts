/**
 * The web adapter without a browser (issue #13 §1): caching headers, the
 * root's answers, the sign-in's refusals, and the same-origin API path's
 * limits. The Chromium scenarios are in calendar.test.ts.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ensureWebBuilt } from '../support/browser.js';
import { DIALECTS } from '../support/database.js';
import { startServer, type TestServer } from '../support/server.js';

for (const dialect of DIALECTS) {
  describe(`web adapter (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      ensureWebBuilt();
      server = await startServer({ dialect, web: true });
    });
    after(() => server.close());

    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers, redirect: 'manual' });

    test('hashed assets are immutable for a year; pages are not cached and carry a CSP', async () => {
      const asset = readdirSync('dist/web/assets').find((name) => name.endsWith('.js'))!;
      const js = await get(`/assets/${asset}`);
      assert.deepEqual([js.status, js.headers.get('cache-control'), js.headers.get('content-type')], [200, 'public, max-age=31536000, immutable', 'text/javascript; charset=utf-8']);
      const picker = await get('/web/signin');
      assert.deepEqual([picker.status, picker.headers.get('cache-control'), picker.headers.get('x-frame-options')], [200, 'no-store', 'DENY']);
      assert.match(picker.headers.get('content-security-policy') ?? '', /default-src 'self'/);
      assert.match(await picker.text(), /<a href="\/web\/signin\?tenant=2ed263bf32cf1651">Acme<\/a>/);
      const missing = await get('/assets/nope-123.js');
      assert.equal(missing.status, 404);
      const console = await get('/console');
      assert.equal(console.headers.get('cache-control'), readdirSync('dist/web').includes('console') ? 'no-cache' : null);
    });

    test('/ sends a browser without a session to sign in, and shows any other client the server page', async () => {
      const browser = await get('/', { accept: 'text/html,application/xhtml+xml' });
      assert.deepEqual([browser.status, browser.headers.get('location')], [302, '/web/signin']);
      const curl = await get('/');
      assert.equal(curl.status, 200);
      assert.match(await curl.text(), /<h1>larkcal [\d.]+<\/h1>/);
      const unknown = await get('/no-such-page');
      assert.deepEqual([unknown.status, await unknown.text()], [404, '404 page not found']);
    });

    // fetch may not set Host; node:http may.
    const signInWith = (headers: Record<string, string>) => new Promise<{ status: number; location?: string; text: string }>((resolve, reject) => {
      const url = new URL(`${server.url}/web/signin?tenant=2ed263bf32cf1651`);
      request({ host: url.hostname, port: url.port, path: url.pathname + url.search, headers }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, location: response.headers.location, text }));
      }).on('error', reject).end();
    });

    test('sign-in starts only at the addresses its app is registered for, and the callback refuses a sign-in it did not start', async () => {
      const elsewhere = await signInWith({ host: 'evil.example' });
      assert.equal(elsewhere.status, 400);
      assert.match(elsewhere.text, /Open the web calendar at its own address/);
      const unknownTenant = await get('/web/signin?tenant=ffffffffffffffff');
      assert.equal(unknownTenant.status, 404);
      const start = await get('/web/signin?tenant=2ed263bf32cf1651');
      assert.equal(start.status, 302);
      const location = new URL(start.headers.get('location')!, server.url);
      assert.equal(location.pathname, '/open-apis/authen/v1/authorize');
      assert.equal(location.searchParams.get('code_challenge_method'), 'S256');
      assert.match(location.searchParams.get('code_challenge')!, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(location.searchParams.get('redirect_uri'), `${server.url}/web/callback`);
      const cookie = start.headers.get('set-cookie')!;
      assert.match(cookie, /^larkcal_web_signin=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=600$/);
      const forged = await get(`/web/callback?code=x&state=${location.searchParams.get('state')}`);
      assert.equal(forged.status, 400);
      assert.match(await forged.text(), /Sign-in expired/);
      const wrongState = await get('/web/callback?code=x&state=other', { cookie: cookie.split(';')[0]! });
      assert.equal(wrongState.status, 400);
      const badCode = await get(`/web/callback?code=not-a-code&state=${location.searchParams.get('state')}`, { cookie: cookie.split(';')[0]! });
      assert.equal(badCode.status, 400);
      assert.match(await badCode.text(), /Sign-in failed/);
    });

    test('without --public-url, X-Forwarded-Host and -Proto are anyone\'s to send, so they are ignored', async () => {
      const host = new URL(server.url).host;
      const spoofed = await signInWith({ host: 'evil.example', 'x-forwarded-host': host, 'x-forwarded-proto': 'http' });
      assert.equal(spoofed.status, 400);
      const ignored = await signInWith({ host, 'x-forwarded-host': 'cal.example.com', 'x-forwarded-proto': 'https' });
      assert.equal(ignored.status, 302);
      assert.equal(new URL(ignored.location!, server.url).searchParams.get('redirect_uri'), `${server.url}/web/callback`);
    });

    test('the API path answers 401 without a session or with a forged cookie, and forwards only the calendar, contact and vc APIs', async () => {
      for (const cookie of ['', 'larkcal_web=forged', 'larkcal_web_signin=x']) {
        const answer = await get('/web/api/calendar/v4/calendars', { cookie });
        assert.deepEqual([answer.status, await answer.json()], [401, { code: 401, msg: 'not signed in' }]);
      }
      const tokens = await fetch(`${server.url}/web/api/auth/v3/tenant_access_token/internal`, { method: 'POST' });
      assert.deepEqual([tokens.status, await tokens.json()], [404, { code: 404, msg: 'not an API the web calendar forwards' }]);
      const session = await get('/web/session');
      assert.equal(session.status, 401);
    });
  });
}
