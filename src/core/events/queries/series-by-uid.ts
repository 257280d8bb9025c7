/**
 * Many series by iCalendar UID on one calendar, as one caller sees them
 * (calendar-multiget, RFC 4791 §7.9). A live event's `read` asks nothing of
 * the caller beyond the calendar's rule (event-access.ts: who 'anyone'), so
 * the calendar is checked once for all of them; the masters come in one read
 * and their viewpoints in one batch, as a listing's do (many-views.ts).
 */
import type { Identity } from '../../tenancy/model.js';
import { resolveCalendar, type EventReads } from '../access.js';
import { requireCalendarAccess } from '../event-access.js';
import type { CalendarEvent } from '../model.js';
import { viewEvent, type EventView } from '../views.js';
import { viewpointsFor } from '../viewpoints.js';

/**
 * Throws unless the caller may read series on the calendar: the check
 * seriesByUid makes, for a caller that already holds what it would read.
 */
export async function requireSeriesRead(store: EventReads, identity: Identity, calendarId: string) {
  const calendar = await resolveCalendar(store, identity, calendarId);
  requireCalendarAccess(identity, calendar, 'read');
  return calendar;
}

/** Each UID's live master on the calendar, viewed; UIDs without one are absent. */
export async function seriesByUid(store: EventReads, identity: Identity, calendarId: string, uids: readonly string[]): Promise<Map<string, EventView>> {
  const calendar = await requireSeriesRead(store, identity, calendarId);
  const rows = await store.events.findPlacedMasters(identity.tenantKey, calendar.calendarId, [...new Set(uids)]);
  // Several organizers' masters may share a UID on one calendar: the first, as a single get takes it.
  const first = new Map<string, CalendarEvent>();
  for (const event of rows) if (!first.has(event.uid)) first.set(event.uid, event);
  const viewpoints = await viewpointsFor(store, identity, calendar, [...first.values()]);
  // As placedViews views a listing's rows; each is shown here, not removed (findPlacedMasters reads only those).
  return new Map([...first].map(([uid, event]) => [uid, viewEvent(event, { ...viewpoints.get(event.eventId)!, removed: false })]));
}
