/**
 * User sign-in (platform.md §3.5–§3.7): the authorize page's decisions, code
 * exchange and refresh. Failures are OAuthError values; the adapters render
 * each reason in the dialect of their endpoint (v2 OAuth JSON, v1 envelope, HTML).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../errors.js';
import { openIdFor, sha256 } from '../ids.js';
import type { Clock, StoredApp, UnitOfWork } from '../ports.js';
import type { User } from './model.js';
import { OFFLINE_ACCESS } from './scopes.js';
import { verifySecret } from './secrets.js';
import type { IssuedToken, TokenService, UserTokenStyle } from './tokens.js';

export type OAuthFailure =
  | 'missing_parameter'
  | 'malformed_request'
  | 'unsupported_grant_type'
  | 'app_not_found'
  | 'client_secret_invalid'
  | 'app_token_invalid'
  | 'code_not_found'
  | 'code_expired'
  | 'code_used'
  | 'client_mismatch'
  | 'redirect_uri_mismatch'
  | 'pkce_failed'
  | 'refresh_token_invalid'
  | 'refresh_token_expired'
  | 'refresh_token_used'
  | 'scope_duplicate'
  | 'scope_not_permitted'
  | 'user_not_found'
  // the authorize page only
  | 'redirect_uri_invalid'
  | 'scope_not_enabled'
  | 'login_failed';

export class OAuthError extends Error {
  constructor(readonly reason: OAuthFailure, readonly detail = '') {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'OAuthError';
  }
}

/** What the authorize (or legacy index) page was asked for; undefined means absent. */
export interface AuthorizeParams {
  clientId?: string;
  responseType?: string;
  redirectUri?: string;
  /** Space separated. Absent (always so on the legacy page): the app's scopes except offline_access. */
  scope?: string;
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

/** A checked authorization request: safe to show a login form for, and to redirect to. */
export interface Authorization {
  app: StoredApp;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  challenge: { value: string; method: 'S256' | 'plain' } | undefined;
}

export interface CodeRedemption {
  code?: string;
  /** v2 only: must equal the authorize request's when given. */
  redirectUri?: string;
  codeVerifier?: string;
  /** v2 only: narrows the access token's scopes. */
  scope?: string;
}

export interface RefreshRedemption {
  refreshToken?: string;
  scope?: string;
}

export interface UserGrantResult {
  user: User;
  app: StoredApp;
  openId: string;
  scopes: string[];
  accessToken: IssuedToken;
  refreshToken: IssuedToken | null;
}

const MAX_SCOPES = 50;
const REFRESH_CHAIN_MAX_MS = 365 * 24 * 3600 * 1000;
/** A refreshed access token keeps working this long (platform.md §3.6). */
const OLD_ACCESS_GRACE_MS = 60 * 1000;
/** RFC 7636 §4.1: 43–128 unreserved characters. */
const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;
/**
 * Compared against when the login names nobody, so a miss costs as much as a
 * wrong password: a hash of 'larkcal-no-such-user' at the production cost.
 */
const DUMMY_HASH = 'scrypt$16384$8$1$sFx0nhWkstksp2CXo+5RSg==$gi5apVUOZLlsjq7CjWWEpQkqpqH+Bd0lGpGSRg8SQzk=';

export class OAuthService {
  constructor(
    private readonly store: UnitOfWork<'tenancy' | 'tokens'>,
    private readonly clock: Clock,
    private readonly tokens: TokenService,
  ) {}

  /** Checks the page's parameters before any form is shown; never redirects to an unregistered URI. */
  async authorize(params: AuthorizeParams): Promise<Authorization> {
    const app = params.clientId ? await this.store.tenancy.getApp(params.clientId) : undefined;
    if (!app) throw new OAuthError('app_not_found', 'unknown client_id');
    const redirectUri = params.redirectUri;
    if (!redirectUri || !app.redirectUris.includes(redirectUri)) throw new OAuthError('redirect_uri_invalid', 'redirect_uri is not registered for this app');
    if (params.responseType !== 'code') throw new OAuthError('malformed_request', 'response_type must be code');
    const scopes = params.scope === undefined ? app.scopes.filter((s) => s !== OFFLINE_ACCESS) : splitScopes(params.scope);
    if (scopes.length > MAX_SCOPES) throw new OAuthError('malformed_request', `at most ${MAX_SCOPES} scopes`);
    const missing = scopes.filter((s) => !app.scopes.includes(s));
    if (missing.length > 0) throw new OAuthError('scope_not_enabled', missing.join(' '));
    return { app, redirectUri, scopes: [...new Set(scopes)], state: params.state, challenge: challengeOf(params) };
  }

