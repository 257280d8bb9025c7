/**
 * Time-off events (calendars.md §6): create and delete, tenant token only, so a
 * user token gets the gateway's 99991668 "user access token not support".
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../core/errors.js';
import { SCOPES } from '../../../core/tenancy/scopes.js';
import { caller, type OpenApiDeps } from '../context.js';
import { success } from '../envelope.js';
import { EmptyData, Ok, requestedIdType, UserIdTypeQuery } from '../schemas/common.js';

const BASE = '/calendar/v4/timeoff_events';
const TENANT_ONLY = ['tenant'] as const;

export const TimeoffJson = Type.Object({
  timeoff_event_id: Type.String(),
  user_id: Type.String(),
  timezone: Type.String(),
  start_time: Type.String(),
  end_time: Type.String(),
  title: Type.String(),
  description: Type.String(),
});

const TimeoffCreateBody = Type.Object({
  user_id: Type.String({ minLength: 1, maxLength: 128 }),
  timezone: Type.String({ minLength: 1, maxLength: 64 }),
  start_time: Type.String({ minLength: 1, maxLength: 32 }),
  end_time: Type.String({ minLength: 1, maxLength: 32 }),
  title: Type.Optional(Type.String({ maxLength: 1000 })),
  description: Type.Optional(Type.String({ maxLength: 8192 })),
});

export function registerTimeoffRoutes(root: FastifyInstance, deps: OpenApiDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { directory, timeoffs } = deps;

  app.post(BASE, {
    config: { auth: { tokens: TENANT_ONLY, scopes: SCOPES.timeoffCreate } },
    schema: { querystring: UserIdTypeQuery, body: TimeoffCreateBody, response: { 200: Ok(TimeoffJson) } },
  }, async (request) => {
    const auth = caller(request);
    const type = requestedIdType(auth, request.query.user_id_type);
    const b = request.body;
    const user = await directory.resolveUser(auth.identity, b.user_id, type);
    if (!user) throw new DomainError('not_found:user');
    const t = await timeoffs.create(auth.app.appId, user, {
      timezone: b.timezone, startTime: b.start_time, endTime: b.end_time, title: b.title, description: b.description,
    });
    // `data` is the time-off object itself, user_id as the caller named the user (calendars.md §6.2).
    return success({
      timeoff_event_id: t.timeoffEventId, user_id: b.user_id, timezone: t.timezone,
      start_time: t.startTime, end_time: t.endTime, title: t.title, description: t.description,
    });
  });

  app.delete(`${BASE}/:timeoff_event_id`, {
    config: { auth: { tokens: TENANT_ONLY, scopes: SCOPES.timeoffDelete } },
    schema: { params: Type.Object({ timeoff_event_id: Type.String({ minLength: 1, maxLength: 256 }) }), response: { 200: EmptyData } },
  }, async (request) => {
    const auth = caller(request);
    await timeoffs.delete(auth.app.appId, auth.identity.tenantKey, request.params.timeoff_event_id);
    return success({});
  });
}
