/**
 * The web calendar (issue #13): the built single-page app at `/` (and the
 * developer console at `/console`), its sign-in, and the same-origin path
 * through which it calls the Open API as the signed-in user. Mounted at the
 * root, so it also answers the root's unknown paths as Feishu's gateway does.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock, Store } from '../../core/ports.js';
import type { ScryptCost } from '../../core/tenancy/secrets.js';
import { randomBase62 } from '../../core/ids.js';
import type { Adapter } from '../../server.js';
import { apiProxyRoutes } from './api-proxy.js';
import { CookieSeal } from './session.js';
import { signInRoutes } from './sign-in-routes.js';
import { defaultDistDir, readStaticFiles, type StaticFile } from './static-files.js';
import { htmlPage, PAGE_SECURITY_HEADERS, sendPage, WebContext, type TenantChoice } from './web-context.js';
import { WebApps } from './web-apps.js';

export interface WebDeps {
  store: Store;
  clock: Clock;
  /** The tenants the sign-in page offers; any other signs in through `/web/signin?tenant=KEY`. */
  tenants: () => Promise<TenantChoice[]>;
  /** What `/` shows a client that is not a browser (curl): the server's own page. */
  infoPage: string;
  /** Where the built app lies; default dist/web of this package. */
  distDir?: string;
  /** `--public-url`: the origin a proxy serves the web calendar at, trusted beside the loopback ones (request-origin.ts). */
  publicUrl?: string;
  /** The web apps' secret hashing cost; tests pass a cheap one. */
  hashCost?: ScryptCost;
}

const KEY = 'web_key';

export function webAdapter(deps: WebDeps): Adapter {
  return { plugin: (app) => webPlugin(app, deps) };
}

async function webPlugin(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const serverKey = await deps.store.settings.putIfAbsent(KEY, randomBase62(43));
  const web = new WebContext(app, deps.store, deps.clock, new CookieSeal(serverKey), new WebApps(deps.store, serverKey, deps.publicUrl === undefined ? undefined : new URL(deps.publicUrl).origin, deps.hashCost), deps.tenants);
  const files = readStaticFiles(deps.distDir ?? defaultDistDir());

  app.setErrorHandler((error, request, reply) => {
    request.log.error({ err: error }, 'web calendar error');
    return sendPage(reply, 500, htmlPage('Something went wrong', '<p>The server could not answer this page. Try again; the server log has the details.</p>'));
  });
  // As the gateway answers (server.ts gatewayNotFound): before any body is read.
  await app.register(async (scope) => {
    const notFound = async (_request: unknown, reply: FastifyReply) => reply.code(404).type('text/plain; charset=utf-8').send('404 page not found');
    scope.addHook('onRequest', notFound);
    scope.setNotFoundHandler(notFound);
  });

  await app.register(async (scope) => signInRoutes(scope, web));
  await app.register(async (scope) => apiProxyRoutes(scope, web));

  app.get('/', async (request, reply) => {
    if (!web.sessionOf(request)) {
      if (!acceptsHtml(request)) return reply.type('text/html; charset=utf-8').send(deps.infoPage);
      return reply.redirect('/web/signin', 302);
    }
    return sendFile(reply, files.get('/index.html'));
  });
  app.get('/console', async (_request, reply) => sendFile(reply, files.get('/console/index.html')));
  app.get('/assets/*', async (request, reply) => sendFile(reply, files.get(request.url.split('?')[0]!)));
  app.get('/favicon.svg', async (_request, reply) => sendFile(reply, files.get('/favicon.svg')));
}

/** Browsers ask for text/html on navigation; the SDK, curl and the tests' fetch do not. */
function acceptsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

function sendFile(reply: FastifyReply, file: StaticFile | undefined): FastifyReply {
  if (!file) {
    return reply.code(404).type('text/html; charset=utf-8')
      .send(htmlPage('Not built', '<p>The web calendar is not built: <code>npm run build:web</code> builds it into <code>dist/web</code>.</p>'));
  }
  const headers: Record<string, string> = { 'cache-control': file.cacheControl };
  if (file.type.startsWith('text/html')) Object.assign(headers, PAGE_SECURITY_HEADERS);
  return reply.code(200).headers(headers).type(file.type).send(file.body);
}