  /** Signs a user of the app's tenant in and answers the redirect carrying a fresh code. */
  async approve(authz: Authorization, login: string, password: string): Promise<string> {
    const user = await this.findLogin(authz.app.tenantKey, login.trim());
    const hash = user ? await this.store.tenancy.getUserPasswordHash(user.ref) : null;
    // Users without a password cannot sign in; the comparison runs anyway.
    const ok = (await verifySecret(password, hash ?? DUMMY_HASH)) && hash !== null;
    if (!user || !ok) throw new OAuthError('login_failed');
    const extra: Record<string, string> = { redirect_uri: authz.redirectUri };
    if (authz.challenge) Object.assign(extra, { code_challenge: authz.challenge.value, code_challenge_method: authz.challenge.method });
    const code = await this.tokens.issueCode(authz.app, user.ref, authz.scopes, extra);
    return redirectWith(authz, { code });
  }

  /** The user declined: `error=access_denied` (platform.md §3.5). */
  deny(authz: Authorization): string {
    return redirectWith(authz, { error: 'access_denied' });
  }

  /** OAuth v2 client authentication by id and secret. */
  async client(clientId: string, clientSecret: string): Promise<StoredApp> {
    const app = await this.store.tenancy.getApp(clientId);
    if (!app) throw new OAuthError('app_not_found');
    if (!(await verifySecret(clientSecret, app.secretHash))) throw new OAuthError('client_secret_invalid');
    return app;
  }

  /**
   * authen v1 takes an app_access_token; the SDK sends its tenant token there,
   * and for internal apps the two are one string (platform.md §3.7).
   */
  async appOfBearer(header: string | undefined): Promise<StoredApp> {
    if (!header?.startsWith('Bearer ') || header.trim() === 'Bearer') throw new DomainError('unauthenticated:token_missing');
    const stored = await this.store.tokens.find(sha256(header.slice('Bearer '.length).trim()));
    const app = this.tokens.isLive(stored, 'tenant', 'app') ? await this.store.tenancy.getApp(stored.appId) : undefined;
    if (!app) throw new OAuthError('app_token_invalid');
    return app;
  }

  /** Trades a code for tokens; it is used up only when everything checks out. */
  async redeemCode(app: StoredApp, r: CodeRedemption, style: UserTokenStyle): Promise<UserGrantResult> {
    if (!r.code) throw new OAuthError('missing_parameter', 'code');
    const stored = await this.store.tokens.find(sha256(r.code));
    if (!stored || stored.kind !== 'code' || !stored.userRef) throw new OAuthError('code_not_found');
    if (stored.appId !== app.appId) throw new OAuthError('client_mismatch');
    if (stored.usedAt !== null) throw new OAuthError('code_used');
    if (stored.expiresAt <= this.clock.now()) throw new OAuthError('code_expired');
    // RFC 6749 §4.1.3; Feishu documents redirect_uri as optional here, so only a differing one fails.
    if (r.redirectUri !== undefined && r.redirectUri !== stored.extra.redirect_uri) throw new OAuthError('redirect_uri_mismatch');
    checkPkce(stored.extra, r.codeVerifier);
    const accessScopes = narrow(stored.scopes, r.scope);
    const user = await this.userOf(stored.userRef, app);
    const now = this.clock.now();
    return this.store.transaction(async (repos) => {
      if (!(await repos.tokens.markUsed(stored.hash, now))) throw new OAuthError('code_used');
      const refreshScopes = style === 'v1' || accessScopes.includes(OFFLINE_ACCESS) ? stored.scopes : null;
      const minted = await this.tokens.mintUserTokens(repos, app, user.ref, { accessScopes, refreshScopes, style, authorizedAt: now });
      return { user, app, openId: openIdFor(app.appId, user.ref), scopes: accessScopes, ...minted };
    });
  }

