/**
 * An OpenAPI 3.1 document of every route larkcal serves, generated from the
 * route schemas by @fastify/swagger and served at /open-apis/openapi.json
 * (issue #16 §4). Registered before any route, since it learns routes as they
 * are added; `routesOf` keeps the same list for the test that holds the
 * document to what is really registered.
 */
import swagger from '@fastify/swagger';
import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import { VERSION } from '../../version.js';

export const OPENAPI_PATH = '/open-apis/openapi.json';

/** A registered route; `config` carries the Open API's gateway rules (`config.auth`), which the authorization matrix reads. */
export interface RegisteredRoute {
  method: string;
  url: string;
  config: FastifyContextConfig;
}

const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every method and path registered on the server, HEAD routes Fastify adds for GETs left out. */
export function routesOf(app: FastifyInstance): ReadonlyArray<RegisteredRoute> {
  return registered.get(app) ?? [];
}

export async function registerOpenApiDocument(app: FastifyInstance): Promise<void> {
  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url, config: route.config ?? {} });
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'larkcal', version: VERSION,
        description: 'A self-hosted server for the Feishu/Lark Calendar v4 Open API: the Open API under /open-apis, the sandbox admin API under /_larkcal, and operations (/healthz, /readyz, /metrics).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'tenant_access_token, app_access_token or user_access_token; the admin token under /_larkcal' } } },
      security: [{ bearer: [] }],
    },
  });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}
