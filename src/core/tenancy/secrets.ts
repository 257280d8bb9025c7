/**
 * Passwords and app secrets are stored as scrypt digests (RFC 7914) with a
 * per-secret salt; tokens are looked up by SHA-256 digest.
 *
 * A stored hash names its own cost, `scrypt$N$r$p$salt$key` (salt and key in
 * base64), so hashes made at any cost keep verifying when the default changes.
 * scrypt runs on libuv's thread pool: a login never stalls the event loop.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptCost {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** What production hashes with; tests seed with a cheaper N (test/support/server.ts). */
export const SCRYPT_COST: ScryptCost = { N: 16384, r: 8, p: 1 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(secret: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** scrypt needs 128·N·r bytes; Node refuses above 32 MiB unless told. */
const memoryFor = ({ N, r }: ScryptCost) => Math.max(32 * 1024 * 1024, 256 * N * r);

export async function hashSecret(secret: string, cost: ScryptCost = SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(secret, salt, KEY_LENGTH, { ...cost, maxmem: memoryFor(cost) });
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

const POSITIVE_INTEGER = /^[1-9][0-9]{0,9}$/;

/** Recomputes the digest at the stored hash's own cost and compares in constant time. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || rest.length > 0 || !salt || !key || ![n, r, p].every((v) => v !== undefined && POSITIVE_INTEGER.test(v))) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const expected = Buffer.from(key, 'base64');
  if (expected.length === 0) return false;
  const actual = await derive(secret, Buffer.from(salt, 'base64'), expected.length, { ...cost, maxmem: memoryFor(cost) });
  return timingSafeEqual(actual, expected);
}
