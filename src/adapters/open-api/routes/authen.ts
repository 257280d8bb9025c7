/**
 * User sign-in: the OAuth authorize page, code exchange and refresh (OAuth v2
 * and authen v1), and user_info (platform.md §3.5–§3.7). Encapsulated, since
 * these endpoints answer errors in their own shapes.
 */
import type { FastifyInstance } from 'fastify';
import type { OpenApiDeps } from '../context.js';

export async function authenPlugin(_app: FastifyInstance, _deps: OpenApiDeps): Promise<void> {
  // Being written (OAuth helper); registered here so plugin.ts need not change.
}
