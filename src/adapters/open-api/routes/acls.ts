/** Calendar ACLs (calendars.md §4). */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../core/errors.js';
import type { Acl } from '../../../core/calendars/model.js';
import type { IdentityKey, UserIdType } from '../../../core/tenancy/model.js';
import { SCOPES } from '../../../core/tenancy/scopes.js';
import { caller, type OpenApiDeps } from '../context.js';
import { success } from '../envelope.js';
import { pageOf } from '../paging.js';
import { CalendarIdParams, GrantableRoleSchema, RoleSchema } from '../schemas/calendar.js';
import { EmptyData, Ok, requestedIdType, UserIdTypeSchema } from '../schemas/common.js';

const BASE = '/calendar/v4/calendars/:calendar_id/acls';
const BOTH = ['tenant', 'user'] as const;

const AclJson = Type.Object({
  acl_id: Type.String(),
  role: RoleSchema,
  scope: Type.Object({ type: Type.Literal('user'), user_id: Type.String() }),
});

const IdTypeQuery = Type.Object({ user_id_type: Type.Optional(UserIdTypeSchema) });

export function registerAclRoutes(root: FastifyInstance, deps: OpenApiDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { acls, directory, eventSubscriptions } = deps;

  const render = async (list: Acl[], type: UserIdType, viewer: { tenantKey: string; appId: string }) => {
    const ids = await directory.renderIdentities(list.map((a) => a.identity as IdentityKey), type, viewer);
    return list.map((a) => ({ acl_id: a.aclId, role: a.role, scope: { type: 'user' as const, user_id: ids.get(a.identity) ?? '' } }));
  };

  app.post(BASE, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.aclCreate } },
    schema: {
      params: CalendarIdParams,
      querystring: IdTypeQuery,
      body: Type.Object({
        role: GrantableRoleSchema,
        scope: Type.Object({ type: Type.Literal('user'), user_id: Type.String({ minLength: 1, maxLength: 128 }) }),
      }),
      response: { 200: Ok(AclJson) },
    },
  }, async (request) => {
    const auth = caller(request);
    const type = requestedIdType(auth, request.query.user_id_type);
    const member = await directory.resolveUser(auth.identity, request.body.scope.user_id, type);
    if (!member) throw new DomainError('not_found:user');
    const acl = await acls.create(auth.identity, request.params.calendar_id, request.body.role, member);
    // Create returns the ACL itself as `data` (calendars.md §4.3).
    const rendered = await render([acl], type, auth.identity);
    return success(rendered[0]!);
  });

  app.delete(`${BASE}/:acl_id`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.aclDelete } },
    schema: {
      params: Type.Object({ calendar_id: CalendarIdParams.properties.calendar_id, acl_id: Type.String({ minLength: 1, maxLength: 128 }) }),
      response: { 200: EmptyData },
    },
  }, async (request) => {
    await acls.delete(caller(request).identity, request.params.calendar_id, request.params.acl_id);
    return success({});
  });

  app.get(BASE, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.aclRead } },
    schema: {
      params: CalendarIdParams,
      querystring: Type.Object({
        user_id_type: Type.Optional(UserIdTypeSchema),
        page_size: Type.Optional(Type.Integer({ maximum: 50 })),
        page_token: Type.Optional(Type.String({ maxLength: 512 })),
      }),
      response: { 200: Ok(Type.Object({ acls: Type.Array(AclJson), has_more: Type.Boolean(), page_token: Type.Optional(Type.String()) })) },
    },
  }, async (request) => {
    const auth = caller(request);
    const type = requestedIdType(auth, request.query.user_id_type);
    const page = await acls.list(auth.identity, request.params.calendar_id, pageOf('acls', request.query.page_size, request.query.page_token));
    return success({ acls: await render(page.acls, type, auth.identity), has_more: page.hasMore, page_token: page.pageToken });
  });

  for (const [action, subscribe] of [['subscription', true], ['unsubscription', false]] as const) {
    app.post(`${BASE}/${action}`, {
      config: { auth: { tokens: ['user'], scopes: SCOPES.aclRead } },
      schema: { params: CalendarIdParams, response: { 200: EmptyData } },
    }, async (request) => {
      const identity = caller(request).identity;
      if (subscribe) await eventSubscriptions.subscribe(identity, 'acl', request.params.calendar_id);
      else await eventSubscriptions.unsubscribe(identity, 'acl', request.params.calendar_id);
      return success({});
    });
  }
}
