/**
 * `/web/api/*` → `/open-apis/*` with the session's user_access_token attached
 * here, server-side: the page's script never holds a token. Only the calendar,
 * contact and vc APIs pass; answers pass through as the Open API gave them.
 */
import type { FastifyInstance } from 'fastify';
import type { WebContext } from './web-context.js';

const ALLOWED = /^\/web\/api\/(calendar\/v4|contact\/v3|vc\/v1|authen\/v1\/user_info)(\/|\?|$)/;
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;

export async function apiProxyRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  // Bodies pass through as they came; the Open API parses (and refuses) them.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  app.route({
    method: [...METHODS],
    url: '/web/api/*',
    handler: async (request, reply) => {
      if (!ALLOWED.test(request.url)) return reply.code(404).send({ code: 404, msg: 'not an API the web calendar forwards' });
      const session = await web.freshSession(request, reply);
      if (!session) return reply.code(401).send({ code: 401, msg: 'not signed in' });
      const headers: Record<string, string> = { authorization: `Bearer ${session.accessToken}` };
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
