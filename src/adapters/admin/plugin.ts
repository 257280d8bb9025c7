/**
 * The sandbox's admin API under `/_larkcal/` (issue #12): plain JSON, its own
 * error dialect, and one credential, the admin token, checked before anything
 * else. A Feishu token is not an admin token: it gets 401 like any other.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Adapter } from '../../server.js';
import { AdminError, adminErrorHandler, sendAdminError } from './errors.js';

/** A part of the admin API (clock, state, journal, faults, …): its routes, relative to `/_larkcal`. */
export type AdminSection = FastifyPluginAsync;

export interface AdminDeps {
  /** Compared by digest, in constant time. */
  adminToken: string;
  sections: readonly AdminSection[];
}

export function adminAdapter(deps: AdminDeps): Adapter {
  return { prefix: '/_larkcal', plugin: (app) => adminPlugin(app, deps) };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

async function adminPlugin(app: FastifyInstance, deps: AdminDeps): Promise<void> {
  const expected = digest(deps.adminToken);
  app.setErrorHandler(adminErrorHandler);
  app.setNotFoundHandler((request, reply) => sendAdminError(reply, 404, 'not_found', `no admin route ${request.method} ${request.url.split('?')[0]}`));
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_request, text, done) => {
    if (String(text).trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(String(text)));
    } catch (error) {
      done(new AdminError(400, 'invalid', `the body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });
  // Before the body is read: an unauthenticated caller learns nothing, not even whether its JSON parses.
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization ?? '';
    const token = /^Bearer (.+)$/.exec(header)?.[1] ?? '';
    if (!token || !timingSafeEqual(digest(token), expected)) {
      throw new AdminError(401, 'unauthorized', 'a valid admin token is required: Authorization: Bearer <admin token> (see larkcal admin-token)');
    }
  });
  for (const section of deps.sections) await app.register(section);
}
