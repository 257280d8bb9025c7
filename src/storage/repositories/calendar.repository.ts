import { sql, type Kysely } from 'kysely';
import type { CalendarRepository } from '../../core/ports.js';
import type { Acl, Calendar, CalendarMembership, CalendarPermissions, CalendarType, GrantableRole } from '../../core/calendars/model.js';
import type { IdentityKey } from '../../core/tenancy/model.js';
import type { CalendarMemberRow, CalendarRow, Database } from '../tables.js';
import { prepare } from './prepared-query.js';

export const calendarFromRow = (r: CalendarRow): Calendar => ({
  calendarId: r.calendar_id, tenantKey: r.tenant_key, type: r.type as CalendarType, summary: r.summary,
  description: r.description, permissions: r.permissions as CalendarPermissions, owner: r.owner as Calendar['owner'],
  isThirdParty: r.is_third_party === 1, deleted: r.deleted === 1, version: r.version,
});

const membershipFromRow = (r: CalendarMemberRow): CalendarMembership => ({
  calendarId: r.calendar_id, identity: r.identity as IdentityKey, subscribed: r.subscribed === 1,
  color: r.color, summaryAlias: r.summary_alias, version: r.version,
});

const calendarToRow = (c: Calendar): CalendarRow => ({
  calendar_id: c.calendarId, tenant_key: c.tenantKey, type: c.type, summary: c.summary, description: c.description,
  permissions: c.permissions, owner: c.owner, is_third_party: c.isThirdParty ? 1 : 0, deleted: c.deleted ? 1 : 0, version: c.version,
});

const CALENDAR_COLUMNS = [
  'calendars.calendar_id', 'calendars.tenant_key', 'calendars.type', 'calendars.summary', 'calendars.description',
  'calendars.permissions', 'calendars.owner', 'calendars.is_third_party', 'calendars.deleted', 'calendars.version',
] as const;

const MEMBER_COLUMNS = [
  'calendar_members.identity', 'calendar_members.subscribed', 'calendar_members.color',
  'calendar_members.summary_alias', 'calendar_members.version as member_version',
] as const;

type JoinedRow = CalendarRow & Omit<CalendarMemberRow, 'calendar_id' | 'version' | 'subscribed_seq'> & { member_version: number };

const pairFromRow = (r: JoinedRow): [Calendar, CalendarMembership] => [
  calendarFromRow(r),
  membershipFromRow({ ...r, calendar_id: r.calendar_id, version: r.member_version, subscribed_seq: 0 }),
];

// The access query every calendar and event use case begins with, and the plain read (issue #14 §3).
const byId = prepare((db, calendarId: string) => db.selectFrom('calendars').selectAll().where('calendar_id', '=', calendarId));

const withRelation = prepare((db, calendarId: string, identity: IdentityKey) => db
  .selectFrom('calendars')
  .leftJoin('acls', (join) => join.onRef('acls.calendar_id', '=', 'calendars.calendar_id').on('acls.identity', '=', identity))
  .leftJoin('calendar_members', (join) => join.onRef('calendar_members.calendar_id', '=', 'calendars.calendar_id').on('calendar_members.identity', '=', identity))
  .select([
    ...CALENDAR_COLUMNS,
    'acls.acl_id', 'acls.role as acl_role',
    'calendar_members.subscribed', 'calendar_members.color', 'calendar_members.summary_alias', 'calendar_members.version as member_version',
  ])
  .where('calendars.calendar_id', '=', calendarId));

