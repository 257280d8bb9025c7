/**
 * Access tokens (platform.md §3). Token kinds are told apart by prefix, a
 * design choice the SDK allows since it treats tokens as opaque strings.
 */
import { DomainError } from '../errors.js';
import { randomBase62, randomHex, sha256 } from '../ids.js';
import type { Clock, StoredApp, StoredToken, Store } from '../ports.js';
import type { Identity } from './model.js';
import { verifySecret } from './secrets.js';

export const TENANT_TOKEN_LIFETIME_S = 7200;
/** Feishu hands back the current token while at least this much life is left. */
export const TENANT_TOKEN_REUSE_MIN_S = 30 * 60;
export const USER_TOKEN_LIFETIME_S = 7200;
export const REFRESH_TOKEN_LIFETIME_S = 30 * 24 * 3600;

export interface IssuedToken {
  value: string;
  /** Seconds left. */
  expire: number;
}

export type TokenKindSeen = 'tenant' | 'user';

export interface Authenticated {
  identity: Identity;
  app: StoredApp;
  tokenKind: TokenKindSeen;
}

const newTenantTokenValue = () => `t-${randomHex(20)}`;
export const newUserTokenValue = () => `u-${randomBase62(44)}`;

export class TokenService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Checks app credentials; unknown app or wrong secret is one answer (10003, §3.3). */
  async verifyApp(appId: unknown, appSecret: unknown): Promise<StoredApp> {
    if (typeof appId !== 'string' || typeof appSecret !== 'string') throw new DomainError('app_credentials_invalid');
    const app = await this.store.tenancy.getApp(appId);
    if (!app || !verifySecret(appSecret, app.secretHash)) throw new DomainError('app_credentials_invalid');
    return app;
  }

  /**
   * The tenant token of an internal app: the current one while ≥ 30 min remain,
   * otherwise a fresh one; the old one stays valid until it expires.
   */
  async tenantToken(app: StoredApp): Promise<IssuedToken> {
    const now = this.clock.now();
    return this.store.transaction(async (repos) => {
      const current = await repos.tokens.newest(app.appId, app.tenantKey, 'tenant');
      if (current?.value && current.expiresAt - now >= TENANT_TOKEN_REUSE_MIN_S * 1000) {
        return { value: current.value, expire: Math.floor((current.expiresAt - now) / 1000) };
      }
      const value = newTenantTokenValue();
      await repos.tokens.insert({
        hash: sha256(value), kind: 'tenant', appId: app.appId, tenantKey: app.tenantKey, userRef: null,
        scopes: [], issuedAt: now, expiresAt: now + TENANT_TOKEN_LIFETIME_S * 1000, value, usedAt: null, extra: {},
      });
      return { value, expire: TENANT_TOKEN_LIFETIME_S };
    });
  }

  /** Mints a user_access_token (and a refresh token) for a user of the app's tenant. */
  async issueUserToken(app: StoredApp, userRef: string, scopes: readonly string[], style: 'v1' | 'v2' = 'v1'): Promise<{
    accessToken: IssuedToken; refreshToken: IssuedToken;
  }> {
    const now = this.clock.now();
    const access = style === 'v2' ? `eyJ${randomBase62(120)}` : newUserTokenValue();
    const refresh = style === 'v2' ? `eyJ${randomBase62(120)}` : `ur-${randomBase62(44)}`;
    const base = { appId: app.appId, tenantKey: app.tenantKey, userRef, scopes: [...scopes], issuedAt: now, value: null, usedAt: null, extra: { style } };
    await this.store.tokens.insert({ ...base, hash: sha256(access), kind: 'user', expiresAt: now + USER_TOKEN_LIFETIME_S * 1000 });
    await this.store.tokens.insert({ ...base, hash: sha256(refresh), kind: 'refresh', expiresAt: now + REFRESH_TOKEN_LIFETIME_S * 1000 });
    return {
      accessToken: { value: access, expire: USER_TOKEN_LIFETIME_S },
      refreshToken: { value: refresh, expire: REFRESH_TOKEN_LIFETIME_S },
    };
  }

  /** Resolves an `Authorization` header to the identity it stands for, in Feishu's order of checks. */
  async authenticate(header: string | undefined): Promise<Authenticated> {
    if (!header?.startsWith('Bearer ') || header.length === 'Bearer '.length) throw new DomainError('token_missing');
    const value = header.slice('Bearer '.length).trim();
    const kind = classify(value);
    if (!kind) throw new DomainError('token_malformed');
    const stored = await this.store.tokens.find(sha256(value));
    const expectedKind = kind === 'tenant' ? 'tenant' : 'user';
    if (!stored || stored.kind !== expectedKind) throw new DomainError(kind === 'tenant' ? 'tenant_token_invalid' : 'user_token_invalid');
    if (stored.expiresAt <= this.clock.now()) throw new DomainError(kind === 'tenant' ? 'tenant_token_invalid' : 'user_token_expired');
    const app = await this.store.tenancy.getApp(stored.appId);
    if (!app) throw new DomainError(kind === 'tenant' ? 'tenant_token_invalid' : 'user_token_invalid');
    return { identity: identityOf(stored), app, tokenKind: kind };
  }
}

function classify(value: string): TokenKindSeen | undefined {
  if (value.startsWith('t-') || value.startsWith('a-')) return 'tenant';
  if (value.startsWith('u-') || value.startsWith('eyJ')) return 'user';
  return undefined;
}

function identityOf(token: StoredToken): Identity {
  if (token.kind === 'user' && token.userRef) {
    return { kind: 'user', tenantKey: token.tenantKey, appId: token.appId, userRef: token.userRef, scopes: token.scopes };
  }
  return { kind: 'app', tenantKey: token.tenantKey, appId: token.appId };
}
