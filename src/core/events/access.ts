/**
 * Who may do what to an event (events.md §2.5): anyone with writer or owner on
 * the organizer calendar is the organizer; user attendees act on their own copy;
 * the calendar in the path must be readable. Every event use case starts here.
 */
import { loadAccessFacts, type AccessFacts } from '../calendars/access.js';
import { roleAtLeast } from '../calendars/roles.js';
import type { Role } from '../calendars/model.js';
import { DomainError } from '../errors.js';
import type { Repositories } from '../ports.js';
import { identityKey, type Identity } from '../tenancy/model.js';
import { eventIdOf, parseEventId } from './ids.js';
import type { Attendee, CalendarEvent, ChatMemberRsvp, Placement } from './model.js';

export interface CalendarContext extends AccessFacts {
  calendarId: string;
}

/** `primary` stands for the caller's primary calendar on every event endpoint (events.md §1.3). */
export async function resolveCalendar(repos: Repositories, identity: Identity, calendarId: string): Promise<CalendarContext> {
  let id = calendarId;
  if (calendarId === 'primary') {
    const primary = await repos.calendars.primaryOf(identityKey(identity));
    if (!primary) throw new DomainError('calendar_not_found');
    id = primary.calendarId;
  }
  const facts = await loadAccessFacts(repos, identity, id);
  if (facts.calendar.deleted) throw new DomainError('calendar_deleted');
  return { ...facts, calendarId: id };
}

/** The calendar must grant at least `minimum` (191002) and be one of `types` (191004). */
export function requireCalendar(ctx: CalendarContext, minimum: Role, types: readonly string[]): void {
  if (!roleAtLeast(ctx.role, minimum)) throw new DomainError('calendar_no_access');
  if (!types.includes(ctx.calendar.type)) throw new DomainError('calendar_type_invalid');
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
  /** The caller's own attendee row, if a user attendee. */
  attendee: Attendee | undefined;
  chatMemberships: ChatMemberRsvp[];
}

/**
 * Loads an event by id as seen from a calendar: 193000 malformed, 193001 unknown
 * or not on that calendar. Deleted events are returned; callers decide on 193003.
 */
export async function loadEvent(repos: Repositories, identity: Identity, calendar: CalendarContext, eventId: string, options: { anyCalendar?: boolean } = {}): Promise<EventContext> {
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
  if (!event) throw new DomainError('event_not_found');
  const placement = await repos.events.getPlacement(calendar.calendarId, event.eventId);
  const userRef = identity.kind === 'user' ? identity.userRef : undefined;
  const [attendee, chatMemberships, organizerFacts] = await Promise.all([
    userRef ? repos.attendees.ofUser(event.eventId, userRef) : Promise.resolve(undefined),
    userRef ? repos.attendees.chatMembershipsOf(event.eventId, userRef) : Promise.resolve([]),
    event.organizerCalendarId === calendar.calendarId ? Promise.resolve(calendar) : loadAccessFacts(repos, identity, event.organizerCalendarId).catch(() => undefined),
  ]);
  if (!options.anyCalendar && (!placement || placement.removed)) throw new DomainError('event_not_found');
  return {
    calendar, event, placement, chatMemberships,
    ...(occurrence !== undefined && { occurrence }),
    isOrganizer: organizerFacts !== undefined && roleAtLeast(organizerFacts.role, 'writer'),
    attendee: attendee && !attendee.removed ? attendee : undefined,
  };
}

/** A deleted one-off event or series answers 193003; a cancelled exception only when asked to change. */
export function requireLive(ctx: EventContext, allowCancelledException = false): void {
  const cancelled = ctx.event.status === 'cancelled' && ctx.occurrence === undefined;
  if (cancelled && !(allowCancelledException && ctx.event.isException)) throw new DomainError('event_deleted');
}
