import type { Kysely, Selectable } from 'kysely';
import type { EventSubscription, EventSubscriptionRepository, SubscriptionKind } from '../../core/ports.js';
import type { IdentityKey } from '../../core/tenancy/model.js';
import type { Database, EventSubscriptionRow } from '../tables.js';

export class KyselyEventSubscriptionRepository implements EventSubscriptionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async put(appId: string, identity: IdentityKey, kind: SubscriptionKind, calendarId: string, at: number): Promise<void> {
    await this.db
      .insertInto('event_subscriptions')
      .values({ app_id: appId, identity, kind, calendar_id: calendarId, created_at: at })
      .onConflict((oc) => oc.columns(['app_id', 'identity', 'kind', 'calendar_id']).doNothing())
      .execute();
  }

  async delete(appId: string, identity: IdentityKey, kind: SubscriptionKind, calendarId: string): Promise<void> {
    await this.db
      .deleteFrom('event_subscriptions')
      .where('app_id', '=', appId)
      .where('identity', '=', identity)
      .where('kind', '=', kind)
      .where('calendar_id', '=', calendarId)
      .execute();
  }

  async exists(appId: string, identity: IdentityKey, kind: SubscriptionKind, calendarId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('event_subscriptions')
      .select('app_id')
      .where('app_id', '=', appId)
      .where('identity', '=', identity)
      .where('kind', '=', kind)
      .where('calendar_id', '=', calendarId)
      .executeTakeFirst();
    return r !== undefined;
  }

  async listByCalendar(kind: SubscriptionKind, calendarId: string): Promise<EventSubscription[]> {
    const rows = await this.db
      .selectFrom('event_subscriptions')
      .selectAll()
      .where('kind', '=', kind)
      .where('calendar_id', '=', calendarId)
      .orderBy('created_at').orderBy('app_id').orderBy('identity')
      .execute();
    return rows.map(rowToSubscription);
  }

  async listListenersOf(calendarId: string): Promise<EventSubscription[]> {
    const rows = await this.db
      .selectFrom('event_subscriptions')
      .innerJoin('calendar_members', (join) => join
        .onRef('calendar_members.identity', '=', 'event_subscriptions.identity')
        .on('calendar_members.calendar_id', '=', calendarId)
        .on('calendar_members.subscribed', '=', 1))
      .selectAll('event_subscriptions')
      .where('event_subscriptions.kind', '=', 'calendar_list')
      .orderBy('event_subscriptions.created_at').orderBy('event_subscriptions.app_id').orderBy('event_subscriptions.identity')
      .execute();
    return rows.map(rowToSubscription);
  }

  async listByIdentity(identity: IdentityKey, kind?: SubscriptionKind): Promise<EventSubscription[]> {
    let query = this.db.selectFrom('event_subscriptions').selectAll().where('identity', '=', identity);
    if (kind) query = query.where('kind', '=', kind);
    const rows = await query.orderBy('created_at').orderBy('app_id').orderBy('kind').orderBy('calendar_id').execute();
    return rows.map(rowToSubscription);
  }
}

function rowToSubscription(row: Selectable<EventSubscriptionRow>): EventSubscription {
  return {
    appId: row.app_id, identity: row.identity as IdentityKey, kind: row.kind as SubscriptionKind,
    calendarId: row.calendar_id, createdAt: Number(row.created_at),
  };
}
