/**
 * Where attendees see an event (events.md §2.6): a user attendee, and every
 * member of an attending chat, on their primary calendar under the same
 * event_id; a booked room on its resource calendar. Removing the last reason a
 * user attends takes the event off their calendar again.
 */
import type { Needs } from '../../ports.js';
import type { CalendarEvent, Placement } from '../model.js';

/** Puts (or restores) the event on a calendar; never touches the organizer calendar's own placement. */
export async function place(repos: Needs<'events'>, event: CalendarEvent, calendarId: string, reason: Placement['reason']): Promise<boolean> {
  if (calendarId === event.organizerCalendarId) return false;
  const existing = await repos.events.getPlacement(calendarId, event.eventId);
  if (existing && !existing.removed) return false;
  await repos.events.putPlacement({ calendarId, eventId: event.eventId, reason, removed: false, version: event.version, firstStart: event.firstStart, lastEnd: event.lastEnd });
  return true;
}

/** Takes the event off a calendar; returns whether it was there. */
export async function unplace(repos: Needs<'events'>, event: CalendarEvent, calendarId: string): Promise<boolean> {
  if (calendarId === event.organizerCalendarId) return false;
  const existing = await repos.events.getPlacement(calendarId, event.eventId);
  if (!existing || existing.removed) return false;
  await repos.events.putPlacement({ ...existing, removed: true });
  return true;
}

/** The primary calendar of a user, where their copy of an event lives. */
export async function primaryCalendarOf(repos: Needs<'calendars'>, userRef: string): Promise<string | undefined> {
  return (await repos.calendars.primaryOf(`user:${userRef}`))?.calendarId;
}

/** Users who still attend: directly, or as members of a chat that attends. */
export async function attendingUsers(repos: Needs<'attendees'>, eventId: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const a of await repos.attendees.list(eventId, { includeRemoved: false, offset: 0, limit: 10_000 })) {
    if (a.type === 'user' && a.userRef) out.add(a.userRef);
    if (a.type === 'chat') for (const m of await repos.attendees.chatMembers(eventId, a.attendeeId)) out.add(m.userRef);
  }
  return out;
}
