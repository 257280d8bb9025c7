/**
 * The one redaction the sandbox applies to what it shows (journal, deliveries,
 * app event settings): secrets become "***" wherever they sit, in bodies,
 * headers and query strings (issue #12 §4).
 */

export const REDACTED = '***';

/** Keys whose value is a credential, compared in lower case. */
const SECRET_KEYS = new Set([
  'authorization', 'proxy-authorization', 'cookie', 'set-cookie',
  'password', 'app_secret', 'client_secret', 'secret', 'encrypt_key',
  'token', 'app_ticket', 'code_verifier', 'client_assertion',
]);

/** `*_token` names cursors too: these page through lists and are no credential. */
const NOT_SECRET_TOKENS = new Set(['page_token', 'sync_token', 'file_token']);

/**
 * `code` is an OAuth authorization code when it is a string; the envelope's
 * `code` is a number and stays, as does every other number.
 */
export function isSecretKey(key: string, value: unknown): boolean {
  const k = key.toLowerCase();
  if (k === 'code') return typeof value === 'string';
  if (SECRET_KEYS.has(k)) return true;
  if (k.endsWith('_token')) return !NOT_SECRET_TOKENS.has(k);
  return k.endsWith('_secret') || k.endsWith('password');
}

const MAX_DEPTH = 32;

/**
 * A JSON-safe copy of `value` with every secret replaced. Buffers and other
 * non-plain objects (streams, multipart files) are summarised, never walked.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') return redactUrlText(value);
  if (typeof value !== 'object') return value === undefined ? null : String(value);
  if (depth >= MAX_DEPTH) return '(too deep)';
  if (Buffer.isBuffer(value)) return `(${value.length} bytes)`;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return '(object)';
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    out[key] = isSecretKey(key, item) ? REDACTED : redact(item, depth + 1);
  }
  return out;
}

/** A header map (Node's, with array values for repeated headers), redacted. */
export function redactHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const text = Array.isArray(raw) ? raw.join(', ') : String(raw);
    out[name.toLowerCase()] = isSecretKey(name, text) ? REDACTED : redactUrlText(text);
  }
  return out;
}

/** A query string's parameters, redacted (`a=1&a=2` keeps the last, as Fastify's parser does not). */
export function redactQuery(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const shown = isSecretKey(key, value) ? REDACTED : value;
    const previous = out[key];
    out[key] = previous === undefined ? shown : Array.isArray(previous) ? [...previous, shown] : [previous, shown];
  }
  return out;
}

/**
 * A URL in text (a redirect's `Location`, a `request_url`) carries its secrets
 * in the query: `?code=…&state=…` after a sign-in. Other text is left as it is.
 */
function redactUrlText(text: string): string {
  if (!/^https?:\/\/[^\s]*\?/.test(text) || !URL.canParse(text)) return text;
  const url = new URL(text);
  let changed = false;
  for (const [key, value] of [...url.searchParams]) {
    if (!isSecretKey(key, value)) continue;
    url.searchParams.set(key, REDACTED);
    changed = true;
  }
  return changed ? url.toString() : text;
}
