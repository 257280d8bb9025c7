/**
 * The webhook sender the outbox calls: one push of one envelope to an app's
 * request URL, encrypted and signed when the app has an Encrypt Key
 * (platform.md §8.2, §8.6, §8.7), judged by §8.8.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../core/ports.js';
import { ATTEMPT_TIMEOUT_MS, type AttemptOutcome } from './transport.js';
import { encrypt, signature } from './webhook-crypto.js';
import { post, type PostResult } from './webhook-http.js';

export interface WebhookTarget {
  /** The app's request URL: http or https. */
  url: string;
  /** The app's Encrypt Key; null (or empty, as the SDK reads it) when none is set. */
  encryptKey: string | null;
}

export interface WebhookOptions {
  /** Refuse loopback, private, link-local and other non-public addresses (`--delivery-deny-private`). */
  denyPrivate?: boolean;
  /** The whole attempt, connect included; default `ATTEMPT_TIMEOUT_MS`. */
  timeoutMs?: number;
  /** Source of `X-Lark-Request-Timestamp`: the sandbox clock, so it agrees with the envelope's times. */
  clock?: Clock;
}

export interface WebhookRequest {
  body: string;
  headers: Record<string, string>;
}

/**
 * The body and headers of one push of `json` (already `JSON.stringify`
 * output). With a key: body `{"encrypt":"…"}` and a signature over exactly
 * that. Timestamp and nonce go out either way (harmless, §8.2, and useful in
 * a receiver's log); without a key there is nothing to sign with, and a hash
 * over an empty key would promise an authenticity it does not give, so no
 * `X-Lark-Signature` is sent.
 */
export function webhookRequest(encryptKey: string | null, json: string, nowMs: number): WebhookRequest {
  const body = encryptKey ? JSON.stringify({ encrypt: encrypt(encryptKey, json) }) : json;
  const timestamp = String(Math.floor(nowMs / 1000)); // Unix seconds, observed e.g. 1752346850
  const nonce = String(randomInt(100_000_000, 1_000_000_000)); // observed as a 9-digit number
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'User-Agent': 'larkcal',
    'X-Request-Id': randomUUID(),
    'X-Lark-Request-Timestamp': timestamp,
    'X-Lark-Request-Nonce': nonce,
  };
  if (encryptKey) headers['X-Lark-Signature'] = signature(timestamp, nonce, encryptKey, body);
  return { body, headers };
}

/**
 * Serialises `envelope` once with `JSON.stringify` and pushes those bytes.
 * The envelope is taken as a value, not as JSON text, because the Node SDK
 * accepts only a body equal to `JSON.stringify(JSON.parse(body))` (§8.7): text
 * from elsewhere (PostgreSQL's jsonb prints `{"a": 1}`) would be answered
 * HTTP 200 and silently dropped, a failure no sender could see.
 */
export async function postEnvelope(target: WebhookTarget, envelope: object, options: WebhookOptions = {}): Promise<PostResult> {
  let json: string | undefined;
  try {
    json = JSON.stringify(envelope);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { outcome: { ok: false, code: null, latencyMs: 0, error: `the envelope is not JSON: ${reason}` }, response: null };
  }
  if (typeof json !== 'string') return { outcome: { ok: false, code: null, latencyMs: 0, error: 'the envelope is not JSON' }, response: null };
  const { body, headers } = webhookRequest(target.encryptKey, json, (options.clock ?? systemClock).now());
  return post(target.url, body, headers, { denyPrivate: options.denyPrivate ?? false, timeoutMs: options.timeoutMs ?? ATTEMPT_TIMEOUT_MS });
}

/** One delivery attempt of a change event: ok on any 2xx within the timeout (§8.8). */
export async function deliverWebhook(target: WebhookTarget, envelope: object, options: WebhookOptions = {}): Promise<AttemptOutcome> {
  return (await postEnvelope(target, envelope, options)).outcome;
}
