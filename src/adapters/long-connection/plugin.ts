/**
 * `POST /callback/ws/endpoint`, where the SDK's WSClient asks for a
 * connection URL (platform.md §9.1). Its own dialect: HTTP 200 with
 * `{code, msg, data}`, and `data` an object even on errors, since the SDK
 * destructures `data.URL` before it reads `code` (a null turns every error
 * into an endless retry).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Adapter } from '../../server.js';
import type { LongConnectionAuth } from './auth.js';
import type { LongConnectionHub } from './hub.js';

/**
 * The codes the SDKs know (`oapi-sdk-go` ws/const.go, Node `ErrorCode`). In
 * the Node client 1000040343 is retried and every other nonzero code is fatal.
 * `bad_request` is ours, with HTTP 400, for bodies the SDK never sends.
 */
export const ENDPOINT_CODES = {
  ok: 0,
  bad_request: 400,
  not_found: 404,
  forbidden: 403,
  auth_failed: 514,
  internal_error: 1000040343,
  exceeded_conn_limit: 1000040350,
} as const;

type EndpointCode = (typeof ENDPOINT_CODES)[keyof typeof ENDPOINT_CODES];

const BODY_LIMIT = 16 * 1024;

class BadRequest extends Error {}

export function longConnectionAdapter(hub: LongConnectionHub, auth: LongConnectionAuth): Adapter {
  return { prefix: '/callback', plugin: (app) => endpointPlugin(app, hub, auth) };
}

async function endpointPlugin(app: FastifyInstance, hub: LongConnectionHub, auth: LongConnectionAuth): Promise<void> {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, text, done) => {
    try {
      done(null, JSON.parse(String(text)));
    } catch (error) {
      done(new BadRequest(`body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });

  app.post('/ws/endpoint', async (request, reply) => {
    const { appId, secret } = credentials(request.body);
    const verdict = await auth.check(appId, secret);
    if (verdict === 'bad_secret') return send(reply, 200, ENDPOINT_CODES.auth_failed, 'auth failed: unknown app or wrong AppSecret');
    if (verdict === 'not_long_connection') return send(reply, 200, ENDPOINT_CODES.forbidden, 'the app does not receive events over the long connection');
    // The URL points back at the host and scheme the client reached us by.
    if (!request.host) throw new BadRequest('a Host header is required');
    const answer = hub.connectUrl(appId, request.host, request.protocol === 'https' ? 'wss' : 'ws');
    if (!answer.ok && answer.reason === 'connection_limit') return send(reply, 200, ENDPOINT_CODES.exceeded_conn_limit, 'exceeded connection limit');
    if (!answer.ok) return send(reply, 200, ENDPOINT_CODES.internal_error, 'the server is shutting down');
    return reply.code(200).type('application/json; charset=utf-8').send({ code: ENDPOINT_CODES.ok, msg: 'ok', data: { URL: answer.url, ClientConfig: answer.clientConfig } });
  });

  app.setErrorHandler((error: FastifyError | BadRequest, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof BadRequest) return send(reply, 400, ENDPOINT_CODES.bad_request, `bad request: ${error.message}`);
    const status = (error as FastifyError).statusCode;
    // Body too large, unsupported media type: the client's doing, said in its own status.
    if (status !== undefined && status >= 400 && status < 500) return send(reply, status, ENDPOINT_CODES.bad_request, `bad request: ${error.message}`);
    request.log.error({ err: error }, 'long-connection endpoint failed');
    // HTTP 200 with the SDK's one retryable code: the client tries again later.
    return send(reply, 200, ENDPOINT_CODES.internal_error, 'internal error');
  });
  app.setNotFoundHandler((_request, reply) => send(reply, 404, ENDPOINT_CODES.not_found, 'not found'));
}

function credentials(body: unknown): { appId: string; secret: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest('body must be a JSON object {"AppID", "AppSecret"}');
  const { AppID, AppSecret } = body as Record<string, unknown>;
  if (typeof AppID !== 'string' || AppID === '') throw new BadRequest('AppID must be a non-empty string');
  if (typeof AppSecret !== 'string') throw new BadRequest('AppSecret must be a string');
  return { appId: AppID, secret: AppSecret };
}

function send(reply: FastifyReply, status: number, code: EndpointCode, msg: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ code, msg, data: {} });
}
