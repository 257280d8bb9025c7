/**
 * Subscriptions to change events (calendars.md §3.12–§3.13, §4.6; events.md
 * §3.10–§3.11): stored now; the change-events work delivers from the change
 * log to whoever is subscribed.
 */
import { resolveCalendar } from '../events/access.js';
import { requireCalendarAccess } from '../events/event-access.js';
import { DomainError } from '../errors.js';
import type { Clock, Needs, SubscriptionKind } from '../ports.js';
import { identityKey, type Identity } from '../tenancy/model.js';
import { authorize } from './access.js';

export class EventSubscriptions {
  constructor(
    private readonly store: Needs<'calendars' | 'eventSubscriptions'>,
    private readonly clock: Clock,
  ) {}

  async subscribe(identity: Identity, kind: SubscriptionKind, calendarId = ''): Promise<void> {
    const target = await this.target(identity, kind, calendarId);
    await this.store.eventSubscriptions.put(identity.appId, identityKey(identity), kind, target, this.clock.now());
  }

  /** Stopping a subscription that is not there is a success (calendars.md §3.13, unconfirmed). */
  async unsubscribe(identity: Identity, kind: SubscriptionKind, calendarId = ''): Promise<void> {
    const target = await this.target(identity, kind, calendarId);
    await this.store.eventSubscriptions.delete(identity.appId, identityKey(identity), kind, target);
  }

  /**
   * The calendar subscribed to, once the caller may read it: an event
   * subscription by the events' rule, `primary` standing for the caller's own
   * (events.md §1.3); an ACL subscription by the calendars' rule.
   */
  private target(identity: Identity, kind: SubscriptionKind, calendarId: string): Promise<string> {
    return subscriptionTarget(this.store, identity, kind, calendarId);
  }
}

async function subscriptionTarget(repos: Needs<'calendars'>, identity: Identity, kind: SubscriptionKind, calendarId: string): Promise<string> {
  if (!calendarId) return '';
  if (kind === 'event') {
    const calendar = await resolveCalendar(repos, identity, calendarId);
    requireCalendarAccess(identity, calendar, 'subscribe');
    return calendar.calendarId;
  }
  await authorize(repos, identity, calendarId, 'read');
  return calendarId;
}

/**
 * Whether the subscriber may still subscribe as they did: change events stop
 * reaching a user who lost the role the subscription needed (platform.md §10.4).
 */
export async function stillSubscribed(repos: Needs<'calendars'>, identity: Identity, kind: SubscriptionKind, calendarId: string): Promise<boolean> {
  try {
    await subscriptionTarget(repos, identity, kind, calendarId);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}
