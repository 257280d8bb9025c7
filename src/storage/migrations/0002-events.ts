/**
 * Frozen: events, where they show, who attends, and per-identity settings.
 * Written against Kysely<any> and importing nothing from the app.
 */
import type { Kysely } from 'kysely';

export function events(_dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // One row per one-off event, series master and exception. first_start /
      // last_end are derived for range queries (open-ended series end in 9999).
      await db.schema
        .createTable('events')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('uid', 'text', (c) => c.notNull())
        .addColumn('original_time', 'bigint', (c) => c.notNull())
        .addColumn('tenant_key', 'text', (c) => c.notNull())
        .addColumn('organizer_calendar_id', 'text', (c) => c.notNull())
        .addColumn('organizer', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('is_exception', 'integer', (c) => c.notNull())
        .addColumn('is_recurring', 'integer', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('create_time', 'bigint', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('first_start', 'bigint', (c) => c.notNull())
        .addColumn('last_end', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_uid').on('events').columns(['uid', 'original_time']).execute();

      // Where an event shows. Range and sync queries go through this table, so it
      // repeats the event's time span and carries its own version.
      await db.schema
        .createTable('event_placements')
        .addColumn('calendar_id', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('removed', 'integer', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('first_start', 'bigint', (c) => c.notNull())
        .addColumn('last_end', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('event_placements_pk', ['calendar_id', 'event_id'])
        .execute();
      await db.schema.createIndex('event_placements_range').on('event_placements').columns(['calendar_id', 'last_end', 'first_start']).execute();
      await db.schema.createIndex('event_placements_start').on('event_placements').columns(['calendar_id', 'first_start']).execute();
      await db.schema.createIndex('event_placements_version').on('event_placements').columns(['calendar_id', 'version']).execute();
      await db.schema.createIndex('event_placements_event').on('event_placements').columns(['event_id']).execute();

      await db.schema
        .createTable('event_personal')
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('identity', 'text', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('event_personal_pk', ['identity', 'event_id'])
        .execute();

      await db.schema
        .createTable('attendees')
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('attendee_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('user_ref', 'text')
        .addColumn('chat_id', 'text')
        .addColumn('room_id', 'text')
        .addColumn('email', 'text')
        .addColumn('rsvp_status', 'text', (c) => c.notNull())
        .addColumn('is_optional', 'integer', (c) => c.notNull())
        .addColumn('is_organizer', 'integer', (c) => c.notNull())
        .addColumn('is_external', 'integer', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('operate_ref', 'text')
        .addColumn('approval_reason', 'text', (c) => c.notNull())
        .addColumn('resource_customization', 'text', (c) => c.notNull())
        .addColumn('removed', 'integer', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('attendees_pk', ['event_id', 'attendee_id'])
        .execute();
      await db.schema.createIndex('attendees_user').on('attendees').columns(['user_ref']).execute();
      await db.schema.createIndex('attendees_room').on('attendees').columns(['room_id', 'rsvp_status']).execute();
      await db.schema.createIndex('attendees_event_seq').on('attendees').columns(['event_id', 'seq']).execute();

      await db.schema
        .createTable('chat_member_rsvps')
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('attendee_id', 'text', (c) => c.notNull())
        .addColumn('user_ref', 'text', (c) => c.notNull())
        .addColumn('rsvp_status', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('chat_member_rsvps_pk', ['event_id', 'attendee_id', 'user_ref'])
        .execute();

      // A repeated create with the same idempotency_key (per app and calendar) returns the first event.
      await db.schema
        .createTable('event_idempotency')
        .addColumn('app_id', 'text', (c) => c.notNull())
        .addColumn('calendar_id', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('event_idempotency_pk', ['app_id', 'calendar_id', 'idempotency_key'])
        .execute();

      // Per series: the meeting chat and the minutes document.
      await db.schema
        .createTable('event_extras')
        .addColumn('uid', 'text', (c) => c.primaryKey())
        .addColumn('meeting_chat_id', 'text')
        .addColumn('meeting_chat_owner', 'text')
        .addColumn('minute_url', 'text')
        .execute();
    },
  };
}
