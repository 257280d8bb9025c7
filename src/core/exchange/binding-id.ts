/**
 * A binding's id: opaque, and the same for the same (admin account, Exchange
 * account, user) triple in a tenant, so unbinding and binding again gives the
 * id back (calendars.md §8.1). Feishu's documented example is Base64 of the two
 * accounts; larkcal hashes the triple instead, since the user's internal ref is
 * part of it and must not be readable from the id.
 */
import { sha256 } from '../ids.js';

const BINDING_ID = /^[A-Za-z0-9_-]{43}$/;

export function bindingIdOf(tenantKey: string, adminAccount: string, exchangeAccount: string, userRef: string): string {
  return Buffer.from(sha256(['exchange-binding', tenantKey, adminAccount, exchangeAccount, userRef].join('\u0000')), 'hex').toString('base64url');
}

/** 195102 for anything not of that shape. */
export function isBindingId(value: string): boolean {
  return BINDING_ID.test(value);
}
