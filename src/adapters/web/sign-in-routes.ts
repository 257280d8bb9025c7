/**
 * Sign-in and out (issue #13 §1): `/web/signin` picks the tenant and sends the
 * browser to the authorize page with a PKCE challenge; `/web/callback` redeems
 * the code and seals the tokens into the session cookie; `/web/signout` uses
 * the refresh token up (so a copied cookie cannot be refreshed) and clears it.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { exchangeCode, pkcePair, refresh, SignInFailed, userInfo } from './oauth-client.js';
import { cookieHeader, PENDING_COOKIE, readCookie, SESSION_COOKIE, type PendingSignIn, type Session } from './session.js';
import { htmlPage, sendPage, type WebContext } from './web-context.js';
import { WEB_SCOPES } from './web-apps.js';

const PENDING_SECONDS = 600;

export async function signInRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  app.get<{ Querystring: { tenant?: string } }>('/web/signin', async (request, reply) => {
    const origin = web.originOf(request);
    if (!origin) return sendPage(reply, 400, web.wrongHostPage(request));
    const tenants = await web.tenants();
    const chosen = request.query.tenant ?? (tenants.length === 1 ? tenants[0]!.tenantKey : undefined);
    if (chosen === undefined) return sendPage(reply, 200, tenantPicker(tenants));
    if (!(await web.store.tenancy.tenantExists(chosen))) return sendPage(reply, 404, htmlPage('Unknown organisation', `<p>No tenant <code>${escapeHtml(chosen)}</code> on this server.</p><p><a href="/web/signin">Choose another</a></p>`));
    const client = await web.apps.clientFor(chosen, web.portOf(request), origin);
    const { verifier, challenge } = pkcePair();
    const pending: PendingSignIn = { tenantKey: chosen, appId: client.appId, redirectUri: client.redirectUri, state: randomBytes(16).toString('base64url'), verifier };
    const query = new URLSearchParams({
      client_id: client.appId, response_type: 'code', redirect_uri: client.redirectUri, scope: WEB_SCOPES.join(' '),
      state: pending.state, code_challenge: challenge, code_challenge_method: 'S256',
    });
    reply.header('set-cookie', cookieHeader(PENDING_COOKIE, web.seal.seal(PENDING_COOKIE, pending), { maxAgeSeconds: PENDING_SECONDS, secure: origin.startsWith('https://') }));
    return reply.redirect(`/open-apis/authen/v1/authorize?${query}`, 302);
  });

  app.get<{ Querystring: { code?: string; state?: string; error?: string } }>('/web/callback', async (request, reply) => {
    const pending = web.seal.open<PendingSignIn>(PENDING_COOKIE, readCookie(request.headers.cookie, PENDING_COOKIE));
    const { code, state, error } = request.query;
    if (!pending || state !== pending.state) return sendPage(reply, 400, htmlPage('Sign-in expired', '<p>This sign-in was not started here, or took too long.</p><p><a href="/web/signin">Sign in again</a></p>'));
    if (error || !code) return sendPage(reply, 403, htmlPage('Not signed in', '<p>The sign-in was declined.</p><p><a href="/web/signin">Sign in again</a></p>'));
    try {
      const client = { appId: pending.appId, appSecret: web.apps.secretOf(pending.appId), redirectUri: pending.redirectUri };
      const tokens = await exchangeCode(app, client, code, pending.verifier, web.clock.now());
      const who = await userInfo(app, tokens.accessToken);
      const session: Session = { ...tokens, ...who, tenantKey: pending.tenantKey };
      const secure = web.isSecure(request);
      reply.header('set-cookie', [web.cookieOf(session, secure), cookieHeader(PENDING_COOKIE, '', { maxAgeSeconds: 0, secure })]);
      return reply.redirect('/', 302);
    } catch (failure) {
      if (!(failure instanceof SignInFailed)) throw failure;
      return sendPage(reply, 400, htmlPage('Sign-in failed', `<p>${escapeHtml(failure.message)}</p><p><a href="/web/signin">Sign in again</a></p>`));
    }
  });

  app.post('/web/signout', async (request, reply) => {
    const session = web.sessionOf(request);
    if (session) {
      // Spends the refresh token: the cookie's copy can no longer mint access tokens.
      await refresh(app, { appId: session.appId, appSecret: web.apps.secretOf(session.appId) }, session.refreshToken, web.clock.now()).catch(() => undefined);
    }
    reply.header('set-cookie', cookieHeader(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: web.isSecure(request) }));
    return reply.code(204).send();
  });

  app.get('/web/signed-out', async (_request, reply) => sendPage(reply, 200, htmlPage('Signed out', '<p>You are signed out of the web calendar.</p><p><a href="/web/signin">Sign in again</a></p>')));

  app.get('/web/session', async (request, reply) => {
    const session = await web.freshSession(request, reply);
    if (!session) return reply.code(401).send({ code: 401, msg: 'not signed in' });
    const tenant = await web.store.tenancy.getTenant(session.tenantKey);
    return { open_id: session.openId, name: session.name, tenant_key: session.tenantKey, tenant_name: tenant?.name ?? '' };
  });
}

function tenantPicker(tenants: ReadonlyArray<{ tenantKey: string; name: string }>): string {
  const items = tenants.map((t) => `<li><a href="/web/signin?tenant=${encodeURIComponent(t.tenantKey)}">${escapeHtml(t.name)}</a></li>`).join('');
  return htmlPage('Sign in', `<p>Choose your organisation:</p><ul>${items}</ul>`);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
