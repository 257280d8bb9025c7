/**
 * Frozen. A series master's occurrence times, written with the series (a
 * derived query column, like first_start and last_end): free/busy and the
 * instance view read them instead of iterating the RRULE per request. Series
 * saved before this migration have none and are iterated as before.
 */
import type { Kysely } from 'kysely';

export function eventExpansions(_dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('events').addColumn('occurrences', 'text').execute();
    },
  };
}
