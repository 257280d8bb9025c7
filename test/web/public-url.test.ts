/**
 * The web calendar's sign-in behind a reverse proxy (`--public-url`, issue
 * #13 §1): Chromium signs in at https://cal.example.com through a TLS proxy
 * sending X-Forwarded-Host/Proto, a proxy passing the Host alone is walked by
 * plain HTTPS requests, and no header names an origin the operator did not
 * configure. The rules themselves (request-origin.ts, web-apps.ts) are
 * checked without a server at the end.
 */
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { requestOrigin } from '../../src/adapters/web/request-origin.js';
import { isWebCalendarApp, trustedOrigins, webAppOf } from '../../src/adapters/web/web-apps.js';
import { browserMissing, chooseTenant, ensureWebBuilt, launchBrowser } from '../support/browser.js';
import { DIALECTS } from '../support/database.js';
import { ACME, APPS } from '../support/fixture.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';
import { send, setCookie, walkSignIn } from '../support/web-sign-in.js';
import { opensslMissing, selfSignedCertificate, startReverseProxy, type Certificate, type ReverseProxy } from './reverse-proxy.js';

const HOST = 'cal.example.com';
const PUBLIC = `https://${HOST}`;

for (const dialect of DIALECTS) {
  describe(`web sign-in behind a proxy, --public-url ${PUBLIC} (${dialect})`, { skip: opensslMissing }, () => {
    let certificate: Certificate;
    let forwarding: ReverseProxy;
    let hostPassing: ReverseProxy;
    let sandbox: Sandbox;
    let port: number;
    before(async () => {
      ensureWebBuilt();
      certificate = selfSignedCertificate(HOST);
      forwarding = await startReverseProxy(certificate, 'forwarded');
      hostPassing = await startReverseProxy(certificate, 'host');
      sandbox = await startSandbox({ dialect, config: { publicUrl: PUBLIC } });
      port = Number(new URL(sandbox.url).port);
      forwarding.forwardTo(sandbox.url);
      hostPassing.forwardTo(sandbox.url);
    });
    after(async () => {
      await forwarding?.close();
      await hostPassing?.close();
      await sandbox?.close();
    });

    test('Chromium signs in at the public URL through a TLS proxy sending X-Forwarded-Host/Proto; the cookie is Secure', { skip: browserMissing }, async () => {
      let browser: Browser | undefined;
      try {
        // cal.example.com:443 is the proxy: the browser sends Host cal.example.com, as it would to the real host.
        browser = await launchBrowser([`--host-resolver-rules=MAP ${HOST}:443 127.0.0.1:${forwarding.port}`]);
        const context = await browser.newContext({ ignoreHTTPSErrors: true });
        const page = await context.newPage();
        await page.goto(`${PUBLIC}/`);
        assert.equal(page.url(), `${PUBLIC}/web/signin`);
        await chooseTenant(page, 'Acme');
        const authorize = new URL(page.url());
        assert.equal(`${authorize.origin}${authorize.pathname}`, `${PUBLIC}/open-apis/authen/v1/authorize`);
        assert.equal(authorize.searchParams.get('redirect_uri'), `${PUBLIC}/web/callback`);
        await page.fill('#login', 'alice@acme.example');
        await page.fill('#password', 'alice-pw');
        await Promise.all([page.waitForURL(`${PUBLIC}/`), page.click('button[value=approve]')]);
        await page.waitForSelector('.fc-timegrid, .fc-daygrid, .fc-list');
        assert.equal(await page.textContent('#who'), 'Alice Wang · Acme');

        const session = (await context.cookies()).find((c) => c.name === 'larkcal_web');
        assert.deepEqual([session?.domain, session?.secure, session?.httpOnly, session?.sameSite], [HOST, true, true, 'Strict']);
        const path = (p: string) => forwarding.seen.some((seen) => seen.startsWith(p));
        assert.deepEqual([path('/web/callback?code='), path('/web/api/calendar/v4/'), path('/web/session')], [true, true, true], 'the callback and the API calls came through the proxy');
        const web = (await sandbox.store.tenancy.listApps(ACME)).find((a) => a.redirectUris.includes(`${PUBLIC}/web/callback`));
        assert.deepEqual(web?.redirectUris, [`${PUBLIC}/web/callback`, ...trustedOrigins(port).map((o) => `${o}/web/callback`)]);
        assert.equal(web?.name, 'larkcal web calendar');
      } finally {
        await browser?.close();
      }
    });

    test('a proxy passing the Host alone (no X-Forwarded-*): the sign-in completes, walked by HTTPS requests', async () => {
      const proxy = { port: hostPassing.port, headers: { host: HOST }, tls: { ca: certificate.cert, servername: HOST } };
      const walked = await walkSignIn(proxy, ACME, 'alice@acme.example', 'alice-pw');
      assert.equal(walked.authorize.pathname, '/open-apis/authen/v1/authorize');
      assert.equal(walked.authorize.searchParams.get('redirect_uri'), `${PUBLIC}/web/callback`);
      assert.match(setCookie(walked.start, 'larkcal_web_signin') ?? '', /; HttpOnly; SameSite=Strict; Max-Age=600; Secure$/);
      assert.equal(`${walked.callback.origin}${walked.callback.pathname}`, `${PUBLIC}/web/callback`);
      assert.match(setCookie(walked.signedIn, 'larkcal_web') ?? '', /; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
      const who = await send(proxy, '/web/session', { headers: { cookie: walked.session } });
      assert.deepEqual([who.status, JSON.parse(who.text).name, JSON.parse(who.text).tenant_key], [200, 'Alice Wang', ACME]);
      assert.equal(hostPassing.seen.filter((path) => path.startsWith('/web/callback?code=')).length, 1, 'the callback came through the proxy');
    });

    test('straight to the listener, the loopback origin still signs in, without Secure; headers naming another origin are refused', async () => {
      const direct = (headers: Record<string, string>) => send({ port }, `/web/signin?tenant=${ACME}`, { headers: { host: `127.0.0.1:${port}`, ...headers } });
      const local = await direct({});
      assert.equal(local.status, 302);
      assert.equal(new URL(local.headers.location!, sandbox.url).searchParams.get('redirect_uri'), `http://127.0.0.1:${port}/web/callback`);
      assert.match(setCookie(local, 'larkcal_web_signin') ?? '', /; Max-Age=600$/);
      // One app for both: the public origin and the loopback ones are its redirect URIs.
      assert.equal(new URL(local.headers.location!, sandbox.url).searchParams.get('client_id'), webAppOf(ACME, port, PUBLIC).appId);

      for (const [headers, why] of [
        [{ 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' }, 'a forwarded host not configured'],
        [{ 'x-forwarded-host': HOST, 'x-forwarded-proto': 'http' }, 'plain HTTP to an https public URL'],
        [{ host: `${HOST}:8443` }, 'the public host at another port'],
        [{ host: 'evil.example' }, 'a Host not configured'],
        [{ 'x-forwarded-host': `${HOST}/evil` }, 'a forwarded host with a path'],
      ] as const) {
        const refused = await direct(headers);
        assert.equal(refused.status, 400, why);
        assert.match(refused.text, new RegExp(`Sign-in works at <a href="${PUBLIC}/">${PUBLIC}/</a> \\(the <code>--public-url</code>\\), or on this machine at <a href="http://127\\.0\\.0\\.1:${port}/">`), why);
        assert.equal(refused.headers['set-cookie'], undefined, why);
      }
    });
  });
}

describe('which origin a sign-in came by, and which apps are the web calendar\'s', () => {
  const port = 8080;
  const trusted = trustedOrigins(port, PUBLIC);
  const origin = (headers: IncomingHttpHeaders) => requestOrigin(headers, trusted, PUBLIC);
  const withoutPublicUrl = (headers: IncomingHttpHeaders) => requestOrigin(headers, trustedOrigins(port), undefined);

  test('the public host (default port or not, any case) is the public origin; X-Forwarded-* count only with a public URL', () => {
    assert.equal(origin({ host: HOST }), PUBLIC);
    assert.equal(origin({ host: 'CAL.Example.com:443' }), PUBLIC);
    assert.equal(origin({ host: '127.0.0.1:8080', 'x-forwarded-host': `${HOST}, proxy.internal`, 'x-forwarded-proto': 'https, http' }), PUBLIC);
    assert.equal(origin({ host: '127.0.0.1:8080', 'x-forwarded-host': HOST, 'x-forwarded-proto': 'HTTPS' }), PUBLIC);
    assert.equal(origin({ host: 'localhost:8080' }), 'http://localhost:8080');
    assert.equal(origin({ host: '[::1]:8080' }), 'http://[::1]:8080');
    assert.equal(withoutPublicUrl({ host: '127.0.0.1:8080', 'x-forwarded-host': HOST, 'x-forwarded-proto': 'https' }), 'http://127.0.0.1:8080');
    assert.equal(withoutPublicUrl({ host: 'localhost:8080', 'x-forwarded-proto': 'https' }), 'http://localhost:8080');
    assert.equal(withoutPublicUrl({ host: HOST }), undefined);
  });

  test('anything else is no origin, and never an exception', () => {
    for (const headers of [
      {}, { host: '' }, { host: '127.0.0.1:99999' }, { host: 'user@127.0.0.1:8080' }, { host: '127.0.0.1:8080/x' },
      { host: '127.0.0.1:8080', 'x-forwarded-host': HOST, 'x-forwarded-proto': 'gopher' }, { host: '127.0.0.1:8080', 'x-forwarded-host': 'cal.example.com.evil' },
      { host: 'http://cal.example.com' },
    ] satisfies IncomingHttpHeaders[]) assert.equal(origin(headers), undefined, JSON.stringify(headers));
  });

  test('the web apps are recognised by their id and redirect URIs alone; a fixture app is not one', () => {
    const app = (tenantKey: string, registered: ReturnType<typeof webAppOf>) => ({ tenantKey, ...registered });
    assert.equal(isWebCalendarApp(app(ACME, webAppOf(ACME, port))), true);
    assert.equal(isWebCalendarApp(app(ACME, webAppOf(ACME, port, PUBLIC))), true);
    assert.notEqual(webAppOf(ACME, port).appId, webAppOf(ACME, port, PUBLIC).appId);
    assert.deepEqual(webAppOf(ACME, port, `http://localhost:${port}`), webAppOf(ACME, port), 'a loopback public URL is the loopback app');
    assert.equal(isWebCalendarApp(app('another', webAppOf(ACME, port))), false, 'another tenant\'s id');
    const web = webAppOf(ACME, port, PUBLIC);
    assert.equal(isWebCalendarApp(app(ACME, { ...web, redirectUris: [...web.redirectUris, 'https://evil.example/web/callback'] })), false, 'a redirect URI added');
    assert.equal(isWebCalendarApp(app(ACME, { ...web, redirectUris: web.redirectUris.slice(1) })), false, 'the public one removed');
    assert.equal(isWebCalendarApp({ tenantKey: ACME, appId: APPS.full.app_id, redirectUris: ['http://127.0.0.1:9000/callback'] }), false);
  });
});
