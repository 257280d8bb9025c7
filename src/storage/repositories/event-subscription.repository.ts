import type { Kysely } from 'kysely';
import type { EventSubscriptionRepository, SubscriptionKind } from '../../core/ports.js';
import type { IdentityKey } from '../../core/tenancy/model.js';
import type { Database } from '../tables.js';

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
}
