/**
 * Tenant and app tokens are handed back while at least 30 minutes remain
 * (platform.md §3.3), so their value must be recoverable; tokens are looked
 * up by digest only, and the value is kept sealed for that reuse alone.
 *
 * AES-256-GCM under a key derived (HKDF-SHA256) from the credential the app
 * presents to get the token: its app_secret, or for a store app's tenant token
 * its app_access_token. larkcal keeps neither (the secret is a scrypt digest,
 * the app token a SHA-256 one), so the database alone, a backup or a copied
 * file, yields no usable token. The token's digest salts the key and is bound
 * as associated data, so a sealed value opens only in its own row.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const FORMAT = 'v1';
const INFO = 'larkcal reusable token v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyOf(credential: string, digest: string): Buffer {
  return Buffer.from(hkdfSync('sha256', credential, digest, INFO, 32));
}

/** `v1.` and base64url(iv ‖ tag ‖ ciphertext). */
export function sealToken(value: string, credential: string, digest: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(credential, digest), iv);
  cipher.setAAD(Buffer.from(digest));
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return `${FORMAT}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** The value, or undefined when `credential` is not the one it was sealed under (or the text is not ours). */
export function unsealToken(sealed: string, credential: string, digest: string): string | undefined {
  const [format, text, ...rest] = sealed.split('.');
  if (format !== FORMAT || text === undefined || rest.length > 0) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(credential, digest), bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(digest));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    // The authentication tag did not match: another credential (a rotated secret, another app token).
    return undefined;
  }
}
