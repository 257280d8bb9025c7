/**
 * The two contact lookups calendar clients use to resolve people: one user by
 * id, and ids by email (contact v3). Only what calendar clients read is served.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../core/errors.js';
import { userIdOf, type Viewer } from '../../../core/tenancy/directory.js';
import type { User, UserIdType } from '../../../core/tenancy/model.js';
import { caller, type OpenApiDeps } from '../context.js';
import { success } from '../envelope.js';
import { requestedIdType, UserIdTypeSchema } from '../schemas/common.js';

const BOTH = ['tenant', 'user'] as const;
const READ_USER = ['contact:user.base:readonly', 'contact:contact:readonly_as_app', 'contact:contact.base:readonly', 'contact:contact:readonly'];
const READ_IDS = ['contact:user.id:readonly', 'contact:contact:readonly_as_app'];

function userToFeishu(user: User, viewer: Viewer, withUserId: boolean) {
  return {
    union_id: user.unionId,
    ...(withUserId && { user_id: user.userId }),
    open_id: userIdOf(user, 'open_id', viewer),
    name: user.name,
    en_name: user.name,
    email: user.email,
    enterprise_email: user.email,
    time_zone: user.timezone,
    status: { is_frozen: false, is_resigned: false, is_activated: true, is_exited: false, is_unjoin: false },
  };
}

export function registerContactRoutes(root: FastifyInstance, deps: OpenApiDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/open-apis/contact/v3/users/:user_id', {
    config: { auth: { tokens: BOTH, scopes: READ_USER, bot: false } },
    schema: {
      params: Type.Object({ user_id: Type.String({ minLength: 1, maxLength: 128 }) }),
      querystring: Type.Object({ user_id_type: Type.Optional(UserIdTypeSchema), department_id_type: Type.Optional(Type.String({ maxLength: 64 })) }),
    },
  }, async (request) => {
    const auth = caller(request);
    const type = requestedIdType(auth, request.query.user_id_type);
    const user = await deps.directory.resolveUser(auth.identity, request.params.user_id, type);
    if (!user) throw new DomainError('user_not_in_tenant');
    return success({ user: userToFeishu(user, auth.identity, auth.app.scopes.includes('contact:user.employee_id:readonly')) });
  });

  app.post('/open-apis/contact/v3/users/batch_get_id', {
    config: { auth: { tokens: BOTH, scopes: READ_IDS, bot: false } },
    schema: {
      querystring: Type.Object({ user_id_type: Type.Optional(UserIdTypeSchema) }),
      body: Type.Object({
        emails: Type.Optional(Type.Array(Type.String({ maxLength: 255 }), { maxItems: 50 })),
        mobiles: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
        include_resigned: Type.Optional(Type.Boolean()),
      }),
    },
  }, async (request) => {
    const auth = caller(request);
    const type: UserIdType = requestedIdType(auth, request.query.user_id_type);
    const emails = request.body.emails ?? [];
    const found = await deps.store.tenancy.findUsersByEmails(auth.identity.tenantKey, emails);
    const byEmail = new Map(found.map((u) => [u.email.toLowerCase(), u]));
    const userList = [
      ...emails.map((email) => {
        const user = byEmail.get(email.toLowerCase());
        return user ? { user_id: userIdOf(user, type, auth.identity), email } : { email };
      }),
      ...(request.body.mobiles ?? []).map((mobile) => ({ mobile })),
    ];
    return success({ user_list: userList });
  });
}
