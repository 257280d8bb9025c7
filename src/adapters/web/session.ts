/**
 * The web calendar's session: sealed in its cookie (AES-256-GCM under a key
 * derived from the server's web key), so no session table is needed and a
 * server restart keeps everyone signed in. The browser holds only ciphertext
 * in an HttpOnly, SameSite=Strict cookie: no script can read a token.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface Session {
  tenantKey: string;
  appId: string;
  openId: string;
  name: string;
  accessToken: string;
  /** Epoch ms, by the server's (sandbox) clock. */
  accessExpiresAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
}

/** A sign-in under way: the PKCE verifier and the state, until the callback. */
export interface PendingSignIn {
  tenantKey: string;
  appId: string;
  redirectUri: string;
  state: string;
  verifier: string;
}

export const SESSION_COOKIE = 'larkcal_web';
export const PENDING_COOKIE = 'larkcal_web_signin';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class CookieSeal {
  private readonly key: Buffer;

  constructor(serverKey: string) {
    this.key = Buffer.from(hkdfSync('sha256', serverKey, 'larkcal web', 'cookie seal v1', 32));
  }

  /** The cookie's name is bound as associated data: a pending sign-in never opens as a session. */
  seal(name: string, value: unknown): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(name));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  open<T>(name: string, sealed: string | undefined): T | undefined {
    if (!sealed) return undefined;
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(name));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')) as T;
    } catch {
      return undefined;
    }
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** HttpOnly, SameSite=Strict, whole-site; `Secure` when the page came over HTTPS. */
export function cookieHeader(name: string, value: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}${options.secure ? '; Secure' : ''}`;
}
