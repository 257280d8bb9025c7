/**
 * Frozen: rooms gain a city and a level path, users a working-hours setting,
 * and time-off events get their table. Written against Kysely<any> and importing
 * nothing from the app; it depends on 0001/0002 only.
 */
import type { Kysely } from 'kysely';

export function timeoffRooms(_dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('rooms').addColumn('city', 'text', (c) => c.notNull().defaultTo('')).execute();
      // The room's level as a JSON array of level names from the top (building → floor …); '[]' = the tenant level.
      await db.schema.alterTable('rooms').addColumn('room_level', 'text', (c) => c.notNull().defaultTo('[]')).execute();
      // JSON {timezone, days}; NULL = the default (Mon–Fri 09:00–18:00 in the user's own zone).
      await db.schema.alterTable('users').addColumn('working_hours', 'text').execute();

      // One row per time-off event (calendars.md §6); the leave itself is an event row on the
      // user's primary calendar (`event_id`). `start_time`/`end_time` are kept as the caller sent them.
      await db.schema
        .createTable('timeoff_events')
        .addColumn('timeoff_event_id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_key', 'text', (c) => c.notNull())
        .addColumn('app_id', 'text', (c) => c.notNull())
        .addColumn('user_ref', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addColumn('start_time', 'text', (c) => c.notNull())
        .addColumn('end_time', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('timeoff_events_event').on('timeoff_events').columns(['event_id']).execute();
      await db.schema.createIndex('timeoff_events_user').on('timeoff_events').columns(['user_ref']).execute();
    },
  };
}
