/** An event as one identity sees it on one calendar (events.md §2.5: per-identity fields, visibility). */
import { roleAtLeast } from '../calendars/roles.js';
import type { Role } from '../calendars/model.js';
import type { IdentityKey } from '../tenancy/model.js';
import { eventIdOf } from './ids.js';
import type { CalendarEvent, EventStatus, FreeBusyStatus, PersonalSettings, Reminder, RsvpStatus, Visibility } from './model.js';
import type { Occurrence } from './recurrence/expand.js';
import type { EventTime } from './time.js';

export interface EventView {
  event: CalendarEvent;
  /** The id shown: the event's own, or an occurrence's `{seriesId}_{originalTime}`. */
  eventId: string;
  start: EventTime;
  end: EventTime;
  status: EventStatus;
  isException: boolean;
  /** The master's id, for exceptions and occurrences. */
  recurringEventId: string;
  /** '' on occurrences and exceptions. */
  recurrence: string;
  color: number;
  reminders: Reminder[];
  visibility: Visibility;
  freeBusyStatus: FreeBusyStatus;
  selfRsvpStatus: RsvpStatus | undefined;
  /** Busy/free only: title and details withheld from this viewer. */
  redacted: boolean;
}

export interface Viewpoint {
  identity: IdentityKey;
  /** The viewer's role on the calendar the event is read from. */
  role: Role;
  isOrganizer: boolean;
  isAttendee: boolean;
  selfRsvpStatus: RsvpStatus | undefined;
  personal: PersonalSettings | undefined;
  /** The placement was removed (attendee taken off): the event reads as cancelled here. */
  removed?: boolean;
}

/** visibility × role (events.md §2.5): who sees details and who sees the time block only. */
export function seesDetails(visibility: Visibility, role: Role): boolean {
  if (visibility === 'public') return true;
  if (visibility === 'default') return roleAtLeast(role, 'reader');
  return roleAtLeast(role, 'writer');
}

export function viewEvent(event: CalendarEvent, at: Viewpoint, occurrence?: Occurrence): EventView {
  const personal = at.personal;
  const ownCopy = at.isOrganizer || at.isAttendee;
  const visibility = personal?.visibility ?? event.visibility;
  const master = eventIdOf(event.seriesId, 0);
  return {
    event,
    eventId: occurrence ? eventIdOf(event.seriesId, occurrence.originalTime) : event.eventId,
    start: occurrence?.start ?? event.start,
    end: occurrence?.end ?? event.end,
    status: at.removed ? 'cancelled' : event.status,
    isException: event.isException,
    recurringEventId: event.isException || occurrence ? master : '',
    recurrence: occurrence || event.isException ? '' : event.recurrence,
    // Colour and reminders belong to the copy: the organizer's are the event's own.
    color: personal?.color ?? (at.isOrganizer ? event.color : 0),
    reminders: personal?.reminders ?? (at.isOrganizer ? event.reminders : []),
    visibility,
    freeBusyStatus: personal?.freeBusyStatus ?? event.freeBusyStatus,
    selfRsvpStatus: at.selfRsvpStatus,
    redacted: !ownCopy && !seesDetails(event.visibility, at.role),
  };
}
