import type { Kysely } from 'kysely';
import type { AclRepository, Clock } from '../../core/ports.js';
import type { Acl, GrantableRole } from '../../core/calendars/model.js';
import type { IdentityKey } from '../../core/tenancy/model.js';
import type { AclRow, Database } from '../tables.js';

const aclFromRow = (r: AclRow): Acl => ({
  calendarId: r.calendar_id, aclId: r.acl_id, identity: r.identity as IdentityKey, role: r.role as GrantableRole,
});

export class KyselyAclRepository implements AclRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async get(calendarId: string, aclId: string): Promise<Acl | undefined> {
    const r = await this.db.selectFrom('acls').selectAll().where('calendar_id', '=', calendarId).where('acl_id', '=', aclId).executeTakeFirst();
    return r && aclFromRow(r);
  }

  async findFor(calendarId: string, identity: IdentityKey): Promise<Acl | undefined> {
    const r = await this.db.selectFrom('acls').selectAll().where('calendar_id', '=', calendarId).where('identity', '=', identity).executeTakeFirst();
    return r && aclFromRow(r);
  }

  async forIdentity(identity: IdentityKey, calendarIds: readonly string[]): Promise<Acl[]> {
    if (calendarIds.length === 0) return [];
    const rows = await this.db.selectFrom('acls').selectAll().where('identity', '=', identity).where('calendar_id', 'in', [...calendarIds]).execute();
    return rows.map(aclFromRow);
  }

  async put(acl: Acl, options: { fresh?: boolean } = {}): Promise<void> {
    // created_at orders the list: strictly rising per calendar, so ACLs granted
    // within one millisecond still list in the order they were granted.
    const last = options.fresh ? undefined : await this.db
      .selectFrom('acls')
      .select((eb) => eb.fn.max('created_at').as('at'))
      .where('calendar_id', '=', acl.calendarId)
      .executeTakeFirst();
    const createdAt = Math.max(this.clock.now(), Number(last?.at ?? 0) + 1);
    await this.db
      .insertInto('acls')
      .values({ calendar_id: acl.calendarId, acl_id: acl.aclId, identity: acl.identity, role: acl.role, created_at: createdAt })
      .onConflict((oc) => oc.columns(['calendar_id', 'acl_id']).doUpdateSet({ role: acl.role }))
      .execute();
  }

  async delete(calendarId: string, aclId: string): Promise<void> {
    await this.db.deleteFrom('acls').where('calendar_id', '=', calendarId).where('acl_id', '=', aclId).execute();
  }

  async list(calendarId: string, offset: number, limit: number): Promise<Acl[]> {
    const rows = await this.db
      .selectFrom('acls')
      .selectAll()
      .where('calendar_id', '=', calendarId)
      .orderBy('created_at')
      .orderBy('acl_id')
      .offset(offset)
      .limit(limit)
      .execute();
    return rows.map(aclFromRow);
  }
}
