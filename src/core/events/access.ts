/**
 * Loading what the event access check weighs (event-access.ts): the calendar
 * in the path, the event as seen from it, and the caller's standing there:
 * organizer (a role on the organizer calendar), attendee, chat member.
 */
import { loadAccessFacts, type AccessFacts } from '../calendars/access.js';
import type { Role } from '../calendars/model.js';
import { DomainError, type ErrorKey } from '../errors.js';
import type { Needs } from '../ports.js';
import { identityKey, type Identity } from '../tenancy/model.js';
import { organizes } from './event-access.js';
import { eventIdOf, parseEventId } from './ids.js';
import type { Attendee, CalendarEvent, ChatMemberRsvp, Placement } from './model.js';

/** What reading an event as seen from a calendar takes: the event, its attendees, the caller's standing on calendars. */
export type EventReads = Needs<'events' | 'attendees' | 'calendars'>;

export interface CalendarContext extends AccessFacts {
  calendarId: string;
}

/** `primary` stands for the caller's primary calendar on every event endpoint (events.md §1.3). */
export async function resolveCalendar(repos: Needs<'calendars'>, identity: Identity, calendarId: string): Promise<CalendarContext> {
  let id = calendarId;
  if (calendarId === 'primary') {
    const primary = await repos.calendars.primaryOf(identityKey(identity));
    if (!primary) throw new DomainError('not_found:calendar');
    id = primary.calendarId;
  }
  const facts = await loadAccessFacts(repos, identity, id);
  if (facts.calendar.deleted) throw new DomainError('gone:calendar');
  return { ...facts, calendarId: id };
}

/** The refusals that mean "no role there": any other failure is a failure, not a missing right. */
const NO_ROLE: ReadonlySet<ErrorKey> = new Set(['not_found:calendar', 'forbidden:calendar', 'gone:calendar']);

/** The caller's role on an event's organizer calendar ('unknown' when it is gone or closed to them). */
export async function organizerRoleOn(repos: Needs<'calendars'>, identity: Identity, organizerCalendarId: string): Promise<Role> {
  try {
    return (await loadAccessFacts(repos, identity, organizerCalendarId)).role;
  } catch (error) {
    if (error instanceof DomainError && NO_ROLE.has(error.key)) return 'unknown';
    throw error;
  }
}

export interface EventContext {
  calendar: CalendarContext;
  /** The stored row: the event, the exception, or (for a plain occurrence) the series master. */
  event: CalendarEvent;
  /** Set when the id names an occurrence that has no exception yet. */
  occurrence?: number;
  placement: Placement | undefined;
  /** Writer or owner on the organizer calendar. */
  isOrganizer: boolean;
  /** Any role on the organizer calendar: the caller may know the event is there. */
  seesOrganizerCalendar: boolean;
  /** The caller's own attendee row, if a user attendee. */
  attendee: Attendee | undefined;
  chatMemberships: ChatMemberRsvp[];
}

/**
 * Loads an event by id as seen from a calendar: 193000 malformed, 193001 unknown
 * or not on that calendar. Deleted events are returned; callers decide on 193003.
 */
export async function loadEvent(repos: EventReads, identity: Identity, calendar: CalendarContext, eventId: string, options: { anyCalendar?: boolean } = {}): Promise<EventContext> {
  const { seriesId, originalTime } = parseEventId(eventId);
  let event = await repos.events.get(eventId);
  let occurrence: number | undefined;
  if (!event && originalTime > 0) {
    const master = await repos.events.get(eventIdOf(seriesId, 0));
    if (master?.recurrence) {
      event = master;
      occurrence = originalTime;
    }
  }
  if (!event) throw new DomainError('not_found:event');
  const placement = await repos.events.getPlacement(calendar.calendarId, event.eventId);
  const userRef = identity.kind === 'user' ? identity.userRef : undefined;
  const [attendee, chatMemberships, organizerRole] = await Promise.all([
    userRef ? repos.attendees.ofUser(event.eventId, userRef) : Promise.resolve(undefined),
    userRef ? repos.attendees.chatMembershipsOf(event.eventId, userRef) : Promise.resolve([]),
    event.organizerCalendarId === calendar.calendarId ? Promise.resolve(calendar.role) : organizerRoleOn(repos, identity, event.organizerCalendarId),
  ]);
  if (!options.anyCalendar && (!placement || placement.removed)) throw new DomainError('not_found:event');
  return {
    calendar, event, placement, chatMemberships,
    ...(occurrence !== undefined && { occurrence }),
    isOrganizer: organizes(organizerRole),
    seesOrganizerCalendar: organizerRole !== 'unknown',
    attendee: attendee && !attendee.removed ? attendee : undefined,
  };
}
