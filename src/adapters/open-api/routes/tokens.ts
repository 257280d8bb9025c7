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

export function registerTokenRoutes(app: FastifyInstance, deps: OpenApiDeps): void {
  const internal = async (body: Credentials | undefined) => {
    const found = await deps.tokens.verifyApp(body?.app_id, body?.app_secret);
    if (found.kind !== 'internal') throw new DomainError('app_credentials_invalid');
    return { app: found, token: await deps.tokens.tenantToken(found) };
  };

  app.post<{ Body: Credentials }>('/open-apis/auth/v3/tenant_access_token/internal', async (request) => {
    const { token } = await internal(request.body);
    return { code: 0, msg: 'ok', tenant_access_token: token.value, expire: token.expire };
  });

  // An internal app's app token is the same string as its tenant token (the docs' example shows both equal).
  app.post<{ Body: Credentials }>('/open-apis/auth/v3/app_access_token/internal', async (request) => {
    const { token } = await internal(request.body);
    return { code: 0, msg: 'ok', app_access_token: token.value, expire: token.expire, tenant_access_token: token.value };
  });
}
