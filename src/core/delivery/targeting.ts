/**
 * Who hears of a change (platform.md §10.4): from one logged change, the
 * events each subscribed app receives, already in that app's id space. An
 * event reaches a subscription only when the app takes the event type, holds
 * one of its scopes, and the user still sees the calendar as the subscription
 * needs; several users of one app subscribed to the same calendar share one
 * event, listed in `user_id_list`.
 */
import { stillSubscribed } from '../calendars/event-subscriptions.js';
import type { LoggedChange } from '../changes/model.js';
import { openIdFor } from '../ids.js';
import type { EventSubscription, Needs, SubscriptionKind } from '../ports.js';
import type { App, IdentityKey } from '../tenancy/model.js';
import { EMPLOYEE_ID_SCOPE, EVENT_SCOPES, type AppEventConfig, type CalendarEventType, type EventChangeType } from './model.js';

/** Subscriptions, the directory, the calendars' access facts and the apps' event configuration. */
export type TargetingRepos = Needs<'eventSubscriptions' | 'tenancy' | 'calendars' | 'appEvents'>;

/**
 * The repositories, with every lookup targeting makes remembered for one batch
 * of changes: a burst of changes on one calendar asks who subscribes to it,
 * and what each subscriber may see there, again and again. It lives for one
 * transaction, which writes none of these rows, so a remembered answer is the
 * answer a fresh read would give.
 */
export function batchLookups(repos: TargetingRepos): TargetingRepos {
  const memo = <A extends unknown[], V>(load: (...args: A) => Promise<V>) => {
    const seen = new Map<string, Promise<V>>();
    return (...args: A) => {
      const key = args.join('\u0000');
      let found = seen.get(key);
      if (!found) seen.set(key, (found = load(...args)));
      return found;
    };
  };
  const { tenancy, appEvents, calendars, eventSubscriptions } = repos;
  const remembered = <T extends object>(repo: T, methods: Partial<T>): T => Object.assign(Object.create(repo) as T, methods);
  return {
    tenancy: remembered(tenancy, {
      getApp: memo((appId: string) => tenancy.getApp(appId)),
      getUser: memo((ref: string) => tenancy.getUser(ref)),
    }),
    appEvents: remembered(appEvents, { get: memo((appId: string) => appEvents.get(appId)) }),
    calendars: remembered(calendars, {
      get: memo((calendarId: string) => calendars.get(calendarId)),
      primaryOf: memo((owner: IdentityKey) => calendars.primaryOf(owner)),
      getWithRelation: memo((calendarId: string, identity: IdentityKey) => calendars.getWithRelation(calendarId, identity)),
    }),
    eventSubscriptions: remembered(eventSubscriptions, {
      listByCalendar: memo((kind: SubscriptionKind, calendarId: string) => eventSubscriptions.listByCalendar(kind, calendarId)),
      listListenersOf: memo((calendarId: string) => eventSubscriptions.listListenersOf(calendarId)),
      listByIdentity: memo((identity: IdentityKey, kind?: SubscriptionKind) => eventSubscriptions.listByIdentity(identity, kind)),
    }),
  };
}

/** One event for one app, before it becomes an outbox row. */
export interface PlannedEvent {
  app: App;
  eventType: CalendarEventType;
  event: Record<string, unknown>;
  /** Event changes: merged per (app, calendar, event, content or RSVP) (§10.3). */
  merge: { key: string; changeType: EventChangeType } | null;
}

/** A user reference as the app sees it (§10): `user_id` only with the employee-id field scope. */
export interface UserReference { union_id: string; user_id?: string; open_id: string }

