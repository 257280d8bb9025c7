/**
 * The two contact lookups calendar clients use to resolve people: one user by
 * id, and ids by email (contact v3). Only what calendar clients read is served,
 * and only the fields larkcal actually knows; inventing the rest would be worse
 * than leaving it out (every field is optional in the SDK's types).
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../core/errors.js';
import { userIdOf, type Viewer } from '../../../core/tenancy/directory.js';
import { SCOPES, USER_ID_FIELD_SCOPE } from '../../../core/tenancy/scopes.js';
import type { User } from '../../../core/tenancy/model.js';
import { caller, type OpenApiDeps } from '../context.js';
import { success } from '../envelope.js';
import { requestedIdType, UserIdTypeSchema } from '../schemas/common.js';
import { gatewayValidatorCompiler } from '../validation.js';

const BOTH = ['tenant', 'user'] as const;
// "Any one of", from each page's 权限要求; the real 99991672 for users.get lists exactly these four.

// Field scopes (字段权限要求): without them the fields are left out, not the call refused.
const BASE_FIELDS = 'contact:user.base:readonly';
const EMAIL_FIELD = 'contact:user.email:readonly';

/** larkcal has no departures or suspensions: every user is an active member. */
const ACTIVE = { is_frozen: false, is_resigned: false, is_activated: true, is_exited: false, is_unjoin: false };

function userToFeishu(user: User, viewer: Viewer, scopes: readonly string[]) {
  return {
    union_id: user.unionId,
    ...(scopes.includes(USER_ID_FIELD_SCOPE) && { user_id: user.userId }),
    open_id: userIdOf(user, 'open_id', viewer),
    ...(scopes.includes(BASE_FIELDS) && { name: user.name, time_zone: user.timezone }),
    ...(scopes.includes(EMAIL_FIELD) && { email: user.email }),
    status: ACTIVE,
  };
}

export function registerContactRoutes(root: FastifyInstance, deps: OpenApiDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/contact/v3/users/:user_id', {
    config: { auth: { tokens: BOTH, scopes: SCOPES.contactUserRead, bot: false } },
    validatorCompiler: gatewayValidatorCompiler,
    schema: {
      params: Type.Object({ user_id: Type.String({ minLength: 1, maxLength: 128 }) }),
      querystring: Type.Object({
        user_id_type: Type.Optional(UserIdTypeSchema),
        department_id_type: Type.Optional(Type.Union([Type.Literal('department_id'), Type.Literal('open_department_id')])),
      }),
    },
  }, async (request) => {
    const auth = caller(request);
    const type = requestedIdType(auth, request.query.user_id_type);
    const user = await deps.directory.resolveUser(auth.identity, request.params.user_id, type);
    // An unknown id, another app's open_id and another tenant's user look alike: all are
    // outside what this app may see, which users.get answers with 41050.
    if (!user) throw new DomainError('not_found:contact_user');
    return success({ user: userToFeishu(user, auth.identity, auth.app.scopes) });
  });

  app.post('/contact/v3/users/batch_get_id', {
    config: { auth: { tokens: BOTH, scopes: SCOPES.contactIdRead, bot: false } },
    validatorCompiler: gatewayValidatorCompiler,
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
    const type = requestedIdType(auth, request.query.user_id_type);
    const emails = request.body.emails ?? [];
    const found = await deps.directory.usersByEmail(auth.identity.tenantKey, emails);
    const byEmail = new Map(found.map((u) => [u.email.toLowerCase(), u]));
    // One item per address asked, echoed as sent; addresses nobody in the tenant has come back without user_id.
    const userList = [
      ...emails.map((email) => {
        const user = byEmail.get(email.toLowerCase());
        return user ? { user_id: userIdOf(user, type, auth.identity), email, status: ACTIVE } : { email };
      }),
      // larkcal keeps no phone numbers, so no mobile ever matches.
      ...(request.body.mobiles ?? []).map((mobile) => ({ mobile })),
    ];
    return success({ user_list: userList });
  });
}
