import type { Kysely } from 'kysely';
import type { CaldavNameRepository } from '../../core/ports.js';
import type { Database } from '../tables.js';

export class KyselyCaldavNameRepository implements CaldavNameRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async put(tenantKey: string, calendarId: string, name: string, uid: string): Promise<void> {
    // Two statements, each atomic: between them the UID has no recorded name and is named after itself.
    await this.db.deleteFrom('caldav_object_names').where('calendar_id', '=', calendarId).where('uid', '=', uid).where('name', '<>', name).execute();
    await this.db.insertInto('caldav_object_names').values({ calendar_id: calendarId, name, tenant_key: tenantKey, uid })
      .onConflict((oc) => oc.columns(['calendar_id', 'name']).doUpdateSet({ uid, tenant_key: tenantKey })).execute();
  }

  async uidOf(calendarId: string, name: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('caldav_object_names').select('uid').where('calendar_id', '=', calendarId).where('name', '=', name).executeTakeFirst();
    return row?.uid;
  }

  async nameOf(calendarId: string, uid: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('caldav_object_names').select('name').where('calendar_id', '=', calendarId).where('uid', '=', uid).executeTakeFirst();
    return row?.name;
  }

  async namesOf(calendarId: string): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom('caldav_object_names').select(['uid', 'name']).where('calendar_id', '=', calendarId).execute();
    return new Map(rows.map((r) => [r.uid, r.name]));
  }
}
