/**
 * Subscriptions to change events (calendars.md §3.12–§3.13, §4.6): stored now;
 * the change-events work delivers from the change log to whoever is subscribed.
 */
import type { Clock, Store, SubscriptionKind } from '../ports.js';
import { identityKey, type Identity } from '../tenancy/model.js';
import { authorize } from './access.js';

export class EventSubscriptions {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async subscribe(identity: Identity, kind: SubscriptionKind, calendarId = ''): Promise<void> {
    if (calendarId) await authorize(this.store, identity, calendarId, 'read');
    await this.store.eventSubscriptions.put(identity.appId, identityKey(identity), kind, calendarId, this.clock.now());
  }

  /** Stopping a subscription that is not there is a success (calendars.md §3.13, unconfirmed). */
  async unsubscribe(identity: Identity, kind: SubscriptionKind, calendarId = ''): Promise<void> {
    if (calendarId) await authorize(this.store, identity, calendarId, 'read');
    await this.store.eventSubscriptions.delete(identity.appId, identityKey(identity), kind, calendarId);
  }
}
