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
import type { Change, LoggedChange } from './model.js';

export interface ChangeLog {
  /** Appends inside the caller's transaction (or one of its own); returns the new sequence number. */
  append(change: Change): Promise<number>;
  /** The highest sequence number committed so far; 0 for an empty log. */
  head(): Promise<number>;
  /** Committed changes numbered above `seq`, in order, at most `limit`. */
  readAfter(seq: number, limit: number): Promise<LoggedChange[]>;
  /** Where `consumer` stands: the last sequence number it finished with; 0 before its first. */
  cursor(consumer: string): Promise<number>;
  /**
   * Moves the consumer's cursor to `seq`; never back. Called on the repositories of
   * `store.transaction`, it commits with the consumer's work or not at all.
   */
  advanceCursor(consumer: string, seq: number): Promise<void>;
}
