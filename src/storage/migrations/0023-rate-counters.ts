/**
 * Frozen. rate_counters: the gateway's rate-limit counters when several larkcal
 * processes share a PostgreSQL database (issue #16 §3): one row per key and
 * window (`slot` is `<window ms>|<app>|<tenant>|<API>`), swept once expired.
 * Created on SQLite too, so both schemas stay alike; a single process counts in
 * memory there. Written against Kysely<any> and importing nothing from the app.
 */
import type { Kysely } from 'kysely';

export function rateCounters() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createTable('rate_counters')
        .addColumn('slot', 'text', (c) => c.notNull())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('rate_counters_pk', ['slot', 'window_start'])
        .execute();
      await db.schema.createIndex('rate_counters_expiry').on('rate_counters').columns(['expires_at']).execute();
    },
  };
}