  /** Rotates a refresh token: the old one dies at once, its access token keeps one minute. */
  async redeemRefresh(app: StoredApp, r: RefreshRedemption, style: UserTokenStyle): Promise<UserGrantResult> {
    if (!r.refreshToken) throw new OAuthError('missing_parameter', 'refresh_token');
    const stored = await this.store.tokens.find(sha256(r.refreshToken));
    if (!stored || stored.kind !== 'refresh' || !stored.userRef) throw new OAuthError('refresh_token_invalid');
    if (stored.appId !== app.appId) throw new OAuthError('client_mismatch');
    if (stored.usedAt !== null) throw new OAuthError('refresh_token_used');
    const now = this.clock.now();
    const authorizedAt = Number(stored.extra.authorized_at ?? stored.issuedAt);
    if (stored.expiresAt <= now || now - authorizedAt > REFRESH_CHAIN_MAX_MS) throw new OAuthError('refresh_token_expired');
    // Narrowing applies to this access token only; the grant behind the chain stays whole.
    const accessScopes = narrow(stored.scopes, r.scope);
    const user = await this.userOf(stored.userRef, app);
    return this.store.transaction(async (repos) => {
      if (!(await repos.tokens.markUsed(stored.hash, now))) throw new OAuthError('refresh_token_used');
      if (stored.extra.access) await repos.tokens.expireBy(stored.extra.access, now + OLD_ACCESS_GRACE_MS);
      const refreshScopes = style === 'v1' || accessScopes.includes(OFFLINE_ACCESS) ? stored.scopes : null;
      const minted = await this.tokens.mintUserTokens(repos, app, user.ref, { accessScopes, refreshScopes, style, authorizedAt });
      return { user, app, openId: openIdFor(app.appId, user.ref), scopes: accessScopes, ...minted };
    });
  }

  private async userOf(ref: string, app: StoredApp): Promise<User> {
    const user = await this.store.tenancy.getUser(ref);
    if (!user || user.tenantKey !== app.tenantKey) throw new OAuthError('user_not_found');
    return user;
  }

  private async findLogin(tenantKey: string, login: string): Promise<User | undefined> {
    if (login === '') return undefined;
    if (login.includes('@')) return (await this.store.tenancy.findUsersByEmails(tenantKey, [login.toLowerCase()]))[0];
    return this.store.tenancy.findUserByUserId(tenantKey, login);
  }
}

/** Scope lists are space separated and case-sensitive (platform.md §3.5). */
export function splitScopes(scope: string): string[] {
  return scope.split(' ').filter((s) => s !== '');
}

/** A narrowing `scope` must be a duplicate-free subset of the grant (20067, 20068). */
function narrow(granted: readonly string[], scope: string | undefined): string[] {
  if (scope === undefined || scope.trim() === '') return [...granted];
  const asked = splitScopes(scope);
  if (new Set(asked).size !== asked.length) throw new OAuthError('scope_duplicate');
  if (asked.some((s) => !granted.includes(s))) throw new OAuthError('scope_not_permitted');
  return asked;
}

function challengeOf(params: AuthorizeParams): Authorization['challenge'] {
  if (params.codeChallenge === undefined) {
    if (params.codeChallengeMethod !== undefined) throw new OAuthError('malformed_request', 'code_challenge_method without code_challenge');
    return undefined;
  }
  const method = params.codeChallengeMethod ?? 'plain';
  if (method !== 'S256' && method !== 'plain') throw new OAuthError('malformed_request', 'code_challenge_method must be S256 or plain');
  if (!PKCE_VALUE.test(params.codeChallenge)) throw new OAuthError('malformed_request', 'code_challenge must be 43-128 characters of [A-Za-z0-9-._~]');
  return { value: params.codeChallenge, method };
}

/** RFC 7636 §4.6; a code bound to a challenge cannot be redeemed without its verifier. */
function checkPkce(extra: Record<string, string>, verifier: string | undefined): void {
  const challenge = extra.code_challenge;
  if (challenge === undefined) return;
  if (verifier === undefined || !PKCE_VALUE.test(verifier)) throw new OAuthError('pkce_failed');
  const derived = extra.code_challenge_method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  const a = Buffer.from(derived);
  const b = Buffer.from(challenge);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new OAuthError('pkce_failed');
}

function redirectWith(authz: Authorization, params: Record<string, string>): string {
  const url = new URL(authz.redirectUri);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  if (authz.state !== undefined) url.searchParams.set('state', authz.state);
  return url.toString();
}
