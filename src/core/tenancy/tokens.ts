/**
 * Access tokens (platform.md §3). Token kinds are told apart by prefix, a
 * design choice the SDK allows since it treats tokens as opaque strings.
 */
import { randomBytes } from 'node:crypto';
import { DomainError } from '../errors.js';
import { randomBase62, randomHex, sha256 } from '../ids.js';
import { tokenGeneration } from '../sandbox/revocations.js';
import type { Clock, Needs, StoredApp, StoredToken, TokenKind, UnitOfWork } from '../ports.js';
import type { Identity } from './model.js';
import { verifySecret } from './secrets.js';
import { sealToken, unsealToken } from './token-seal.js';

export const TENANT_TOKEN_LIFETIME_S = 7200;
/** Feishu hands back the current token while at least this much life is left. */
export const TENANT_TOKEN_REUSE_MIN_S = 30 * 60;
export const USER_TOKEN_LIFETIME_S = 7200;
export const REFRESH_TOKEN_LIFETIME_S = 30 * 24 * 3600;
/** OAuth v2 refresh tokens live a week (`refresh_token_expires_in: 604800`, platform.md §3.6). */
export const REFRESH_TOKEN_V2_LIFETIME_S = 7 * 24 * 3600;
/** Authorization codes: valid 5 minutes, single use (platform.md §3.5). */
export const CODE_LIFETIME_S = 5 * 60;
/** Feishu pushes a ticket every hour; how long one stays valid is not documented (unconfirmed). */
export const APP_TICKET_LIFETIME_S = 3 * 3600;

export type UserTokenStyle = 'v1' | 'v2';

/** What one user authorization yields: the access token's scopes, and the refresh token's (null: none). */
export interface UserTokenGrant {
  accessScopes: readonly string[];
  refreshScopes: readonly string[] | null;
  style: UserTokenStyle;
  /** When the user authorized; a refresh chain ends a year after it (platform.md §3.6, 20037). */
  authorizedAt: number;
}

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
const newAppTokenValue = () => `a-${randomHex(20)}`;
export const newUserTokenValue = () => `u-${randomBase62(44)}`;

export class TokenService {
  constructor(
    private readonly store: UnitOfWork<'tenancy' | 'tokens'>,
    private readonly clock: Clock,
    options: TokenServiceOptions = {},
  ) {
    this.recent = new RecentTokens(options.memoMs ?? DEFAULT_MEMO_MS, 10_000);
  }

  /** Checks app credentials; unknown app or wrong secret is one answer (10003, §3.3). */
  async verifyApp(appId: unknown, appSecret: unknown): Promise<StoredApp> {
    if (typeof appId !== 'string' || typeof appSecret !== 'string') throw new DomainError('unauthenticated:app_credentials');
    const app = await this.store.tenancy.getApp(appId);
    if (!app || !(await verifySecret(appSecret, app.secretHash))) throw new DomainError('unauthenticated:app_credentials');
    return app;
  }

  /**
   * The tenant token of an app: the current one while ≥ 30 min remain,
   * otherwise a fresh one; the old one stays valid until it expires.
   * `credential` is what the app proved itself with (its app_secret, or a
   * store app's app_access_token): the current token is sealed under it (token-seal.ts).
   */
  tenantToken(app: StoredApp, credential: string): Promise<IssuedToken> {
    return this.reusableToken(app, 'tenant', newTenantTokenValue, credential);
  }

  /** A store app's `a-` app_access_token, reused by the same 30-minute rule (platform.md §3.4); sealed under its app_secret. */
  appToken(app: StoredApp, appSecret: string): Promise<IssuedToken> {
    return this.reusableToken(app, 'app', newAppTokenValue, appSecret);
  }

  private async reusableToken(app: StoredApp, kind: 'tenant' | 'app', mint: () => string, credential: string): Promise<IssuedToken> {
    const now = this.clock.now();
    return this.store.transaction(async (repos) => {
      const current = await repos.tokens.newest(app.appId, app.tenantKey, kind);
      // A token issued after `now` exists only because the sandbox clock was set back: a test starting
      // its day over gets a token of that day, with its full lifetime.
      const live = current && current.issuedAt <= now && current.expiresAt - now >= TENANT_TOKEN_REUSE_MIN_S * 1000;
      // Sealed under another credential (a rotated secret, another app token), or from before sealing: a fresh one.
      const value = live && current.sealed ? unsealToken(current.sealed, credential, current.hash) : undefined;
      if (current && value !== undefined) return { value, expire: Math.floor((current.expiresAt - now) / 1000) };
      const fresh = mint();
      const hash = sha256(fresh);
      await repos.tokens.insert({
        hash, kind, appId: app.appId, tenantKey: app.tenantKey, userRef: null, scopes: [], issuedAt: now,
        expiresAt: now + TENANT_TOKEN_LIFETIME_S * 1000, sealed: sealToken(fresh, credential, hash), usedAt: null, extra: {},
      });
      return { value: fresh, expire: TENANT_TOKEN_LIFETIME_S };
    });
  }

