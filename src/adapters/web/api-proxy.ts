/**
 * `/web/api/*` → `/open-apis/*` with the session's user_access_token attached
 * here, server-side (the web app's tenant token for the few reads AS_APP
 * names): the page's script never holds a token. Only the calendar,
 * contact and vc APIs pass; answers pass through as the Open API gave them.
 */
import type { FastifyInstance } from 'fastify';
import type { WebContext } from './web-context.js';

const ALLOWED = /^\/web\/api\/(calendar\/v4|contact\/v3|vc\/v1|authen\/v1\/user_info)(\/|\?|$)/;
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;
/**
 * Directory reads Feishu answers for a tenant_access_token only (vc/v1 room_levels, each page's 请求头):
 * the web app's backend makes them as the app, as a Feishu app's backend would. Read-only, the tenant's own.
 */
const AS_APP = /^\/web\/api\/vc\/v1\/room_levels\/mget(\?|$)/;

export async function apiProxyRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  const appTokens = new AppTokens();
  // Bodies pass through as they came; the Open API parses (and refuses) them.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  app.route({
    method: [...METHODS],
    url: '/web/api/*',
    handler: async (request, reply) => {
      // Dot segments would climb out of the APIs forwarded.
      if (!ALLOWED.test(request.url) || /\/\.\.?(\/|\?|$)|%2e/i.test(request.url)) return reply.code(404).send({ code: 404, msg: 'not an API the web calendar forwards' });
      const session = await web.freshSession(request, reply);
      if (!session) return reply.code(401).send({ code: 401, msg: 'not signed in' });
      const asApp = request.method === 'POST' && AS_APP.test(request.url);
      const token = (asApp && (await appTokens.get(app, session.appId, web))) || session.accessToken;
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      const type = request.headers['content-type'];
      if (type) headers['content-type'] = type;
      const answer = await app.inject({
        method: request.method as (typeof METHODS)[number],
        url: `/open-apis/${request.url.slice('/web/api/'.length)}`,
        headers,
        ...(request.body instanceof Buffer && request.body.length > 0 && { payload: request.body }),
      });
      const logId = answer.headers['x-tt-logid'];
      if (typeof logId === 'string') reply.header('x-tt-logid', logId);
      return reply.code(answer.statusCode).header('cache-control', 'no-store').type(String(answer.headers['content-type'] ?? 'application/json')).send(answer.rawPayload);
    },
  });
}

/** The web apps' tenant tokens, kept until a minute before they lapse (the token endpoint checks the secret's scrypt hash). */
class AppTokens {
  private readonly tokens = new Map<string, { value: string; until: number }>();

  async get(app: FastifyInstance, appId: string, web: WebContext): Promise<string | undefined> {
    const now = web.clock.now();
    const kept = this.tokens.get(appId);
    if (kept && kept.until > now) return kept.value;
    const answer = await app.inject({ method: 'POST', url: '/open-apis/auth/v3/tenant_access_token/internal', payload: { app_id: appId, app_secret: web.apps.secretOf(appId) } });
    const body = answer.json() as { tenant_access_token?: string; expire?: number };
    if (!body.tenant_access_token) return undefined;
    this.tokens.set(appId, { value: body.tenant_access_token, until: now + ((body.expire ?? 0) - 60) * 1000 });
    return body.tenant_access_token;
  }
}
