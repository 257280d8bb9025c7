/**
 * The change feed: one append-only log that sync tokens, CalDAV sync and
 * change-event delivery all read. Writers append in the transaction of the
 * write; readers page through it by sequence number and keep their place in a
 * durable cursor.
 *
 * No gaps visible to readers: every transaction that appends takes its
 * tenant's turn (storage/dialects/*: takeTurn) and holds it until its commit is
 * visible, so a tenant's numbers commit in the order they are handed out. A
 * reader of one tenant that has seen N+1 of it has therefore seen its N (unless
 * N was rolled back: numbers may be skipped, never filled in later). Tenants
 * share one sequence but not a turn, so across tenants that holds only for a
 * reader holding every tenant's turn: readAfter takes it.
 */
import type { Change, LoggedChange } from './model.js';

export interface ChangeLog {
  /** Appends inside the caller's transaction (or one of its own); returns the new sequence number. */
  append(change: Change): Promise<number>;
  /**
   * The highest sequence number of `tenantKey`'s changes committed so far; 0 for
   * none. Every later change of the tenant is numbered above it, so it is what
   * a sync token holds. Without a tenant, the highest of all: another tenant may
   * still commit below it, so it only tells a consumer whose cursor readAfter
   * moved whether there is anything after it.
   */
  head(tenantKey?: string): Promise<number>;
  /**
   * Committed changes of every tenant numbered above `seq`, in order, at most
   * `limit`: a gapless prefix, read while holding every tenant's turn (the
   * caller's unscoped transaction, or one of its own).
   */
  readAfter(seq: number, limit: number): Promise<LoggedChange[]>;
  /** Where `consumer` stands: the last sequence number it finished with; 0 before its first. */
  cursor(consumer: string): Promise<number>;
  /**
   * Moves the consumer's cursor to `seq`; never back. Called on the repositories of
   * `store.transaction`, it commits with the consumer's work or not at all.
   */
  advanceCursor(consumer: string, seq: number): Promise<void>;
}
