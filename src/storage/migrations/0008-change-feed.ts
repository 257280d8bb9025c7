/**
 * Frozen. The change log becomes a typed feed that consumers read:
 * - changes: (topic, change_type, identity, entity_id, payload) become `kind`
 *   ('event.rsvp', …), `actor` (who made it), `affected` (JSON array of the
 *   identities personally touched) and `data` (JSON, the kind's fields). Rows
 *   written before are converted here. `identity` held the actor on event rows
 *   and the person affected on the others; the old rows do not know the actor
 *   of calendar, membership and ACL changes beyond that, so it stays null there.
 *   An attendee's personal change was logged on the organizer's calendar; it
 *   moves to the attendee's primary calendar. The new columns carry defaults
 *   only because SQLite cannot add a NOT NULL column without one.
 * - change_cursors: where each consumer of the feed stands.
 * - event_subscriptions found by calendar and by identity, for targeting.
 */
import type { Kysely } from 'kysely';

interface LegacyChange {
  seq: number; topic: string; change_type: string; calendar_id: string; identity: string | null; entity_id: string; payload: string;
}

interface Converted { kind: string; calendar_id: string; actor: string | null; affected: string[]; data: Record<string, unknown> }

/** The typed shape of a legacy row (core/changes/model.ts, as of this migration). */
function convert(row: LegacyChange, primaryOf: (identity: string) => string | undefined): Converted {
  const p = JSON.parse(row.payload) as Record<string, unknown>;
  const who = row.identity;
  const mine = who ? [who] : [];
  const base = { calendar_id: row.calendar_id, actor: null, affected: [] as string[] };
  const type = row.change_type;
  switch (row.topic) {
    case 'calendar': {
      if (type === 'create') {
        const calendarType = typeof p.type === 'string' ? p.type : 'shared';
        const data = { calendarType, roomId: typeof p.room_id === 'string' ? p.room_id : null };
        return { ...base, kind: 'calendar.created', actor: calendarType === 'shared' ? who : null, affected: mine, data };
      }
      return { ...base, kind: type === 'delete' ? 'calendar.deleted' : 'calendar.updated', data: {} };
    }
    case 'calendar_member': {
      const kind = type === 'create' ? 'membership.added' : type === 'delete' ? 'membership.removed' : 'membership.updated';
      return { ...base, kind, actor: who, affected: mine, data: { member: who } };
    }
    case 'acl': {
      const data = { aclId: row.entity_id, grantee: who, role: p.role };
      if (type === 'update') return { ...base, kind: 'acl.roleChanged', affected: mine, data: { ...data, previousRole: p.previous_role } };
      return { ...base, kind: type === 'delete' ? 'acl.deleted' : 'acl.created', affected: mine, data };
    }
    default:
      return convertEvent(row, p, primaryOf);
  }
}

function convertEvent(row: LegacyChange, p: Record<string, unknown>, primaryOf: (identity: string) => string | undefined): Converted {
  const eventId = row.entity_id;
  const base = { calendar_id: row.calendar_id, actor: row.identity, affected: [] as string[] };
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  const timeoffEventId = typeof p.timeoff_event_id === 'string' ? p.timeoff_event_id : null;
  if (row.change_type === 'create') return { ...base, kind: 'event.created', data: { eventId, timeoffEventId } };
  if (row.change_type === 'delete') return { ...base, kind: 'event.deleted', data: { eventId, timeoffEventId } };
  if (row.change_type === 'rsvp') {
    const user = `user:${String(p.user_ref)}`;
    return { ...base, kind: 'event.rsvp', affected: [user], data: { eventId, user, rsvpStatus: p.rsvp_status } };
  }
  if (p.personal === true && row.identity) {
    const calendar_id = primaryOf(row.identity) ?? row.calendar_id;
    return { ...base, calendar_id, kind: 'event.personalUpdated', affected: [row.identity], data: { eventId, attendee: row.identity } };
  }
  const addedTo = list(p.added_to);
  const removedFrom = list(p.removed_from);
  const attendeeIds = list(p.attendees);
  if (addedTo.length > 0) return { ...base, kind: 'event.attendeesAdded', data: { eventId, attendeeIds, addedTo } };
  if (removedFrom.length > 0) return { ...base, kind: 'event.attendeesRemoved', data: { eventId, attendeeIds, removedFrom } };
  // An attendee change that moved no calendar cannot tell an addition from a removal: it reads as an update.
  return { ...base, kind: 'event.updated', data: { eventId, removedFrom: [] } };
}

async function convertRows(db: Kysely<any>): Promise<void> {
  const primaries = new Map<string, string>();
  for (const c of await db.selectFrom('calendars').select(['owner', 'calendar_id']).where('type', '=', 'primary').execute()) {
    primaries.set(c.owner as string, c.calendar_id as string);
  }
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('changes').select(['seq', 'topic', 'change_type', 'calendar_id', 'identity', 'entity_id', 'payload'])
      .where('seq', '>', after).orderBy('seq').limit(1000).execute() as LegacyChange[];
    if (rows.length === 0) return;
    for (const row of rows) {
      const c = convert(row, (identity) => primaries.get(identity));
      await db.updateTable('changes').where('seq', '=', row.seq).set({
        kind: c.kind, calendar_id: c.calendar_id, actor: c.actor, affected: JSON.stringify(c.affected), data: JSON.stringify(c.data),
      }).execute();
    }
    after = Number(rows[rows.length - 1]!.seq);
  }
}

export function changeFeed(_dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('changes').addColumn('kind', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.schema.alterTable('changes').addColumn('actor', 'text').execute();
      await db.schema.alterTable('changes').addColumn('affected', 'text', (c) => c.notNull().defaultTo('[]')).execute();
      await db.schema.alterTable('changes').addColumn('data', 'text', (c) => c.notNull().defaultTo('{}')).execute();
      await convertRows(db);
      // One column per statement: SQLite's ALTER TABLE takes one action at a time.
      for (const column of ['topic', 'change_type', 'identity', 'entity_id', 'payload']) {
        await db.schema.alterTable('changes').dropColumn(column).execute();
      }

      await db.schema
        .createTable('change_cursors')
        .addColumn('consumer', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema.createIndex('event_subscriptions_calendar').on('event_subscriptions').columns(['kind', 'calendar_id']).execute();
      await db.schema.createIndex('event_subscriptions_identity').on('event_subscriptions').columns(['identity', 'kind']).execute();
    },
  };
}
