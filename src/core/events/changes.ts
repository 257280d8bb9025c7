/**
 * Every event mutation appends to the change log in its transaction, one row per
 * calendar the event shows on, recording what the push event needs later
 * (calendar, change_type, the users affected, RSVP details).
 */
import type { ChangeType, Repositories } from '../ports.js';
import type { IdentityKey } from '../tenancy/model.js';
import type { CalendarEvent } from './model.js';

export interface EventChange {
  event: CalendarEvent;
  changeType: ChangeType;
  actor: IdentityKey;
  at: number;
  /** Calendars to record beyond the event's live placements (e.g. one just removed). */
  alsoCalendars?: readonly string[];
  payload?: Record<string, unknown>;
}

/** Appends the change and returns its first sequence number (the event's new version). */
export async function recordEventChange(repos: Repositories, change: EventChange): Promise<number> {
  const placements = await repos.events.placementsOf(change.event.eventId);
  const calendars = new Set([change.event.organizerCalendarId, ...placements.filter((p) => !p.removed).map((p) => p.calendarId), ...(change.alsoCalendars ?? [])]);
  let first = 0;
  for (const calendarId of calendars) {
    const seq = await repos.changes.append({
      tenantKey: change.event.tenantKey, topic: 'event', changeType: change.changeType, calendarId, identity: change.actor,
      entityId: change.event.eventId, payload: change.payload ?? {}, at: change.at,
    });
    if (first === 0) first = seq;
  }
  return first;
}
