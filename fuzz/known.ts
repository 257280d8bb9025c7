/**
 * Failures already filed in issue #16, fixed on other branches: reported
 * apart ("known"), and not failing the run. Each entry names its defect and
 * matches as narrowly as the failure allows. Delete an entry with its fix.
 */
import type { Failure } from './checks.js';

export interface KnownDefect {
  /** The defect's number in issue #16's list. */
  defect: number;
  what: string;
  matches(failure: Failure): boolean;
}

/** Empty: issue #16's defects 2–5 were fixed (branch reliability), so every failure fails the run again. */
export const KNOWN: readonly KnownDefect[] = [];

export function knownDefectOf(failure: Failure): KnownDefect | undefined {
  return KNOWN.find((k) => k.matches(failure));
}
