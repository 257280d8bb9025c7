/**
 * Frozen. The iCalendar UID apart from the series id. Until now `events.uid`
 * was the UUID part of the event ids, grouping a series' rows; CalDAV clients
 * bring UIDs of any form, so:
 * - events.series_id takes that role (filled from uid); uid stays the UID,
 *   which for every event stored so far is that same UUID.
 * - series are found by (series_id, original_time), replacing 0002's index;
 *   UIDs by (tenant_key, uid), and a master's UID is unique per tenant and
 *   organizer calendar.
 * - the copies keep up: event_extras is keyed by series_id; the free/busy copy
 *   on each placement (0007) names the series `seriesId`; a tombstone's last
 *   state (0004, an events row as JSON) gains its series_id.
 * Written against Kysely<any> and importing nothing from the app.
 */
import { sql, type Kysely } from 'kysely';

async function fillTombstones(db: Kysely<any>): Promise<void> {
  const rows = await db.selectFrom('event_tombstones').select(['calendar_id', 'event_id', 'last_state']).execute() as Array<{ calendar_id: string; event_id: string; last_state: string }>;
  for (const row of rows) {
    const state = JSON.parse(row.last_state) as Record<string, unknown>;
    if (state.series_id !== undefined) continue;
    await db.updateTable('event_tombstones').set({ last_state: JSON.stringify({ ...state, series_id: state.uid }) })
      .where('calendar_id', '=', row.calendar_id).where('event_id', '=', row.event_id).execute();
  }
}

export function eventUid(_dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // SQLite adds a NOT NULL column only with a default; every write sets it.
      await db.schema.alterTable('events').addColumn('series_id', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.updateTable('events').set({ series_id: sql`uid` }).execute();
      await db.schema.dropIndex('events_uid').execute();
      await db.schema.createIndex('events_series').on('events').columns(['series_id', 'original_time']).execute();
      await db.schema.createIndex('events_tenant_uid').on('events').columns(['tenant_key', 'uid']).execute();
      await db.schema.createIndex('events_master_uid').unique().on('events')
        .columns(['tenant_key', 'organizer_calendar_id', 'uid']).where(sql.ref('original_time'), '=', 0).execute();

      await db.schema.alterTable('event_extras').renameColumn('uid', 'series_id').execute();
      // 0007's copies all begin `{"uid":` (7 characters): the key is renamed in place.
      await db.updateTable('event_placements').set({ busy: sql`'{"seriesId":' || substr(busy, 8)` }).where('busy', 'like', '{"uid":%').execute();
      await fillTombstones(db);
    },
  };
}
