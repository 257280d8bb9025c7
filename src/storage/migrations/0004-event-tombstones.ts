/**
 * Frozen: what a destroyed exception leaves behind for incremental sync.
 * Written against Kysely<any> and importing nothing from the app.
 */
import type { Kysely } from 'kysely';

export function eventTombstones(_dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // DELETE …?delete_exception=true destroys the exception's rows; one tombstone per calendar it
      // showed on keeps its last state, so a sync token older than `version` still learns of it.
      await db.schema
        .createTable('event_tombstones')
        .addColumn('calendar_id', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('first_start', 'bigint', (c) => c.notNull())
        .addColumn('last_state', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('event_tombstones_pk', ['calendar_id', 'event_id'])
        .execute();
      await db.schema.createIndex('event_tombstones_version').on('event_tombstones').columns(['calendar_id', 'version']).execute();
    },
  };
}
