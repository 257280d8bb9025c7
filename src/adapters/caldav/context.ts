/** What the CalDAV handlers share: the core's use cases over one store, and the calendars a principal sees. */
import type { FreeBusyService } from '../../core/availability/freebusy-service.js';
import type { CalendarQueries } from '../../core/calendars/calendar-queries.js';
import type { CalendarService } from '../../core/calendars/calendar-service.js';
import type { CalendarView } from '../../core/calendars/model.js';
import type { EventQueries } from '../../core/events/event-queries.js';
import type { EventService } from '../../core/events/event-service.js';
import type { AttendeeService } from '../../core/events/attendee-service.js';
import { encodeSyncToken } from '../../core/events/queries/list-tokens.js';
import type { Clock, Needs, Store } from '../../core/ports.js';
import type { Principal, DeviceCredentials } from './auth.js';
import { CORE_SYNC_PREFIX, type CalendarObjects } from './calendar-objects.js';
import { DavError } from './errors.js';

export interface CaldavDeps {
  store: Needs<'calendars' | 'events' | 'attendees' | 'tenancy' | 'changes' | 'caldavNames'> & Pick<Store, 'transaction'>;
  clock: Clock;
  credentials: DeviceCredentials;
  calendars: CalendarService;
  calendarList: CalendarQueries;
  events: EventService;
  eventQueries: EventQueries;
  attendees: AttendeeService;
  objects: CalendarObjects;
  freeBusy: FreeBusyService;
}

/**
 * DAV sync tokens are URIs (RFC 6578 §3.2) naming the tenant's change-log head
 * (as REST sync tokens do: on PostgreSQL tenants commit apart). One head
 * serves every collection, so a collection's token (and CTag) moves whenever
 * anything the server holds changes; a sync then finds nothing new, cheaply.
 */
const SYNC_URI = 'http://larkcal.invalid/sync/';

export async function currentSyncToken(deps: CaldavDeps, tenantKey: string): Promise<string> {
  return `${SYNC_URI}${await deps.store.changes.head(tenantKey)}`;
}

/** A client's DAV token as the core's token; RFC 6578 §3.2: one we did not issue is `valid-sync-token`. */
export async function coreTokenOf(deps: CaldavDeps, tenantKey: string, token: string): Promise<string> {
  const head = token.startsWith(SYNC_URI) ? token.slice(SYNC_URI.length) : '';
  if (!/^(0|[1-9][0-9]{0,14})$/.test(head) || Number(head) > (await deps.store.changes.head(tenantKey))) {
    throw new DavError(403, { ns: 'DAV:', name: 'valid-sync-token' }, 'this sync-token was not issued by this server');
  }
  return encodeSyncToken(CORE_SYNC_PREFIX, Number(head), deps.clock.now());
}

/** The principal's calendar list (primary, shared, subscribed, rooms, third-party), one collection each. */
export async function calendarViews(deps: CaldavDeps, principal: Principal): Promise<CalendarView[]> {
  const views: CalendarView[] = [];
  let pageToken: string | undefined;
  do {
    const page = await deps.calendarList.list(principal.identity, { page: { size: 500, prefix: 'davcal', ...(pageToken && { token: pageToken }) }, syncPrefix: 'davcals' });
    views.push(...page.items.filter((v) => !v.isDeleted));
    pageToken = page.hasMore ? page.pageToken : undefined;
  } while (pageToken);
  return views;
}

