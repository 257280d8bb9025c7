/**
 * The sign-in page (platform.md §3.5): `GET /open-apis/authen/v1/authorize`
 * and the legacy `/index` show a login form; its POST signs the user in and
 * redirects with a code, or with `error=access_denied`. Every problem with the
 * request itself is shown here as HTML, never sent to an unchecked redirect_uri.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../core/errors.js';
import { OAuthError, type AuthorizeParams, type Authorization, type OAuthService } from '../../../core/tenancy/oauth.js';
import { addFormParser, paramsOf, param, type Params } from './form-body.js';
import { errorPage, loginPage, PAGE_HEADERS } from './login-page.js';
import { V1_ERRORS } from './oauth-errors.js';

/** How a page's own parameters map onto the authorization request. */
interface PageKind {
  path: string;
  fields: readonly string[];
  read(p: Params): AuthorizeParams;
}

const AUTHORIZE: PageKind = {
  path: '/authen/v1/authorize',
  fields: ['client_id', 'response_type', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method'],
  read: (p) => ({
    clientId: param(p, 'client_id'), responseType: param(p, 'response_type'), redirectUri: param(p, 'redirect_uri'),
    scope: param(p, 'scope'), state: param(p, 'state'),
    codeChallenge: param(p, 'code_challenge'), codeChallengeMethod: param(p, 'code_challenge_method'),
  }),
};

/** The legacy page has no scope parameter: the code carries the app's scopes. */
const LEGACY_INDEX: PageKind = {
  path: '/authen/v1/index',
  fields: ['app_id', 'redirect_uri', 'state'],
  read: (p) => ({ clientId: param(p, 'app_id'), responseType: 'code', redirectUri: param(p, 'redirect_uri'), state: param(p, 'state') }),
};

const LOGIN_FAILED = 'Incorrect user ID, email or password.';

export async function authorizePagePlugin(app: FastifyInstance, { oauth }: { oauth: OAuthService }): Promise<void> {
  addFormParser(app);

  app.setErrorHandler((error: FastifyError | OAuthError | DomainError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof OAuthError) {
      const entry = V1_ERRORS[error.reason];
      return reply.code(400).headers(PAGE_HEADERS).send(errorPage(entry.code, error.detail || entry.msg));
    }
    // A body the Open API's parsers refused (malformed JSON, a NUL) is the client's doing too.
    const client = error instanceof DomainError ? error.key === 'invalid' : error.statusCode !== undefined && error.statusCode < 500;
    if (!client) request.log.error({ err: error }, 'unhandled error');
    return reply.code(client ? 400 : 500).headers(PAGE_HEADERS).send(errorPage(client ? 20001 : 20050, client ? 'Invalid request' : 'System error'));
  });

  for (const kind of [AUTHORIZE, LEGACY_INDEX]) {
    // The form posts back to this page's absolute path, prefix included.
    const action = `${app.prefix}${kind.path}`;
    app.get(kind.path, async (request, reply) => {
      const query = paramsOf(request.query);
      const authz = await oauth.authorize(kind.read(query));
      return reply.headers(PAGE_HEADERS).send(form(action, kind, query, authz));
    });

    app.post(kind.path, async (request, reply) => {
      const body = paramsOf(request.body);
      // The hidden fields came back from the browser: checked again, trusted no more than a query.
      const authz = await oauth.authorize(kind.read(body));
      if (param(body, 'action') === 'deny') return reply.redirect(oauth.deny(authz), 302);
      const login = param(body, 'login') ?? '';
      try {
        return reply.redirect(await oauth.approve(authz, login, param(body, 'password') ?? ''), 302);
      } catch (error) {
        if (!(error instanceof OAuthError) || error.reason !== 'login_failed') throw error;
        return reply.headers(PAGE_HEADERS).send(form(action, kind, body, authz, login, LOGIN_FAILED));
      }
    });
  }
}

function form(action: string, kind: PageKind, p: Params, authz: Authorization, login?: string, error?: string): string {
  const hidden: Record<string, string> = {};
  for (const field of kind.fields) {
    const value = param(p, field);
    if (value !== undefined) hidden[field] = value;
  }
  return loginPage({ appName: authz.app.name, action, hidden, scopes: authz.scopes, login, error });
}
