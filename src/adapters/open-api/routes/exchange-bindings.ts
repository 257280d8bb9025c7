/**
 * Exchange bindings (calendars.md §8.2): create, get, delete; user token only
 * (a tenant token gets the gateway's 99991663), the caller the tenant's super
 * administrator (195101, in the core). The account fields are shown only with
 * the field scope contact:user.email:readonly, granted to the app and the user.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { ExchangeBinding } from '../../../core/exchange/model.js';
import { userIdOf } from '../../../core/tenancy/directory.js';
import type { UserIdType } from '../../../core/tenancy/model.js';
import { SCOPES } from '../../../core/tenancy/scopes.js';
import type { Authenticated } from '../../../core/tenancy/tokens.js';
import { caller, type OpenApiDeps } from '../context.js';
import { success } from '../envelope.js';
import { EmptyData, Ok, requestedIdType, UserIdTypeQuery } from '../schemas/common.js';

const BASE = '/calendar/v4/exchange_bindings';
const USER_ONLY = ['user'] as const;

export const ExchangeBindingJson = Type.Object({
  admin_account: Type.Optional(Type.String()),
  exchange_account: Type.Optional(Type.String()),
  user_id: Type.String(),
  status: Type.Union([Type.Literal('doing'), Type.Literal('cal_done'), Type.Literal('timespan_done'), Type.Literal('done'), Type.Literal('err')]),
  exchange_binding_id: Type.String(),
});

// Lengths are the core's to check (190002 naming the field); only types here.
const CreateBody = Type.Object({
  admin_account: Type.Optional(Type.String()),
  exchange_account: Type.Optional(Type.String()),
  user_id: Type.Optional(Type.String()),
});
const IdParams = Type.Object({ exchange_binding_id: Type.String() });

function seesEmails(auth: Authenticated): boolean {
  const [scope] = SCOPES.userEmailField;
  return auth.app.scopes.includes(scope) && (auth.identity.kind !== 'user' || auth.identity.scopes.includes(scope));
}

export function registerExchangeBindingRoutes(root: FastifyInstance, deps: OpenApiDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { exchangeBindings, directory } = deps;

  async function render(auth: Authenticated, binding: ExchangeBinding, type: UserIdType) {
    const user = await directory.userByRef(binding.userRef);
    return {
      ...(seesEmails(auth) && { admin_account: binding.adminAccount, exchange_account: binding.exchangeAccount }),
      user_id: user ? userIdOf(user, type, auth.identity) : '',
      status: binding.status,
      exchange_binding_id: binding.bindingId,
    };
  }

  app.post(BASE, {
    config: { auth: { tokens: USER_ONLY, scopes: SCOPES.exchangeBindingCreate } },
    schema: { querystring: UserIdTypeQuery, body: CreateBody, response: { 200: Ok(ExchangeBindingJson) } },
  }, async (request) => {
    const auth = caller(request);
    const type = requestedIdType(auth, request.query.user_id_type);
    const b = request.body;
    const binding = await exchangeBindings.create(auth.identity, {
      adminAccount: b.admin_account, exchangeAccount: b.exchange_account, userId: b.user_id, userIdType: type,
    });
    return success(await render(auth, binding, type));
  });

  app.get(`${BASE}/:exchange_binding_id`, {
    config: { auth: { tokens: USER_ONLY, scopes: SCOPES.exchangeBindingRead } },
    schema: { querystring: UserIdTypeQuery, params: IdParams, response: { 200: Ok(ExchangeBindingJson) } },
  }, async (request) => {
    const auth = caller(request);
    const type = requestedIdType(auth, request.query.user_id_type);
    return success(await render(auth, await exchangeBindings.get(auth.identity, request.params.exchange_binding_id), type));
  });

  app.delete(`${BASE}/:exchange_binding_id`, {
    config: { auth: { tokens: USER_ONLY, scopes: SCOPES.exchangeBindingDelete } },
    schema: { params: IdParams, response: { 200: EmptyData } },
  }, async (request) => {
    await exchangeBindings.delete(caller(request).identity, request.params.exchange_binding_id);
    return success({});
  });
}
