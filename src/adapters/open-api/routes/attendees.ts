/** Event attendees and chat members. */
import type { FastifyInstance } from 'fastify';
import type { OpenApiDeps } from '../context.js';

export function registerAttendeeRoutes(_root: FastifyInstance, _deps: OpenApiDeps): void {}
