/**
 * The Feishu Open API adapter: envelope, log ids, JSON parsing, gateway checks,
 * rate limits and the error dialect, all encapsulated in this plugin so other
 * adapters (CalDAV, web) keep their own.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorKey } from '../../core/errors.js';
import { newIds } from '../../core/ids.js';
import { checkRouteAccess } from './auth.js';
import { installSandboxHooks } from '../sandbox/open-api-hooks.js';
import { appIdOf, type OpenApiDeps } from './context.js';
import { errorBody } from './envelope.js';
import { RateLimiter, TIER_4 } from './rate-limit.js';
import type { RateCounters, RateVerdict } from '../../core/tenancy/rate-limits.js';
import { registerAclRoutes } from './routes/acls.js';
import { authenPlugin } from './routes/authen.js';
import { registerCalendarRoutes } from './routes/calendars.js';
import { registerContactRoutes } from './routes/contact.js';
import { drivePlugin } from './routes/drive.js';
import { registerAttendeeRoutes } from './routes/attendees.js';
import { registerEventQueryRoutes } from './routes/event-queries.js';
import { registerEventRoutes } from './routes/events.js';
import { registerExchangeBindingRoutes } from './routes/exchange-bindings.js';
import { registerFreeBusyRoutes } from './routes/freebusy.js';
import { registerMeetingRoutes } from './routes/meeting.js';
import { registerSuggestionRoutes } from './routes/suggestion.js';
import { registerRoomFindRoutes } from './routes/room-find.js';
import { registerSettingsRoutes } from './routes/settings.js';
import { registerTimeoffRoutes } from './routes/timeoff.js';
import { registerTokenRoutes } from './routes/tokens.js';
import { registerVcRoomRoutes } from './routes/vc-rooms.js';
import {
  BodyUnreadable, controlCharacterAt, controlCharacterViolation, invalidRequest, RequestInvalid, validatorCompiler,
} from './validation.js';

export async function openApiPlugin(app: FastifyInstance, deps: OpenApiDeps): Promise<void> {
  app.decorateRequest('logId', '');
  app.decorateRequest('auth', undefined);
  app.setValidatorCompiler(validatorCompiler);

  // The SDK sends `Content-Type: application/json` with no body on action POSTs,
  // and a `{}` body on GET/DELETE: both must be accepted.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 10 * 1024 * 1024 }, (_req, text, done) => {
    const body = String(text);
    if (body.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(body));
    } catch (error) {
      done(new BodyUnreadable(`body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });

  // First, so the journal's clock starts before the gateway's checks.
  if (deps.sandbox) installSandboxHooks(app, deps.sandbox, deps.clock);

  const memory = new RateLimiter(TIER_4, () => deps.clock.now());
  // Shared counters (PostgreSQL, Redis) when several processes serve; this process's memory otherwise.
  const counters: RateCounters = deps.rateCounters ?? { hit: async (key) => memory.hit(key) };

  app.addHook('onRequest', async (request, reply) => {
    request.logId = newIds.logId(new Date(deps.clock.now()));
    void reply.header('X-Tt-Logid', request.logId);
    const routeAuth = request.routeOptions.config.auth;
    if (!routeAuth) return;
    const auth = await deps.tokens.authenticate(request.headers.authorization);
    request.auth = auth;
    if (deps.rateLimit) {
      const verdict = await countCall(counters, `${auth.app.appId}|${auth.identity.tenantKey}|${request.method} ${request.routeOptions.url}`, deps.clock.now(), request);
      if (!verdict.allowed) {
        void reply.header('x-ogw-ratelimit-limit', String(verdict.limit)).header('x-ogw-ratelimit-reset', String(verdict.resetSeconds));
        throw new DomainError('limit:rate');
      }
    }
    checkRouteAccess(auth, routeAuth);
  });

  // A request with no body at all (no content type) validates as `{}`, like one with an empty JSON body.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined) request.body = {};
    refuseUnreadControlCharacters(request);
  });

  // A client's error quotes its X-Tt-Logid: this line carries it with the app and the route (issue #12 §8.10).
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({
      log_id: request.logId, app_id: appIdOf(request) ?? null, tenant_key: request.auth?.identity.tenantKey ?? null,
      method: request.method, route: request.routeOptions.url ?? null,
      status: reply.statusCode, duration_ms: Math.round(reply.elapsedTime),
    }, 'open api call');
  });

  app.setErrorHandler((error: FastifyError | DomainError | RequestInvalid, request: FastifyRequest, reply: FastifyReply) => {
    const invalidAs = request.routeOptions.config.invalidAs;
    let domain = toDomainError(error, invalidAs);
    if (domain.key === 'internal' && deps.isUnavailable?.(error)) {
      domain = new DomainError('internal:database');
      request.log.warn({ log_id: request.logId, reason: (error as Error).message }, 'the database is away');
    }
    if (domain.key === 'internal') request.log.error({ err: error }, 'unhandled error');
    const { status, body } = errorBody(domain, request.logId, request.auth?.app.appId, request.routeOptions.config.detailedErrors === true);
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });

  // Feishu's gateway answers unknown paths and wrong methods in plain text (platform.md §2.5).
  // Registered under its prefix, this covers `/open-apis` only; server.ts answers the rest.
  app.setNotFoundHandler((_request, reply) => reply.code(404).type('text/plain; charset=utf-8').send('404 page not found'));

  registerTokenRoutes(app, deps);
  await app.register(authenPlugin, deps);
  registerContactRoutes(app, deps);
  registerCalendarRoutes(app, deps);
  registerAclRoutes(app, deps);
  registerEventQueryRoutes(app, deps);
  registerEventRoutes(app, deps);
  registerAttendeeRoutes(app, deps);
  registerMeetingRoutes(app, deps);
  await app.register(drivePlugin, deps);
  registerFreeBusyRoutes(app, deps);
  registerSuggestionRoutes(app, deps);
  registerRoomFindRoutes(app, deps);
  registerTimeoffRoutes(app, deps);
  registerExchangeBindingRoutes(app, deps);
  registerVcRoomRoutes(app, deps);
  registerSettingsRoutes(app, deps);
}

/** A counter store that cannot be reached lets the call through (a gateway fails open), and says so. */
async function countCall(counters: RateCounters, key: string, now: number, request: FastifyRequest): Promise<RateVerdict> {
  try {
    return await counters.hit(key, TIER_4, now);
  } catch (error) {
    request.log.warn({ log_id: request.logId, reason: (error as Error).message }, 'rate-limit counters unreachable; the call is let through');
    return { allowed: true };
  }
}