export async function plannedEvents(repos: TargetingRepos, change: LoggedChange): Promise<PlannedEvent[]> {
  const data = change.data;
  switch (data.kind) {
    case 'calendar.created':
      return calendarListEvents(repos, change, change.affected);
    case 'calendar.updated':
    case 'calendar.deleted':
      return calendarListEvents(repos, change, change.affected, await repos.eventSubscriptions.listListenersOf(change.calendarId));
    case 'membership.added':
    case 'membership.removed':
    case 'membership.updated':
      return calendarListEvents(repos, change, [data.member]);
    case 'acl.created':
    case 'acl.roleChanged':
    case 'acl.deleted': {
      const eventType = data.kind === 'acl.deleted' ? 'calendar.calendar.acl.deleted_v4' : 'calendar.calendar.acl.created_v4';
      const [listEvents, aclEvents] = await Promise.all([
        calendarListEvents(repos, change, [data.grantee]),
        calendarEvents(repos, change, 'acl', eventType, async (app, users) => {
          const grantee = await userReference(repos, app, data.grantee);
          if (!grantee) return undefined;
          return { acl_id: data.aclId, role: data.role, scope: { type: 'user', user_id: grantee }, user_id_list: users };
        }),
      ]);
      return [...listEvents, ...aclEvents];
    }
    default: {
      const shaped = eventChangeOf(change);
      if (!shaped) return [];
      return calendarEvents(repos, change, 'event', 'calendar.calendar.event.changed_v4', async (app, users) => {
        const event: Record<string, unknown> = {
          calendar_id: change.calendarId, user_id_list: users, calendar_event_id: shaped.eventId, change_type: shaped.changeType,
        };
        if (data.kind === 'event.rsvp') {
          const from = await userReference(repos, app, data.user);
          if (from) event.rsvp_infos = [{ from_user_id: from, rsvp_status: data.rsvpStatus }];
        }
        return event;
      }, (app) => ({
        key: [app.appId, change.calendarId, shaped.eventId, shaped.changeType === 'rsvp' ? 'rsvp' : 'content'].join('|'),
        changeType: shaped.changeType,
      }));
    }
  }
}

/**
 * `change_type` of an event change as seen from the calendar of this row:
 * `create` when the event appeared there, `delete` when it left, else
 * `update` (§10.3).
 */
export function eventChangeOf(change: LoggedChange): { eventId: string; changeType: EventChangeType } | undefined {
  const data = change.data;
  const here = change.calendarId;
  switch (data.kind) {
    case 'event.created':
      return { eventId: data.eventId, changeType: 'create' };
    case 'event.deleted':
      return { eventId: data.eventId, changeType: 'delete' };
    case 'event.rsvp':
      return { eventId: data.eventId, changeType: 'rsvp' };
    case 'event.updated':
    case 'event.exceptionChanged': {
      const gone = data.removedFrom.includes(here) || (data.kind === 'event.exceptionChanged' && data.change !== 'updated');
      return { eventId: data.eventId, changeType: gone ? 'delete' : 'update' };
    }
    case 'event.attendeesAdded':
      return { eventId: data.eventId, changeType: data.addedTo.includes(here) ? 'create' : 'update' };
    case 'event.attendeesRemoved':
      return { eventId: data.eventId, changeType: data.removedFrom.includes(here) ? 'delete' : 'update' };
    case 'event.personalUpdated':
      return { eventId: data.eventId, changeType: 'update' };
    default:
      return undefined;
  }
}

/**
 * `calendar.calendar.changed_v4` for each app through which one of `identities`
 * subscribed to its calendar list, and for `listeners` (already found: those
 * who hold the calendar in their list).
 */
async function calendarListEvents(
  repos: TargetingRepos, change: LoggedChange, identities: readonly IdentityKey[], listeners: readonly EventSubscription[] = [],
): Promise<PlannedEvent[]> {
  const subscriptions: EventSubscription[] = heardBy(listeners.filter((s) => !identities.includes(s.identity)), change);
  for (const identity of new Set(identities)) {
    if (identity.startsWith('user:')) subscriptions.push(...heardBy(await repos.eventSubscriptions.listByIdentity(identity, 'calendar_list'), change));
  }
  const planned: PlannedEvent[] = [];
  for (const [appId, subs] of byApp(subscriptions)) {
    const app = await receivingApp(repos, appId, change.tenantKey, 'calendar.calendar.changed_v4');
    if (!app) continue;
    const users = await userReferences(repos, app, subs.map((s) => s.identity));
    if (users.length > 0) planned.push({ app, eventType: 'calendar.calendar.changed_v4', event: { user_id_list: users }, merge: null });
  }
  return planned;
}

