/**
 * The built-in web calendar app of each tenant: a first-party OAuth client
 * whose id and secret the adapter derives from its server key, so nothing but
 * the secret's hash is stored with the app (core/tenancy/seed.ts ensureWebApp).
 * One app per tenant, listening port and public origin: its redirect URIs are
 * the loopback addresses of that port and, with `--public-url`, that URL's
 * origin: the only origins the adapter can trust (a Host header alone would
 * let anyone register one).
 */
import { createHash, createHmac } from 'node:crypto';
import type { Store } from '../../core/ports.js';
import type { App } from '../../core/tenancy/model.js';
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
  /**
   * @param publicOrigin the origin of `--public-url`: the web calendar is served at the root of
   *   its host, since the page and its redirects use root-relative paths.
   */
  constructor(private readonly store: Store, private readonly serverKey: string, readonly publicOrigin: string | undefined, private readonly hashCost?: ScryptCost) {}

  trustedOrigins(port: number): string[] {
    return trustedOrigins(port, this.publicOrigin);
  }

  /** The client for a sign-in reaching us at `origin` (one of `trustedOrigins(port)`), registered if new. */
  async clientFor(tenantKey: string, port: number, origin: string): Promise<WebClient> {
    const { appId, redirectUris } = webAppOf(tenantKey, port, this.publicOrigin);
    const appSecret = this.secretOf(appId);
    // Users added since the last sign-in get their open_id on the next one.
    await ensureWebApp(this.store, { tenantKey, appId, appSecret, scopes: WEB_SCOPES, redirectUris }, this.hashCost);
    return { appId, appSecret, redirectUri: `${origin}${CALLBACK_PATH}` };
  }

  secretOf(appId: string): string {
    return createHmac('sha256', this.serverKey).update(`app secret\n${appId}`).digest('base64url');
  }
}

/**
 * The id and redirect URIs of a tenant's web app. An app's redirect URIs are
 * fixed when it is registered, so a new public origin is a new app; without
 * one the id is what it was before `--public-url` reached the web calendar.
 */
export function webAppOf(tenantKey: string, port: number, publicOrigin?: string): Pick<App, 'appId' | 'redirectUris'> {
  const origins = trustedOrigins(port, publicOrigin);
  // A public URL that is a loopback origin (http://localhost:8080) adds nothing: the same app.
  const beyondLoopback = origins.filter((origin) => !trustedOrigins(port).includes(origin));
  const input = ['larkcal web', tenantKey, String(port), ...beyondLoopback].join('\n');
  return {
    appId: `cli_${createHash('sha256').update(input).digest('hex').slice(0, 16)}`,
    redirectUris: origins.map((origin) => `${origin}${CALLBACK_PATH}`),
  };
}

export function trustedOrigins(port: number, publicOrigin?: string): string[] {
  const loopback = [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
  return publicOrigin === undefined || loopback.includes(publicOrigin) ? loopback : [publicOrigin, ...loopback];
}

const LOOPBACK_CALLBACK = new RegExp(`^http://127\\.0\\.0\\.1:(\\d{1,5})${CALLBACK_PATH}$`);

/**
 * Whether `app` is a tenant's built-in web calendar app, whatever port or
 * public URL registered it: its id is the one its tenant and its own redirect
 * URIs derive. Its secret must never be rotated: every web session refreshes
 * with the secret derived from the server key.
 */
export function isWebCalendarApp(app: Pick<App, 'appId' | 'tenantKey' | 'redirectUris'>): boolean {
  const port = app.redirectUris.map((uri) => LOOPBACK_CALLBACK.exec(uri)?.[1]).find((p) => p !== undefined);
  if (port === undefined) return false;
  const loopback = webAppOf(app.tenantKey, Number(port)).redirectUris;
  const others = app.redirectUris.filter((uri) => !loopback.includes(uri));
  if (others.length > 1 || (others[0] !== undefined && !others[0].endsWith(CALLBACK_PATH))) return false;
  const expected = webAppOf(app.tenantKey, Number(port), others[0]?.slice(0, -CALLBACK_PATH.length));
  return expected.appId === app.appId && expected.redirectUris.join(' ') === app.redirectUris.join(' ');
}