/**
 * Control characters are refused by the validators of the parts a route's
 * schema reads (validation.ts); the parts no schema reads (the sign-in
 * pages' forms, a path without a params schema) are checked here, and
 * answered in the route's own dialect through its error handler.
 */
function refuseUnreadControlCharacters(request: FastifyRequest): void {
  const schema = request.routeOptions.schema ?? {};
  const parts: Array<[string, unknown, boolean]> = [
    ['params', request.params, schema.params !== undefined],
    ['querystring', request.query, schema.querystring !== undefined || (schema as { query?: unknown }).query !== undefined],
    ['body', request.body, schema.body !== undefined],
  ];
  for (const [part, value, validated] of parts) {
    const at = validated ? undefined : controlCharacterAt(value);
    if (at !== undefined) throw new DomainError('invalid', [controlCharacterViolation(part, at)]);
  }
}

function toDomainError(error: FastifyError | DomainError | RequestInvalid, invalidAs?: ErrorKey): DomainError {
  const domain = domainErrorOf(error);
  return invalidAs && domain.key === 'invalid' ? new DomainError(invalidAs) : domain;
}

function domainErrorOf(error: FastifyError | DomainError | RequestInvalid): DomainError {
  if (error instanceof BodyUnreadable) return new DomainError('invalid', error.violations);
  if (error instanceof DomainError) return error;
  // Fastify hands our validators' error back with the part it came from (body, querystring, params).
  if (error instanceof RequestInvalid) return invalidRequest(error, (error as { validationContext?: string }).validationContext);
  const fastifyError = error as FastifyError;
  if (fastifyError.statusCode !== undefined && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    // Body too large, unsupported media type, malformed URL: all the client's doing.
    return new DomainError('invalid', [{ field: '(request)', description: fastifyError.message }]);
  }
  return new DomainError('internal');
}
