/**
 * How one delivery attempt went, whatever carried it: the outbox records it
 * as an attempt and decides from `ok` whether the event is done or due again
 * (platform.md §8.8, §9.4).
 */
export interface AttemptOutcome {
  /** Webhook: any 2xx within the timeout. Long connection: an ack with code 200 within it. */
  ok: boolean;
  /** The HTTP status (webhook) or the ack's `code` (long connection); null when none came. */
  code: number | null;
  /** From the start of the attempt (connect included) to its answer or its failure. */
  latencyMs: number;
  /** Why it failed, in a short line for the attempt log: never a secret, never a body. */
  error: string | null;
}

/** The whole attempt, connect included, must answer within this (platform.md §8.8). */
export const ATTEMPT_TIMEOUT_MS = 3000;
