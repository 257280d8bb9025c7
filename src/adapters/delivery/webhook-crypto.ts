/**
 * The Encrypt Key's two uses on a webhook push, as pure functions over
 * strings: the AES body (platform.md §8.6) and the signature (§8.7). The
 * outbox may reuse them; `decrypt` is what a receiver does (and the tests).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const IV_BYTES = 16;
const BLOCK_BYTES = 16;

/** AES-256 key: the SHA-256 of the Encrypt Key's UTF-8 bytes (§8.6 step 1). */
function aesKey(encryptKey: string): Buffer {
  return createHash('sha256').update(encryptKey, 'utf8').digest();
}

/**
 * base64(iv ‖ AES-256-CBC(plaintext)) with a random IV and PKCS#7 padding
 * (node's default, a full block when already aligned: §8.6 steps 3–5).
 */
export function encrypt(encryptKey: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-cbc', aesKey(encryptKey), iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

/** The plaintext of `encrypt`'s output; throws when the key or the padding is wrong. */
export function decrypt(encryptKey: string, encrypted: string): string {
  const bytes = Buffer.from(encrypted, 'base64');
  if (bytes.length < IV_BYTES + BLOCK_BYTES || bytes.length % BLOCK_BYTES !== 0) {
    throw new Error(`an encrypted body is a 16-byte IV and whole 16-byte blocks, not ${bytes.length} bytes`);
  }
  const decipher = createDecipheriv('aes-256-cbc', aesKey(encryptKey), bytes.subarray(0, IV_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES)), decipher.final()]).toString('utf8');
}

/**
 * `X-Lark-Signature`: lower-case hex SHA-256 of timestamp + nonce + key + body
 * as UTF-8 (§8.7). `body` must be the exact bytes sent: the Node SDK hashes
 * `JSON.stringify(JSON.parse(body))`, so only `JSON.stringify` output passes.
 */
export function signature(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey + body, 'utf8').digest('hex');
}
