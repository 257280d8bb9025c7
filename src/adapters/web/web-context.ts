/** What the web adapter's routes share: the store, the clock, the cookie seal, the web apps, and the session's upkeep. */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock, Store } from '../../core/ports.js';
import { refresh, SignInFailed } from './oauth-client.js';
import { cookieHeader, CookieSeal, readCookie, SESSION_COOKIE, type Session } from './session.js';
import { requestOrigin } from './request-origin.js';
import type { WebApps } from './web-apps.js';

/** Refreshed when less than this is left, so a call never goes out with a token about to lapse. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** Parallel calls of one page share a refresh: the refresh token is single use. */
const SHARED_REFRESH_MS = 60 * 1000;

export interface TenantChoice {
  tenantKey: string;
  name: string;
}

export class WebContext {
  private readonly refreshes = new Map<string, { at: number; session: Promise<Session> }>();

  constructor(
    private readonly app: FastifyInstance,
    readonly store: Store,
    readonly clock: Clock,
    readonly seal: CookieSeal,
    readonly apps: WebApps,
    readonly tenants: () => Promise<TenantChoice[]>,
  ) {}

  portOf(request: FastifyRequest): number {
    return (request.server.server.address() as AddressInfo | null)?.port ?? 0;
  }

  /** The trusted origin (the public URL's, or a loopback one of this port) the request came by; undefined for any other (request-origin.ts). */
  originOf(request: FastifyRequest): string | undefined {
    return requestOrigin(request.headers, this.apps.trustedOrigins(this.portOf(request)), this.apps.publicOrigin);
  }

  /** Cookies are `Secure` when the browser came over HTTPS (through the public URL's proxy). */
  isSecure(request: FastifyRequest): boolean {
    return this.originOf(request)?.startsWith('https://') ?? false;
  }

  wrongHostPage(request: FastifyRequest): string {
    const port = this.portOf(request);
    const local = `<a href="http://127.0.0.1:${port}/">http://127.0.0.1:${port}/</a> (or localhost)`;
    const at = this.apps.publicOrigin === undefined ? local : `<a href="${this.apps.publicOrigin}/">${this.apps.publicOrigin}/</a> (the <code>--public-url</code>), or on this machine at ${local}`;
    return htmlPage('Open the web calendar at its own address', `<p>Sign-in works at ${at}, the addresses its sign-in app is registered for.</p>`);
  }

  sessionOf(request: FastifyRequest): Session | undefined {
    const session = this.seal.open<Session>(SESSION_COOKIE, readCookie(request.headers.cookie, SESSION_COOKIE));
    return session && session.refreshExpiresAt > this.clock.now() ? session : undefined;
  }

  /** The session with an access token good for a while yet, refreshed (and the cookie renewed) when needed. */
  async freshSession(request: FastifyRequest, reply: FastifyReply): Promise<Session | undefined> {
    const session = this.sessionOf(request);
    if (!session) return undefined;
    const now = this.clock.now();
    if (session.accessExpiresAt - now > REFRESH_MARGIN_MS) return session;
    try {
      const renewed = await this.sharedRefresh(session, now);
      reply.header('set-cookie', this.cookieOf(renewed, this.isSecure(request)));
      return renewed;
    } catch (failure) {
      if (!(failure instanceof SignInFailed)) throw failure;
      return session.accessExpiresAt > now ? session : undefined;
    }
  }

  cookieOf(session: Session, secure: boolean): string {
    return cookieHeader(SESSION_COOKIE, this.seal.seal(SESSION_COOKIE, session), { maxAgeSeconds: (session.refreshExpiresAt - this.clock.now()) / 1000, secure });
  }

  private sharedRefresh(session: Session, now: number): Promise<Session> {
    for (const [key, entry] of this.refreshes) if (now - entry.at > SHARED_REFRESH_MS) this.refreshes.delete(key);
    let entry = this.refreshes.get(session.refreshToken);
    if (!entry) {
      const renewed = refresh(this.app, { appId: session.appId, appSecret: this.apps.secretOf(session.appId) }, session.refreshToken, now)
        .then((tokens) => ({ ...session, ...tokens }));
      entry = { at: now, session: renewed };
      this.refreshes.set(session.refreshToken, entry);
      renewed.catch(() => this.refreshes.delete(session.refreshToken));
    }
    return entry.session;
  }
}

export const PAGE_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  // FullCalendar injects its stylesheet at run time.
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

export function htmlPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · larkcal</title><link rel="icon" href="data:,"></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5"><main><h1>${title}</h1>${body}</main></body></html>`;
}

export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).headers({ ...PAGE_SECURITY_HEADERS, 'cache-control': 'no-store' }).type('text/html; charset=utf-8').send(html);
}