  /**
   * Mints a fresh app_ticket, pushed to the app by the event delivery; kept
   * by digest only, like every token. Older tickets stay valid.
   */
  async appTicket(app: StoredApp): Promise<IssuedToken> {
    const now = this.clock.now();
    const value = randomBase62(32);
    await this.store.tokens.insert({
      hash: sha256(value), kind: 'app_ticket', appId: app.appId, tenantKey: app.tenantKey, userRef: null,
      scopes: [], issuedAt: now, expiresAt: now + APP_TICKET_LIFETIME_S * 1000, sealed: null, usedAt: null, extra: {},
    });
    return { value, expire: APP_TICKET_LIFETIME_S };
  }

  /** Checks a ticket the app presents; 10012 for anything but a live ticket of this app. */
  async checkAppTicket(app: StoredApp, ticket: unknown): Promise<void> {
    const stored = typeof ticket === 'string' && ticket !== '' ? await this.store.tokens.find(sha256(ticket)) : undefined;
    if (!this.isLive(stored, 'app_ticket') || stored.appId !== app.appId) throw new DomainError('unauthenticated:app_ticket');
  }

  /** The store app an `a-` app_access_token belongs to; 99991664 otherwise. */
  async appOfAppToken(token: unknown): Promise<StoredApp> {
    const stored = typeof token === 'string' && token !== '' ? await this.store.tokens.find(sha256(token)) : undefined;
    const app = this.isLive(stored, 'app') ? await this.store.tenancy.getApp(stored.appId) : undefined;
    if (!app) throw new DomainError('unauthenticated:app_token');
    return app;
  }

  /** A stored token of one of `kinds` that has not expired. */
  isLive(stored: StoredToken | undefined, ...kinds: TokenKind[]): stored is StoredToken {
    return stored !== undefined && kinds.includes(stored.kind) && stored.expiresAt > this.clock.now();
  }

  /**
   * An authorization code: ≥ 64 chars of [A-Za-z0-9-_], 5 minutes, single use,
   * stored by digest with what the exchange must check again (redirect_uri, PKCE).
   */
  async issueCode(app: StoredApp, userRef: string, scopes: readonly string[], extra: Record<string, string>): Promise<string> {
    const now = this.clock.now();
    const value = randomBytes(48).toString('base64url');
    await this.store.tokens.insert({
      hash: sha256(value), kind: 'code', appId: app.appId, tenantKey: app.tenantKey, userRef, scopes: [...scopes],
      issuedAt: now, expiresAt: now + CODE_LIFETIME_S * 1000, sealed: null, usedAt: null, extra,
    });
    return value;
  }

  /** Mints a user_access_token (and a refresh token) for a user of the app's tenant. */
  async issueUserToken(app: StoredApp, userRef: string, scopes: readonly string[], style: UserTokenStyle = 'v1'): Promise<{
    accessToken: IssuedToken; refreshToken: IssuedToken;
  }> {
    const grant = { accessScopes: scopes, refreshScopes: scopes, style, authorizedAt: this.clock.now() };
    const { accessToken, refreshToken } = await this.mintUserTokens(this.store, app, userRef, grant);
    return { accessToken, refreshToken: refreshToken! };
  }

