/**
 * App and tenant tokens (platform.md §3.3–§3.4). These endpoints put their
 * fields at the top level, not in `data`, and answer failures with HTTP 200.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../core/errors.js';
import type { OpenApiDeps } from '../context.js';

const Credentials = Type.Object({ app_id: Type.Optional(Type.Unknown()), app_secret: Type.Optional(Type.Unknown()) });
type Credentials = Static<typeof Credentials>;
type TicketCredentials = Credentials & { app_ticket?: unknown };
type StoreTenantRequest = { app_access_token?: unknown; tenant_key?: unknown };

/** Any bad parameter of these endpoints, a control character included, is their one `10003 invalid param` (platform.md §3.3). */
const LEGACY = { config: { invalidAs: 'unauthenticated:app_credentials' } } as const;

export function registerTokenRoutes(app: FastifyInstance, deps: OpenApiDeps): void {
  const internal = async (body: Credentials | undefined) => {
    const found = await deps.tokens.verifyApp(body?.app_id, body?.app_secret);
    if (found.kind !== 'internal') throw new DomainError('unauthenticated:app_credentials');
    // verifyApp has checked app_secret is a string, and the app's.
    return { app: found, token: await deps.tokens.tenantToken(found, String(body?.app_secret)) };
  };

  app.post<{ Body: Credentials }>('/auth/v3/tenant_access_token/internal', LEGACY, async (request) => {
    const { token } = await internal(request.body);
    return { code: 0, msg: 'ok', tenant_access_token: token.value, expire: token.expire };
  });

  // An internal app's app token is the same string as its tenant token (the docs' example shows both equal).
  app.post<{ Body: Credentials }>('/auth/v3/app_access_token/internal', LEGACY, async (request) => {
    const { token } = await internal(request.body);
    return { code: 0, msg: 'ok', app_access_token: token.value, expire: token.expire, tenant_access_token: token.value };
  });

  registerStoreAppRoutes(app, deps);
}

/** Store (商店) apps: ticket, then app token, then a tenant token per tenant (platform.md §3.4). */
function registerStoreAppRoutes(app: FastifyInstance, deps: OpenApiDeps): void {
  const storeApp = async (body: Credentials | undefined) => {
    const found = await deps.tokens.verifyApp(body?.app_id, body?.app_secret);
    if (found.kind !== 'store') throw new DomainError('unauthenticated:app_credentials');
    return found;
  };

  // Feishu answers and then pushes the ticket as an `app_ticket` event to the app's receiver.
  app.post<{ Body: Credentials }>('/auth/v3/app_ticket/resend', LEGACY, async (request) => {
    await deps.appTickets.resend(await storeApp(request.body));
    return { code: 0, msg: 'success' };
  });

  app.post<{ Body: TicketCredentials }>('/auth/v3/app_access_token', LEGACY, async (request) => {
    const found = await storeApp(request.body);
    await deps.tokens.checkAppTicket(found, request.body?.app_ticket);
    const token = await deps.tokens.appToken(found, String(request.body?.app_secret));
    return { code: 0, msg: 'success', app_access_token: token.value, expire: token.expire };
  });

  // A store app here belongs to one tenant, so the only tenant_key it is installed in is its own.
  app.post<{ Body: StoreTenantRequest }>('/auth/v3/tenant_access_token', LEGACY, async (request) => {
    const found = await deps.tokens.appOfAppToken(request.body?.app_access_token);
    if (request.body?.tenant_key !== found.tenantKey) throw new DomainError('unauthenticated:app_credentials');
    // A store app proves itself here with its app token alone: the tenant token is sealed under it.
    const token = await deps.tokens.tenantToken(found, String(request.body?.app_access_token));
    return { code: 0, msg: 'success', tenant_access_token: token.value, expire: token.expire };
  });
}
