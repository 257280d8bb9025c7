/**
 * User sign-in: the OAuth authorize page, code exchange and refresh (OAuth v2
 * and authen v1), and user_info (platform.md §3.5–§3.7). Three encapsulated
 * children, since each answers errors in its own dialect: HTML, OAuth v2 JSON,
 * and the v1 envelope at HTTP 200.
 */
import type { FastifyInstance } from 'fastify';
import { authorizePagePlugin } from '../authen/authorize-routes.js';
import { tokenV2Plugin } from '../authen/token-v2-routes.js';
import { authenV1Plugin } from '../authen/v1-routes.js';
import type { OpenApiDeps } from '../context.js';

export async function authenPlugin(app: FastifyInstance, deps: OpenApiDeps): Promise<void> {
  const { oauth } = deps;
  await app.register(authorizePagePlugin, { oauth });
  await app.register(tokenV2Plugin, { oauth });
  await app.register(authenV1Plugin, { deps, oauth });
}
