/**
 * Every event mutation appends to the change log in its transaction: one row
 * per calendar the event shows on, plus the calendars it just left, so that a
 * calendar's subscribers hear of it (platform.md §10.3). An attendee's personal
 * settings are theirs alone: one row, on their own calendar.
 */
import type { EventChange } from '../changes/model.js';
import type { Needs } from '../ports.js';
import type { IdentityKey } from '../tenancy/model.js';
import type { CalendarEvent, Placement } from './model.js';

export interface EventChangeRecord {
  event: CalendarEvent;
  data: Exclude<EventChange, { kind: 'event.personalUpdated' }>;
  actor: IdentityKey;
  at: number;
  /** The event's placements when the caller knows them (a new event has none): spares reading them. */
  placements?: readonly Placement[];
}

/** Appends the change and returns its first sequence number (the event's new version). */
export async function recordEventChange(repos: Needs<'events' | 'changes'>, { event, data, actor, at, placements: known }: EventChangeRecord): Promise<number> {
  const placements = known ?? (await repos.events.placementsOf(event.eventId));
  const left = 'removedFrom' in data ? data.removedFrom : [];
  const calendars = new Set([event.organizerCalendarId, ...placements.filter((p) => !p.removed).map((p) => p.calendarId), ...left]);
  const affected = data.kind === 'event.rsvp' ? [data.user] : [];
  let first = 0;
  for (const calendarId of calendars) {
    const seq = await repos.changes.append({ tenantKey: event.tenantKey, calendarId, actor, affected, at, data });
    if (first === 0) first = seq;
  }
  return first;
}

/**
 * An attendee's own colour, reminders, visibility or free/busy mark: logged on
 * the attendee's primary calendar, where their copy lives (events.md §2.6); on
 * the organizer's calendar when the event is not there (a writer who does not attend).
 */
export async function recordPersonalChange(repos: Needs<'calendars' | 'events' | 'changes'>, event: CalendarEvent, attendee: IdentityKey, at: number): Promise<number> {
  const own = await repos.calendars.primaryOf(attendee);
  const placed = own ? await repos.events.getPlacement(own.calendarId, event.eventId) : undefined;
  const calendarId = own && placed && !placed.removed ? own.calendarId : event.organizerCalendarId;
  return repos.changes.append({
    tenantKey: event.tenantKey, calendarId, actor: attendee, affected: [attendee], at,
    data: { kind: 'event.personalUpdated', eventId: event.eventId, attendee },
  });
}

/** A content change: to an exception of a series, or to the event itself. */
export function contentChange(event: CalendarEvent, removedFrom: readonly string[]): EventChangeRecord['data'] {
  return event.isException
    ? { kind: 'event.exceptionChanged', eventId: event.eventId, originalTime: event.originalTime, change: 'updated', removedFrom }
    : { kind: 'event.updated', eventId: event.eventId, removedFrom };
}

/** A deletion: cancelling or destroying an exception, or deleting the event. */
export function deletion(event: CalendarEvent, destroyed = false): EventChangeRecord['data'] {
  if (!event.isException) return { kind: 'event.deleted', eventId: event.eventId, timeoffEventId: null };
  return { kind: 'event.exceptionChanged', eventId: event.eventId, originalTime: event.originalTime, change: destroyed ? 'destroyed' : 'cancelled', removedFrom: [] };
}
