/** Meeting chat and meeting minutes of an event. */
import type { FastifyInstance } from 'fastify';
import type { OpenApiDeps } from '../context.js';

export function registerMeetingRoutes(_root: FastifyInstance, _deps: OpenApiDeps): void {}
