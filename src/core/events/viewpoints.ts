/** Building viewpoints for many events at once: a handful of queries per page, not per event. */
import { identityKey, type Identity } from '../tenancy/model.js';
import { organizerRoleOn, type CalendarContext, type EventReads } from './access.js';
import { organizes } from './event-access.js';
import type { CalendarEvent, RsvpStatus } from './model.js';
import type { Viewpoint } from './views.js';

export async function viewpointsFor(repos: EventReads, identity: Identity, calendar: CalendarContext, events: readonly CalendarEvent[]): Promise<Map<string, Viewpoint>> {
  const me = identityKey(identity);
  const ids = [...new Set(events.map((e) => e.eventId))];
  const userRef = identity.kind === 'user' ? identity.userRef : undefined;
  const [personal, attendees, chatMembers] = await Promise.all([
    repos.events.personalFor(me, ids),
    userRef ? repos.attendees.ofUserIn(userRef, ids) : Promise.resolve([]),
    userRef ? repos.attendees.chatMembershipsIn(userRef, ids) : Promise.resolve([]),
  ]);
  const organizerRights = new Map<string, boolean>([[calendar.calendarId, organizes(calendar.role)]]);
  for (const organizerCalendarId of new Set(events.map((e) => e.organizerCalendarId))) {
    if (organizerRights.has(organizerCalendarId)) continue;
    organizerRights.set(organizerCalendarId, organizes(await organizerRoleOn(repos, identity, organizerCalendarId)));
  }
  const personalById = new Map(personal.map((p) => [p.eventId, p]));
  const attendeeById = new Map(attendees.filter((a) => !a.removed).map((a) => [a.eventId, a]));
  const memberById = new Map(chatMembers.map((m) => [m.eventId, m]));
  const out = new Map<string, Viewpoint>();
  for (const event of events) {
    const attendee = attendeeById.get(event.eventId);
    const member = memberById.get(event.eventId);
    out.set(event.eventId, {
      identity: me,
      role: calendar.role,
      isOrganizer: organizerRights.get(event.organizerCalendarId) ?? false,
      isAttendee: attendee !== undefined || member !== undefined,
      selfRsvpStatus: selfRsvp(event, me, attendee?.rsvpStatus ?? member?.rsvpStatus),
      personal: personalById.get(event.eventId),
    });
  }
  return out;
}

/** The caller's own reply: the organizer has accepted by organizing (events.md §3.1, recommended). */
export function selfRsvp(event: CalendarEvent, me: string, own: RsvpStatus | undefined): RsvpStatus | undefined {
  if (own) return own;
  return event.organizer === me ? 'accept' : undefined;
}
