/**
 * Frozen. caldav_object_names: the resource name a CalDAV client chose for a
 * series (RFC 4791 §4.1 lets it name an object anything), by calendar. A
 * series without a row is named after its UID. One name per UID per calendar.
 * Written against Kysely<any> and importing nothing from the app.
 */
import type { Kysely } from 'kysely';

export function caldavObjectNames() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createTable('caldav_object_names')
        .addColumn('calendar_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('tenant_key', 'text', (c) => c.notNull())
        .addColumn('uid', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('caldav_object_names_pk', ['calendar_id', 'name'])
        .execute();
      await db.schema.createIndex('caldav_object_names_uid').unique().on('caldav_object_names').columns(['calendar_id', 'uid']).execute();
    },
  };
}
