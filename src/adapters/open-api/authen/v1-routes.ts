/**
 * authen v1 (platform.md §3.7): code exchange and refresh with an app token as
 * Bearer, in the `{code, msg, data}` envelope with failures at HTTP 200; and
 * `user_info` for a user token.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../core/errors.js';
import type { User } from '../../../core/tenancy/model.js';
import { OAuthError, type OAuthService, type UserGrantResult } from '../../../core/tenancy/oauth.js';
import { openIdFor } from '../../../core/ids.js';
import { USER_ID_FIELD_SCOPE } from '../../../core/tenancy/scopes.js';
import type { OpenApiDeps } from '../context.js';
import { errorBody, success } from '../envelope.js';
import { paramsOf, required } from './form-body.js';
import { V1_ERRORS, V1_SERVER_ERROR, type V1Error } from './oauth-errors.js';

const JSON_TYPE = 'application/json; charset=utf-8';

export async function authenV1Plugin(app: FastifyInstance, opts: { deps: OpenApiDeps; oauth: OAuthService }): Promise<void> {
  const { deps, oauth } = opts;

  app.setErrorHandler((error: FastifyError | OAuthError | DomainError, request: FastifyRequest, reply: FastifyReply) => {
    // Gateway failures (no token, a bad user token on user_info) keep the Open API's usual shape and status.
    if (error instanceof DomainError && error.key !== 'invalid') {
      const { status, body } = errorBody(error, request.logId);
      return reply.code(status).type(JSON_TYPE).send(body);
    }
    const entry: V1Error = error instanceof OAuthError ? V1_ERRORS[error.reason]
      : error instanceof DomainError || isClientError(error) ? V1_ERRORS.malformed_request
      : V1_SERVER_ERROR;
    if (entry === V1_SERVER_ERROR) request.log.error({ err: error }, 'unhandled error');
    return reply.code(entry === V1_SERVER_ERROR ? 500 : 200).type(JSON_TYPE)
      .send({ code: entry.code, msg: entry.msg, error: { log_id: request.logId } });
  });

  const grant = (request: FastifyRequest, expected: 'authorization_code' | 'refresh_token') => {
    const body = paramsOf(request.body);
    const grantType = required(body, 'grant_type');
    if (grantType !== expected) throw new OAuthError('unsupported_grant_type');
    return required(body, expected === 'authorization_code' ? 'code' : 'refresh_token');
  };
  const byCode = async (request: FastifyRequest) => {
    const app = await oauth.appOfBearer(request.headers.authorization);
    return oauth.redeemCode(app, { code: grant(request, 'authorization_code') }, 'v1');
  };
  const byRefresh = async (request: FastifyRequest) => {
    const app = await oauth.appOfBearer(request.headers.authorization);
    return oauth.redeemRefresh(app, { refreshToken: grant(request, 'refresh_token') }, 'v1');
  };

  app.post('/authen/v1/oidc/access_token', async (request) => success(oidcData(await byCode(request))));
  app.post('/authen/v1/oidc/refresh_access_token', async (request) => success(oidcData(await byRefresh(request))));
  app.post('/authen/v1/access_token', async (request) => success(withProfile(await byCode(request))));
  app.post('/authen/v1/refresh_access_token', async (request) => success(withProfile(await byRefresh(request))));

  app.get('/authen/v1/user_info', async (request) => {
    const auth = await deps.tokens.authenticate(request.headers.authorization);
    if (auth.identity.kind !== 'user') throw new DomainError('unsupported:tenant_token');
    const user = await deps.directory.userByRef(auth.identity.userRef);
    if (!user) throw new DomainError('unauthenticated:user_token');
    const fieldScoped = auth.app.scopes.includes(USER_ID_FIELD_SCOPE) && auth.identity.scopes.includes(USER_ID_FIELD_SCOPE);
    return success(profile(user, openIdFor(auth.app.appId, user.ref), fieldScoped));
  });
}

function oidcData(r: UserGrantResult) {
  return {
    access_token: r.accessToken.value,
    // v1 always hands out a refresh token (platform.md §3.7).
    refresh_token: r.refreshToken?.value ?? '',
    token_type: 'Bearer',
    expires_in: r.accessToken.expire,
    refresh_expires_in: r.refreshToken?.expire ?? 0,
    scope: r.scopes.join(' '),
  };
}

function withProfile(r: UserGrantResult) {
  return { ...oidcData(r), ...profile(r.user, r.openId, r.app.scopes.includes(USER_ID_FIELD_SCOPE) && r.scopes.includes(USER_ID_FIELD_SCOPE)) };
}

/**
 * Feishu's user_info fields. larkcal keeps no avatars or English names, so
 * those are empty; `user_id` needs the field scope contact:user.employee_id:readonly.
 */
function profile(user: User, openId: string, withUserId: boolean) {
  return {
    name: user.name,
    en_name: '',
    avatar_url: '',
    avatar_thumb: '',
    avatar_middle: '',
    avatar_big: '',
    open_id: openId,
    union_id: user.unionId,
    email: user.email,
    enterprise_email: user.email,
    ...(withUserId && { user_id: user.userId }),
    tenant_key: user.tenantKey,
  };
}

function isClientError(error: { statusCode?: number }): boolean {
  return error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500;
}
