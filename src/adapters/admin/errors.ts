/**
 * The admin API's error dialect: plain JSON `{"error": {"code", "message"}}`
 * with a fitting HTTP status, never Feishu's envelope (issue #12 §1).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorKind } from '../../core/errors.js';

export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400, unauthenticated: 401, unsupported: 400, forbidden: 403, not_found: 404, gone: 410, conflict: 409, limit: 429, internal: 500,
};

export function sendAdminError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error: { code, message } });
}

/** Every failure of an admin route, rendered once: what the client may fix says what to fix; the rest says nothing of the inside. */
export function adminErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AdminError) return sendAdminError(reply, error.status, error.code, error.message);
  if (error instanceof DomainError) {
    const v = error.violations[0];
    const message = v ? `${v.field}: ${v.description}${v.value !== undefined ? ` (got ${v.value})` : ''}` : error.key;
    return sendAdminError(reply, STATUS_OF_KIND[error.kind], error.kind, message);
  }
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) return sendAdminError(reply, status, 'invalid', error.message);
  request.log.error({ err: error }, 'admin request failed');
  return sendAdminError(reply, 500, 'internal', 'internal error');
}
