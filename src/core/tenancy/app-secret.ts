/**
 * Rotating an app's secret (issue #13 §3, the console's "Rotate secret"): a new
 * one from the CSPRNG, of the seed's shape, stored as its scrypt digest only and
 * answered this once. The old secret stops at once: `tenant_access_token`,
 * `app_access_token` and OAuth client authentication read the digest afresh on
 * every call. Tokens already issued live on to their expiry, as Feishu's do
 * (tokens are never revoked, only outlived); the current one is not handed out
 * again, since it is sealed under the old secret (token-seal.ts).
 */
import { newIds } from '../ids.js';
import type { Store } from '../ports.js';
import { tokensRevoked } from '../sandbox/revocations.js';
import { hashSecret, SCRYPT_COST, type ScryptCost } from './secrets.js';

export interface RotatedSecret {
  appId: string;
  appSecret: string;
}

/** The new secret, or undefined for no such app. */
export async function rotateAppSecret(store: Pick<Store, 'tenancy'>, appId: string, hashCost: ScryptCost = SCRYPT_COST): Promise<RotatedSecret | undefined> {
  if (!(await store.tenancy.getApp(appId))) return undefined;
  const appSecret = newIds.appSecret();
  if (!(await store.tenancy.updateAppSecret(appId, await hashSecret(appSecret, hashCost)))) return undefined;
  // Token lookups keep the app (with its digest) for a few seconds: they are read again.
  tokensRevoked(store);
  return { appId, appSecret };
}