/** Escapes LIKE wildcards so a search for "50%" matches the text "50%". */
const likePattern = (query: string) => `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class KyselyCalendarRepository implements CalendarRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(calendarId: string): Promise<Calendar | undefined> {
    const r = await byId.first(this.db, calendarId);
    return r && calendarFromRow(r);
  }

  async insert(c: Calendar): Promise<void> {
    await this.db.insertInto('calendars').values(calendarToRow(c)).execute();
  }

  async update(c: Calendar): Promise<void> {
    const { calendar_id, ...rest } = calendarToRow(c);
    await this.db.updateTable('calendars').set(rest).where('calendar_id', '=', calendar_id).execute();
  }

  async primaryOf(owner: IdentityKey): Promise<Calendar | undefined> {
    const r = await this.db.selectFrom('calendars').selectAll().where('owner', '=', owner).where('type', '=', 'primary').executeTakeFirst();
    return r && calendarFromRow(r);
  }

  async getMembership(calendarId: string, identity: IdentityKey): Promise<CalendarMembership | undefined> {
    const r = await this.db
      .selectFrom('calendar_members')
      .selectAll()
      .where('identity', '=', identity)
      .where('calendar_id', '=', calendarId)
      .executeTakeFirst();
    return r && membershipFromRow(r);
  }

  async getWithRelation(calendarId: string, identity: IdentityKey): Promise<{ calendar: Calendar; acl: Acl | undefined; membership: CalendarMembership | undefined } | undefined> {
    const r = await withRelation.first(this.db, calendarId, identity);
    if (!r) return undefined;
    return {
      calendar: calendarFromRow(r),
      acl: r.acl_id ? { calendarId, aclId: r.acl_id, identity, role: r.acl_role as GrantableRole } : undefined,
      membership: r.subscribed === null ? undefined : {
        calendarId, identity, subscribed: r.subscribed === 1, color: r.color!, summaryAlias: r.summary_alias!, version: r.member_version!,
      },
    };
  }

  async putMembership(m: CalendarMembership, options: { fresh?: boolean } = {}): Promise<void> {
    const existing = options.fresh ? undefined : await this.db
      .selectFrom('calendar_members')
      .select(['subscribed', 'subscribed_seq'])
      .where('identity', '=', m.identity)
      .where('calendar_id', '=', m.calendarId)
      .executeTakeFirst();
    // subscribed_seq orders the calendar list: it moves only when a subscription starts.
    const subscribedSeq = existing && (existing.subscribed === 1 || !m.subscribed) ? existing.subscribed_seq : m.version;
    const row: CalendarMemberRow = {
      identity: m.identity, calendar_id: m.calendarId, subscribed: m.subscribed ? 1 : 0, color: m.color,
      summary_alias: m.summaryAlias, version: m.version, subscribed_seq: subscribedSeq,
    };
    await this.db
      .insertInto('calendar_members')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['identity', 'calendar_id']).doUpdateSet({
          subscribed: row.subscribed, color: row.color, summary_alias: row.summary_alias,
          version: row.version, subscribed_seq: row.subscribed_seq,
        }),
      )
      .execute();
  }

  async countSubscribed(identity: IdentityKey): Promise<number> {
    const r = await this.db
      .selectFrom('calendar_members')
      .innerJoin('calendars', 'calendars.calendar_id', 'calendar_members.calendar_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('calendar_members.identity', '=', identity)
      .where('calendar_members.subscribed', '=', 1)
      .where('calendars.deleted', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** An identity's memberships joined with their calendars. */
  private membershipsOf(identity: IdentityKey) {
    return this.db
      .selectFrom('calendar_members')
      .innerJoin('calendars', 'calendars.calendar_id', 'calendar_members.calendar_id')
      .select([...CALENDAR_COLUMNS, ...MEMBER_COLUMNS])
      .where('calendar_members.identity', '=', identity);
  }

  async listSubscribed(identity: IdentityKey, offset: number, limit: number): Promise<Array<[Calendar, CalendarMembership]>> {
    const rows = await this.membershipsOf(identity)
      .where('calendar_members.subscribed', '=', 1)
      .where('calendars.deleted', '=', 0)
      // The identity's own primary leads; a colleague's primary it subscribed
      // to is an ordinary subscription and keeps its place in line.
      .orderBy((eb) => eb.case().when(eb.and([eb('calendars.type', '=', 'primary'), eb('calendars.owner', '=', identity)])).then(0).else(1).end())
      .orderBy('calendar_members.subscribed_seq')
      .orderBy('calendars.calendar_id')
      .offset(offset)
      .limit(limit)
      .execute();
    return rows.map((r) => pairFromRow(r as JoinedRow));
  }

  async listChangedSince(identity: IdentityKey, since: number, offset: number, limit: number): Promise<Array<[Calendar, CalendarMembership]>> {
    const rows = await this.membershipsOf(identity)
      .where((eb) => eb.or([eb('calendar_members.version', '>', since), eb('calendars.version', '>', since)]))
      .orderBy('calendar_members.subscribed_seq')
      .orderBy('calendars.calendar_id')
      .offset(offset)
      .limit(limit)
      .execute();
    return rows.map((r) => pairFromRow(r as JoinedRow));
  }

  async search(tenantKey: string, query: string, includeUserPrimaries: boolean, offset: number, limit: number): Promise<Calendar[]> {
    const pattern = likePattern(query);
    const rows = await this.db
      .selectFrom('calendars')
      .selectAll()
      .where('tenant_key', '=', tenantKey)
      .where('deleted', '=', 0)
      .where('permissions', '!=', 'private')
      .where((eb) =>
        eb.or([
          eb('type', '=', 'shared'),
          ...(includeUserPrimaries ? [eb.and([eb('type', '=', 'primary'), eb('owner', 'like', 'user:%')])] : []),
        ]),
      )
      .where((eb) =>
        eb.or([
          sql<boolean>`lower(summary) like ${pattern} escape '\\'`,
          sql<boolean>`lower(description) like ${pattern} escape '\\'`,
        ]),
      )
      .orderBy('summary')
      .orderBy('calendar_id')
      .offset(offset)
      .limit(limit)
      .execute();
    return rows.map(calendarFromRow);
  }
}
