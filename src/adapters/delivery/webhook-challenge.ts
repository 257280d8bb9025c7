/**
 * URL verification (platform.md §8.5): when an app's request URL is set, the
 * platform posts a challenge and accepts the URL only if the receiver echoes
 * it within 1 second.
 */
import { randomUUID } from 'node:crypto';
import type { AttemptOutcome } from './transport.js';
import { postEnvelope, type WebhookOptions, type WebhookTarget } from './webhook.js';

/**
 * Feishu's limit, kept: a URL larkcal accepts is one Feishu accepts. The
 * SDK's `autoChallenge` answers before any handler runs, well within it.
 */
export const CHALLENGE_TIMEOUT_MS = 1000;

export interface ChallengeTarget extends WebhookTarget {
  /** Carried as `token` in the challenge; the Node SDK never compares it (§8.5). */
  verificationToken: string;
}

export interface ChallengeResult {
  /** HTTP 200 whose JSON body's `challenge` is the value sent. */
  answered: boolean;
  /** The attempt as the attempt log records it: `ok` exactly when answered, `error` says why not. */
  outcome: AttemptOutcome;
}

/**
 * Posts `{"challenge", "token", "type": "url_verification"}`, encrypted and
 * signed when the target has an Encrypt Key (the answer never is encrypted).
 * `timeoutMs` defaults to `CHALLENGE_TIMEOUT_MS`.
 */
export async function sendChallenge(target: ChallengeTarget, options: WebhookOptions = {}): Promise<ChallengeResult> {
  const challenge = randomUUID();
  const envelope = { challenge, token: target.verificationToken, type: 'url_verification' };
  const { outcome, response } = await postEnvelope(target, envelope, { ...options, timeoutMs: options.timeoutMs ?? CHALLENGE_TIMEOUT_MS });
  if (!outcome.ok) return { answered: false, outcome };
  const error = outcome.code !== 200 ? `HTTP ${outcome.code}, not 200` : echoes(response, challenge) ? null : 'HTTP 200 without {"challenge": <the value sent>}';
  return { answered: error === null, outcome: { ...outcome, ok: error === null, error } };
}

function echoes(response: string | null, challenge: string): boolean {
  if (response === null) return false;
  try {
    const answer: unknown = JSON.parse(response);
    return typeof answer === 'object' && answer !== null && (answer as { challenge?: unknown }).challenge === challenge;
  } catch {
    return false;
  }
}
