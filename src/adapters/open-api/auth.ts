/**
 * The gateway checks every Open API call makes before its parameters are even
 * read, in Feishu's order (platform.md §3.2, §4.1, §11): token present, token
 * valid, token kind accepted, app scope, user grant, bot ability.
 */
import { DomainError } from '../../core/errors.js';
import { holdsAny, type ScopeSet } from '../../core/tenancy/scopes.js';
import type { Authenticated, TokenKindSeen } from '../../core/tenancy/tokens.js';

export interface RouteAuth {
  /** Token kinds this API accepts. */
  tokens: readonly TokenKindSeen[];
  /** The API's capability in the scope table (core/tenancy/scopes.ts): the app must hold any one of its scopes. */
  scopes: ScopeSet;
  /** Calendar APIs called with a tenant token need the app's bot (190007). */
  bot?: boolean;
}

export function checkRouteAccess(auth: Authenticated, route: RouteAuth): void {
  if (!route.tokens.includes(auth.tokenKind)) {
    throw new DomainError(auth.tokenKind === 'tenant' ? 'unsupported:tenant_token' : 'unsupported:user_token');
  }
  if (!holdsAny(auth.app.scopes, route.scopes)) throw new DomainError('forbidden:scope', [], route.scopes);
  if (auth.identity.kind === 'user' && !holdsAny(auth.identity.scopes, route.scopes)) {
    throw new DomainError('forbidden:user_grant', [], route.scopes);
  }
  if (route.bot !== false && auth.tokenKind === 'tenant' && !auth.app.bot) throw new DomainError('not_found:bot');
}