  /**
   * Mints the pair inside the caller's transaction. The refresh token remembers
   * its access token, so a refresh can cut that one down to a minute.
   */
  async mintUserTokens(repos: Needs<'tokens'>, app: StoredApp, userRef: string, grant: UserTokenGrant): Promise<{
    accessToken: IssuedToken; refreshToken: IssuedToken | null;
  }> {
    const now = this.clock.now();
    const v2 = grant.style === 'v2';
    // v2 tokens are JWT-like in Feishu (`eyJ…`); ours only share the prefix, which is how they are classified.
    const access = v2 ? `eyJ${randomBase62(120)}` : newUserTokenValue();
    const base = { appId: app.appId, tenantKey: app.tenantKey, userRef, issuedAt: now, sealed: null, usedAt: null };
    await repos.tokens.insert({
      ...base, hash: sha256(access), kind: 'user', scopes: [...grant.accessScopes],
      expiresAt: now + USER_TOKEN_LIFETIME_S * 1000, extra: { style: grant.style },
    });
    const accessToken = { value: access, expire: USER_TOKEN_LIFETIME_S };
    if (!grant.refreshScopes) return { accessToken, refreshToken: null };

    const refresh = v2 ? `eyJ${randomBase62(120)}` : `ur-${randomBase62(44)}`;
    const lifetime = v2 ? REFRESH_TOKEN_V2_LIFETIME_S : REFRESH_TOKEN_LIFETIME_S;
    await repos.tokens.insert({
      ...base, hash: sha256(refresh), kind: 'refresh', scopes: [...grant.refreshScopes], expiresAt: now + lifetime * 1000,
      extra: { style: grant.style, access: sha256(access), authorized_at: String(grant.authorizedAt) },
    });
    return { accessToken, refreshToken: { value: refresh, expire: lifetime } };
  }

  /** Resolves an `Authorization` header to the identity it stands for, in Feishu's order of checks. */
  async authenticate(header: string | undefined): Promise<Authenticated> {
    if (!header?.startsWith('Bearer ') || header.length === 'Bearer '.length) throw new DomainError('unauthenticated:token_missing');
    const value = header.slice('Bearer '.length).trim();
    const kind = classify(value);
    if (!kind) throw new DomainError('unauthenticated:token_malformed');
    const hash = sha256(value);
    const found = this.recent.get(hash, tokenGeneration(this.store)) ?? (await this.lookup(hash));
    const expectedKind = kind === 'tenant' ? 'tenant' : 'user';
    if (!found || found.stored.kind !== expectedKind) throw new DomainError(kind === 'tenant' ? 'unauthenticated:tenant_token' : 'unauthenticated:user_token');
    // Expiry is checked on every call, cached or not.
    if (found.stored.expiresAt <= this.clock.now()) throw new DomainError(kind === 'tenant' ? 'unauthenticated:tenant_token' : 'unauthenticated:user_token_expired');
    // A token always stands for the same caller: it is built once per lookup, not once per call.
    return found.caller;
  }

  /**
   * Every API call authenticates, so the token row and its app are kept for a
   * few seconds: tokens are never revoked, only shortened by refresh (to one
   * minute), which a few seconds of staleness cannot outlast. The sandbox's
   * reset, restore and tenant deletion do revoke; they move the generation on
   * in this process. Several processes on one PostgreSQL keep the memo under a
   * second instead (`memoMs`), so a revocation reaches them all within one.
   */
  private readonly recent: RecentTokens;

  private async lookup(hash: string): Promise<RecentToken | undefined> {
    // Read before the lookup: a revocation that commits during it leaves the entry stale, not trusted.
    const generation = tokenGeneration(this.store);
    const stored = await this.store.tokens.find(hash);
    if (!stored) return undefined;
    const app = await this.store.tenancy.getApp(stored.appId);
    if (!app) return undefined;
    // Only a stored tenant or user token passes authenticate's kind check: its caller is of that kind.
    const tokenKind: TokenKindSeen = stored.kind === 'tenant' ? 'tenant' : 'user';
    const found = { stored, caller: { identity: identityOf(stored), app, tokenKind } };
    this.recent.set(hash, found, generation);
    return found;
  }
}

export interface TokenServiceOptions {
  /** How long a looked-up token is trusted without reading it again. */
  memoMs?: number;
}

const DEFAULT_MEMO_MS = 5_000;
/** Several larkcal processes may share a PostgreSQL database: a token revoked on one stops on all within a second. */
export const SHARED_DATABASE_MEMO_MS = 900;

/** A token looked up, and the caller it stands for. */
interface RecentToken {
  stored: StoredToken;
  caller: Authenticated;
}

/** A small time-bounded cache, measured on the process's monotonic clock (tests move the domain clock). */
class RecentTokens {
  private readonly entries = new Map<string, { value: RecentToken; at: number; generation: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(hash: string, generation: number): RecentToken | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (performance.now() - entry.at > this.ttlMs || entry.generation !== generation) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.value;
  }

  set(hash: string, value: RecentToken, generation: number): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(hash, { value, at: performance.now(), generation });
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
