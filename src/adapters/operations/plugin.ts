/**
 * Operations (issue #16 §4), beside the Open API and answering in plain JSON:
 *   GET /readyz   whether the database answers (a load balancer's readiness check;
 *                 /healthz stays the liveness check and never touches the database);
 *   GET /metrics  Prometheus text, for the admin token or `--metrics-token`.
 * `instrument` puts the request hooks on the root, so every adapter's answers count.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Metrics } from './metrics.js';

export interface OperationsDeps {
  metrics: Metrics;
  /** Bearer tokens that may read /metrics: the admin token, and `--metrics-token` when given. */
  metricsTokens: readonly string[];
  /** Resolves when the database answers; rejects (or takes longer than READY_TIMEOUT_MS) when it does not. */
  ping: () => Promise<unknown>;
}

const READY_TIMEOUT_MS = 2000;
const digest = (value: string) => createHash('sha256').update(value).digest();

/** Root hooks: each answer's route pattern, status, Feishu code and time go to the metrics. */
export function instrument(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onSend', async (request, _reply, payload) => {
    if (typeof payload === 'string' && request.url.startsWith('/open-apis/')) {
      // The envelope's code comes first in every Open API body (`{"code":0,…}`); a cheap look, no parse.
      (request as FastifyRequest & { feishuCode?: string }).feishuCode = /^\{\s*"code"\s*:\s*(-?\d{1,10})/.exec(payload)?.[1];
    }
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest({
      route: request.routeOptions.url ?? '(unmatched)', method: request.method, status: reply.statusCode,
      code: (request as FastifyRequest & { feishuCode?: string }).feishuCode ?? '', seconds: reply.elapsedTime / 1000,
    });
  });
}

export async function operationsRoutes(app: FastifyInstance, deps: OperationsDeps): Promise<void> {
  const allowed = deps.metricsTokens.map(digest);
  app.get('/readyz', async (_request, reply) => {
    try {
      await withTimeout(deps.ping(), READY_TIMEOUT_MS);
      return reply.code(200).send({ status: 'ready', database: 'up' });
    } catch (error) {
      return reply.code(503).send({ status: 'not ready', database: 'down', reason: reasonOf(error) });
    }
  });
  app.get('/metrics', async (request, reply) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!token || !allowed.some((d) => timingSafeEqual(d, digest(token)))) return unauthorized(reply);
    return reply.type(deps.metrics.contentType).send(await deps.metrics.text());
  });
}

function unauthorized(reply: FastifyReply) {
  return reply.code(401).header('WWW-Authenticate', 'Bearer realm="larkcal metrics"')
    .send({ error: { code: 'unauthorized', message: 'a metrics or admin token is required: Authorization: Bearer <token>' } });
}

/** The driver's message, without anything that could be a connection string. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\b\w+:\/\/\S+/g, '<url>').slice(0, 200);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
