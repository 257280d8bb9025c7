/**
 * Feishu never revokes a token, only shortens it, so token lookups are kept
 * for a few seconds (tenancy/tokens.ts). The sandbox does revoke: a reset, a
 * restore or a tenant's deletion takes token rows away at once. Each such act,
 * after its commit, moves the store's generation on, and a lookup kept from an
 * older generation is made again.
 */
const generations = new WeakMap<object, number>();

/** The store's generation: 0 until something revoked tokens. */
export function tokenGeneration(store: object): number {
  return generations.get(store) ?? 0;
}

/** Call after the commit that removed token rows. */
export function tokensRevoked(store: object): void {
  generations.set(store, tokenGeneration(store) + 1);
}
