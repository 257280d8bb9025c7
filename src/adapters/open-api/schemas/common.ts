/** Schema pieces shared by the Open API routes (TypeBox, i.e. JSON Schema). */
import { Type, type TSchema } from '@sinclair/typebox';
import { DomainError } from '../../../core/errors.js';
import { USER_ID_FIELD_SCOPE } from '../../../core/tenancy/scopes.js';
import type { UserIdType } from '../../../core/tenancy/model.js';
import type { Authenticated } from '../../../core/tenancy/tokens.js';

export const UserIdTypeSchema = Type.Union([Type.Literal('open_id'), Type.Literal('union_id'), Type.Literal('user_id')]);

export const UserIdTypeQuery = Type.Object({ user_id_type: Type.Optional(UserIdTypeSchema) });

export const Int32 = Type.Integer({ minimum: -2147483648, maximum: 2147483647 });

/** The success envelope around `data`; as a response schema it is also the allow-list of fields. */
export function Ok<T extends TSchema>(data: T) {
  return Type.Object({ code: Type.Integer(), msg: Type.String(), data });
}

export const EmptyData = Ok(Type.Object({}));

/**
 * The id type a request asked for. `user_id` needs the field scope
 * contact:user.employee_id:readonly (platform.md §6); without it the call fails
 * with 99991672 naming that scope.
 */
export function requestedIdType(auth: Authenticated, value: UserIdType | undefined): UserIdType {
  const type = value ?? 'open_id';
  if (type === 'user_id' && !auth.app.scopes.includes(USER_ID_FIELD_SCOPE)) {
    throw new DomainError('forbidden:field_scope', [], [USER_ID_FIELD_SCOPE]);
  }
  return type;
}
