/**
 * What fails before any route is found: a URL the router cannot decode, a
 * path parameter over the router's limit, a request Node's HTTP parser
 * refuses (oversized headers, malformed framing, headers not sent in time),
 * and CONNECT. Fastify and Node answer these in their own shapes (`code` a
 * string, or "Client Error"); under `/open-apis` every answer must be Feishu's
 * envelope or its gateway text (issue #16), so they are answered here. Like
 * the body errors of toDomainError, each is the client's doing: 190002 at 400.
 */
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.js';
import { newIds } from '../../core/ids.js';
import type { Clock } from '../../core/ports.js';
import { errorBody } from './envelope.js';

export const OPEN_API_PREFIX = '/open-apis';
const JSON_TYPE = 'application/json; charset=utf-8';
/** How long a refused connection may keep sending before it is cut: enough for the answer to reach it first. */
const LINGER_MS = 2_000;

function envelopeOf(clock: Clock, field: '(path)' | '(request)', description: string): { logId: string; status: number; text: string } {
  const logId = newIds.logId(new Date(clock.now()));
  const { status, body } = errorBody(new DomainError('invalid', [{ field, description }]), logId);
  return { logId, status, text: JSON.stringify(body) };
}

const ROUTER_ERRORS: Record<string, string> = {
  FST_ERR_BAD_URL: 'the path is not valid percent-encoded UTF-8',
  FST_ERR_MAX_PARAM_LENGTH: 'a path parameter is longer than 1024 characters',
};

/** Fastify's `frameworkErrors`: the router's refusals, in the envelope under `/open-apis`, Fastify's shape elsewhere. */
export function frameworkErrors(clock: Clock) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    if (!isOpenApi(request.raw.url)) {
      void reply.code(error.statusCode ?? 400).send({ error: 'Bad Request', code: error.code, message: error.message, statusCode: error.statusCode ?? 400 });
      return;
    }
    const { logId, status, text } = envelopeOf(clock, '(path)', ROUTER_ERRORS[error.code] ?? 'the request cannot be routed');
    void reply.code(status).header('X-Tt-Logid', logId).type(JSON_TYPE).send(text);
  };
}

/**
 * Node's `clientError`: the parser gave up, so no path is known and every
 * such answer wears the envelope. The answer is written, the write side
 * closed, and the socket cut only a moment later: cut at once, a client still
 * sending (the rest of a 20 KB header) gets a reset instead of the answer.
 */
export function clientErrors(clock: Clock) {
  const answered = new WeakSet<Socket>();
  return (error: Error & { code?: string }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    // The parser reports every later chunk too: one answer per connection.
    if (answered.has(socket)) return;
    answered.add(socket);
    // A response already under way on this connection cannot be followed by another.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (!socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const { logId, status, text } = envelopeOf(clock, '(request)', clientErrorDescription(error.code));
    socket.end(rawResponse(status, 'Bad Request', { 'X-Tt-Logid': logId, 'Content-Type': JSON_TYPE }, text));
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
}

/**
 * An HTTP/1.1 request without Host must be refused (RFC 9112 §3.2). Node would
 * answer it itself with an empty 400 before any hook runs, so the server lets
 * it through (`requireHostHeader: false`) and this root hook refuses it: in the
 * envelope under `/open-apis`, plain text elsewhere.
 */
export function refuseMissingHost(clock: Clock) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const raw = request.raw;
    if (raw.headers.host !== undefined || raw.httpVersionMajor !== 1 || raw.httpVersionMinor !== 1) return;
    void reply.header('Connection', 'close');
    if (!isOpenApi(raw.url)) {
      await reply.code(400).type('text/plain; charset=utf-8').send('400 Bad Request: a Host header is required');
      return;
    }
    const { logId, status, text } = envelopeOf(clock, '(request)', 'an HTTP/1.1 request needs a Host header');
    await reply.code(status).header('X-Tt-Logid', logId).type(JSON_TYPE).send(text);
  };
}

function clientErrorDescription(code: string | undefined): string {
  if (code === 'HPE_HEADER_OVERFLOW') return 'the request headers are larger than 16 KB';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'the request was not received in time';
  return 'the request is not well-formed HTTP/1.1';
}

/**
 * CONNECT never reaches the router (Node emits it apart, and drops the
 * connection when no one listens): answered as the gateway answers any method
 * it does not serve, `404 page not found` (platform.md §2.5).
 */
export function answerConnect(socket: Socket): void {
  if (!socket.writable) return;
  socket.end(rawResponse(404, 'Not Found', { 'Content-Type': 'text/plain; charset=utf-8' }, '404 page not found'));
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

function rawResponse(status: number, reason: string, headers: Record<string, string>, body: string): string {
  const lines = Object.entries({ ...headers, 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' }).map(([k, v]) => `${k}: ${v}`);
  return `HTTP/1.1 ${status} ${reason}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

function isOpenApi(url: string | undefined): boolean {
  return url === OPEN_API_PREFIX || (url?.startsWith(`${OPEN_API_PREFIX}/`) ?? false) || (url?.startsWith(`${OPEN_API_PREFIX}?`) ?? false);
}
