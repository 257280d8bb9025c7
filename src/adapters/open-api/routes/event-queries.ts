/** Event reads: list, search, instances, instance_view. */
import type { FastifyInstance } from 'fastify';
import type { OpenApiDeps } from '../context.js';

export function registerEventQueryRoutes(_root: FastifyInstance, _deps: OpenApiDeps): void {}
