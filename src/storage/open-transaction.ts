/**
 * An open transaction as use cases see it: its repositories, and a
 * `transaction` that joins it instead of opening a second one. A unit of work
 * of several use cases (a CalDAV PUT: the master, its attendees, each
 * override) hands this to them and commits once: all of it or none.
 *
 * A joined part that fails dooms the whole transaction, even if the caller
 * catches its error and goes on: its writes cannot be undone alone (no
 * savepoint), so committing the rest would keep half of it.
 */
import type { OpenTransaction, Repositories, TransactionScope } from '../core/ports.js';
import { OtherTenantsTurn, type TurnState } from './repositories/change-log.js';

/** What the outer transaction holds and learns from its parts. */
export interface UnitState extends TurnState {
  /** The first error a joined part threw, if any. */
  failure?: { error: unknown };
  /** Set once the outer transaction has committed or rolled back. */
  ended: boolean;
}

/** `turn`: the tenant whose turn the transaction holds (undefined: every tenant's); `perTenant`: whether that matters (PostgreSQL). */
export function openTransaction(repos: Repositories, turn: { tenantKey: string | undefined; perTenant: boolean }, state: UnitState): OpenTransaction {
  const open: OpenTransaction = {
    ...repos,
    async transaction<T>(work: (repos: OpenTransaction) => Promise<T>, scope?: TransactionScope): Promise<T> {
      if (state.ended) throw new Error('this transaction has ended: open a new one through the store');
      // A part wanting another tenant's turn, or every tenant's, sends the whole unit round again in every turn (store.ts).
      if (turn.perTenant && turn.tenantKey !== undefined && scope?.tenantKey !== turn.tenantKey) {
        state.crossed = true;
        throw new OtherTenantsTurn(turn.tenantKey, scope?.tenantKey ?? 'every tenant');
      }
      try {
        return await work(open);
      } catch (error) {
        state.failure ??= { error };
        throw error;
      }
    },
  };
  return open;
}
