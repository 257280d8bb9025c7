/**
 * Frozen. A deleted series' UID may be used again (RFC 4791 §5.3.2.1 asks
 * only that a calendar hold one object per UID; vdirsyncer and Thunderbird's
 * undo delete and re-create with the same UID). 0009's unique index counted
 * deleted masters (status 'cancelled'); it now holds among live ones only. A
 * deleted master keeps its row and event id, so sync lists still show it
 * deleted; the new series has ids of its own.
 * Written against Kysely<any> and importing nothing from the app.
 */
import { sql, type Kysely } from 'kysely';

export function liveEventUid() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.dropIndex('events_master_uid').execute();
      await db.schema.createIndex('events_live_master_uid').unique().on('events')
        .columns(['tenant_key', 'organizer_calendar_id', 'uid'])
        .where(sql<boolean>`original_time = 0 and status <> 'cancelled'`).execute();
    },
  };
}
