/**
 * `POST /open-apis/authen/v2/oauth/token` (platform.md §3.6): RFC 6749 style,
 * no Authorization header, JSON or form bodies, and its own error shape
 * `{code, error, error_description}` with the docs' HTTP statuses.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../core/errors.js';
import { OAuthError, type OAuthService, type UserGrantResult } from '../../../core/tenancy/oauth.js';
import { addFormParser, paramsOf, param, required } from './form-body.js';
import { V2_ERRORS, V2_SERVER_ERROR, type V2Error } from './oauth-errors.js';

const JSON_TYPE = 'application/json; charset=utf-8';

export async function tokenV2Plugin(app: FastifyInstance, { oauth }: { oauth: OAuthService }): Promise<void> {
  addFormParser(app);

  app.setErrorHandler((error: FastifyError | OAuthError | DomainError, request: FastifyRequest, reply: FastifyReply) => {
    const entry: V2Error = error instanceof OAuthError ? V2_ERRORS[error.reason]
      : error instanceof DomainError || isClientError(error) ? V2_ERRORS.malformed_request
      : V2_SERVER_ERROR;
    if (entry === V2_SERVER_ERROR) request.log.error({ err: error }, 'unhandled error');
    return reply.code(entry.status).type(JSON_TYPE).header('Cache-Control', 'no-store')
      .send({ code: entry.code, error: entry.error, error_description: entry.description });
  });

  app.post('/authen/v2/oauth/token', async (request, reply) => {
    const body = paramsOf(request.body);
    const grantType = required(body, 'grant_type');
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') throw new OAuthError('unsupported_grant_type');
    const clientId = required(body, 'client_id');
    const clientSecret = required(body, 'client_secret');
    const scope = param(body, 'scope');
    let result: UserGrantResult;
    if (grantType === 'authorization_code') {
      const code = required(body, 'code');
      const client = await oauth.client(clientId, clientSecret);
      result = await oauth.redeemCode(client, { code, redirectUri: param(body, 'redirect_uri'), codeVerifier: param(body, 'code_verifier'), scope }, 'v2');
    } else {
      const refreshToken = required(body, 'refresh_token');
      const client = await oauth.client(clientId, clientSecret);
      result = await oauth.redeemRefresh(client, { refreshToken, scope }, 'v2');
    }
    return reply.type(JSON_TYPE).header('Cache-Control', 'no-store').send(v2Success(result));
  });
}

/** Success has no `msg` and no `data`; the refresh pair only when offline_access was kept. */
function v2Success(r: UserGrantResult) {
  return {
    code: 0,
    access_token: r.accessToken.value,
    expires_in: r.accessToken.expire,
    ...(r.refreshToken && { refresh_token: r.refreshToken.value, refresh_token_expires_in: r.refreshToken.expire }),
    scope: r.scopes.join(' '),
    token_type: 'Bearer',
  };
}

function isClientError(error: { statusCode?: number }): boolean {
  return error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500;
}
