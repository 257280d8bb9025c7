/**
 * The built-in web calendar app of each tenant: a first-party OAuth client
 * whose id and secret the adapter derives from its server key, so nothing but
 * the secret's hash is stored with the app (core/tenancy/seed.ts ensureWebApp).
 * One app per tenant and listening port: its redirect URIs are the loopback
 * addresses of that port, the only origins the adapter can trust without a
 * configured public address (a Host header alone would let anyone register one).
 */
import { createHash, createHmac } from 'node:crypto';
import type { Store } from '../../core/ports.js';
import { ensureWebApp } from '../../core/tenancy/seed.js';
import { CALENDAR_SCOPES, CONTACT_SCOPES, OFFLINE_ACCESS, VC_ROOM_SCOPES } from '../../core/tenancy/scopes.js';
import type { ScryptCost } from '../../core/tenancy/secrets.js';

export const WEB_SCOPES: readonly string[] = [...CALENDAR_SCOPES, ...CONTACT_SCOPES, ...VC_ROOM_SCOPES, OFFLINE_ACCESS];
export const CALLBACK_PATH = '/web/callback';

export interface WebClient {
  appId: string;
  appSecret: string;
  redirectUri: string;
}

export class WebApps {
  constructor(private readonly store: Store, private readonly serverKey: string, private readonly hashCost?: ScryptCost) {}

  /** The client for a sign-in reaching us at `origin` (one of `trustedOrigins(port)`), registered if new. */
  async clientFor(tenantKey: string, port: number, origin: string): Promise<WebClient> {
    const appId = `cli_${createHash('sha256').update(`larkcal web\n${tenantKey}\n${port}`).digest('hex').slice(0, 16)}`;
    const appSecret = this.secretOf(appId);
    // Users added since the last sign-in get their open_id on the next one.
    await ensureWebApp(this.store, {
      tenantKey, appId, appSecret, scopes: WEB_SCOPES, redirectUris: trustedOrigins(port).map((o) => `${o}${CALLBACK_PATH}`),
    }, this.hashCost);
    return { appId, appSecret, redirectUri: `${origin}${CALLBACK_PATH}` };
  }

  secretOf(appId: string): string {
    return createHmac('sha256', this.serverKey).update(`app secret\n${appId}`).digest('base64url');
  }
}

export function trustedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
}
