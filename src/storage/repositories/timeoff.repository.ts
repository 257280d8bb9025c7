import type { Kysely } from 'kysely';
import type { TimeoffEvent, TimeoffRepository } from '../../core/availability/timeoff-ports.js';
import type { Database, TimeoffEventRow } from '../tables.js';

const timeoffFromRow = (r: TimeoffEventRow): TimeoffEvent => ({
  timeoffEventId: r.timeoff_event_id, tenantKey: r.tenant_key, appId: r.app_id, userRef: r.user_ref, eventId: r.event_id,
  timezone: r.timezone, startTime: r.start_time, endTime: r.end_time, title: r.title, description: r.description,
  deleted: Number(r.deleted) === 1, createdAt: Number(r.created_at),
});

export class KyselyTimeoffRepository implements TimeoffRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(t: TimeoffEvent): Promise<void> {
    await this.db
      .insertInto('timeoff_events')
      .values({
        timeoff_event_id: t.timeoffEventId, tenant_key: t.tenantKey, app_id: t.appId, user_ref: t.userRef, event_id: t.eventId,
        timezone: t.timezone, start_time: t.startTime, end_time: t.endTime, title: t.title, description: t.description,
        deleted: t.deleted ? 1 : 0, created_at: t.createdAt,
      })
      .execute();
  }

  async get(timeoffEventId: string): Promise<TimeoffEvent | undefined> {
    const r = await this.db.selectFrom('timeoff_events').selectAll().where('timeoff_event_id', '=', timeoffEventId).executeTakeFirst();
    return r && timeoffFromRow(r);
  }

  async markDeleted(timeoffEventId: string): Promise<void> {
    await this.db.updateTable('timeoff_events').set({ deleted: 1 }).where('timeoff_event_id', '=', timeoffEventId).execute();
  }

  async findByEvent(eventId: string): Promise<TimeoffEvent | undefined> {
    const r = await this.db.selectFrom('timeoff_events').selectAll().where('event_id', '=', eventId).executeTakeFirst();
    return r && timeoffFromRow(r);
  }
}