/** One event per app subscribed (as `kind`) to the change's calendar, for the subscribers who still see it. */
async function calendarEvents(
  repos: TargetingRepos,
  change: LoggedChange,
  kind: SubscriptionKind,
  eventType: CalendarEventType,
  body: (app: App, users: UserReference[]) => Promise<Record<string, unknown> | undefined>,
  merge: (app: App) => PlannedEvent['merge'] = () => null,
): Promise<PlannedEvent[]> {
  const planned: PlannedEvent[] = [];
  for (const [appId, subs] of byApp(heardBy(await repos.eventSubscriptions.listByCalendar(kind, change.calendarId), change))) {
    const app = await receivingApp(repos, appId, change.tenantKey, eventType);
    if (!app) continue;
    const still: IdentityKey[] = [];
    for (const s of subs) {
      if (await subscriberSees(repos, app, s)) still.push(s.identity);
    }
    const users = await userReferences(repos, app, still);
    if (users.length === 0) continue;
    const event = await body(app, users);
    if (event) planned.push({ app, eventType, event, merge: merge(app) });
  }
  return planned;
}

async function subscriberSees(repos: TargetingRepos, app: App, subscription: EventSubscription): Promise<boolean> {
  if (!subscription.identity.startsWith('user:')) return false;
  const userRef = subscription.identity.slice('user:'.length);
  const identity = { kind: 'user' as const, tenantKey: app.tenantKey, appId: app.appId, userRef, scopes: app.scopes };
  return stillSubscribed(repos, identity, subscription.kind, subscription.calendarId);
}

/** The app, when it is of the change's tenant, takes `eventType` and holds one of its scopes. */
async function receivingApp(repos: TargetingRepos, appId: string, tenantKey: string, eventType: CalendarEventType): Promise<App | undefined> {
  const config: AppEventConfig | undefined = await repos.appEvents.get(appId);
  if (!config || !config.types.includes(eventType)) return undefined;
  const app = await repos.tenancy.getApp(appId);
  if (!app || app.tenantKey !== tenantKey) return undefined;
  return EVENT_SCOPES[eventType].some((scope) => app.scopes.includes(scope)) ? app : undefined;
}

/**
 * The subscriptions that existed when the change was made: the outbox may read
 * a change late (a backlog after a restart), and a subscription made since
 * must not hear of what came before it.
 */
function heardBy(subscriptions: readonly EventSubscription[], change: LoggedChange): EventSubscription[] {
  return subscriptions.filter((s) => s.createdAt <= change.at);
}

function byApp(subscriptions: readonly EventSubscription[]): Map<string, EventSubscription[]> {
  const grouped = new Map<string, EventSubscription[]>();
  for (const s of subscriptions) grouped.set(s.appId, [...(grouped.get(s.appId) ?? []), s]);
  return grouped;
}

async function userReferences(repos: TargetingRepos, app: App, identities: readonly IdentityKey[]): Promise<UserReference[]> {
  const references: UserReference[] = [];
  for (const identity of new Set(identities)) {
    const reference = await userReference(repos, app, identity);
    if (reference) references.push(reference);
  }
  return references;
}

/** `{union_id, user_id?, open_id}` of a user for `app`; undefined for an app identity or a user gone from the tenant. */
export async function userReference(repos: Pick<TargetingRepos, 'tenancy'>, app: App, identity: IdentityKey): Promise<UserReference | undefined> {
  if (!identity.startsWith('user:')) return undefined;
  const user = await repos.tenancy.getUser(identity.slice('user:'.length));
  if (!user || user.tenantKey !== app.tenantKey) return undefined;
  const withUserId = app.scopes.includes(EMPLOYEE_ID_SCOPE);
  return { union_id: user.unionId, ...(withUserId && { user_id: user.userId }), open_id: openIdFor(app.appId, user.ref) };
}
