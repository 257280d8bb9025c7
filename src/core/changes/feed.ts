/**
 * The change feed: one append-only log that sync tokens, CalDAV sync and
 * change-event delivery all read. Writers append in the transaction of the
 * write; readers page through it by sequence number and keep their place in a
 * durable cursor.
 *
 * No gaps visible to readers: every transaction that appends takes its turn
 * (storage/dialects/*: takeTurn) and holds it until its commit is visible, so
 * numbers commit in the order they are handed out. A reader that has seen N+1
 * has therefore seen N (unless N was rolled back: numbers may be skipped, never
 * filled in later).
 */
import type { Change } from './model.js';

export interface ChangeLog {
  /** Appends inside the caller's transaction (or one of its own); returns the new sequence number. */
  append(change: Change): Promise<number>;
  /** The highest sequence number committed so far; 0 for an empty log. */
  head(): Promise<number>;
}
