/**
 * Exceptions of a series (events.md §2.2): PATCH or DELETE of an occurrence id
 * materialises that occurrence as its own row, a copy of the master for that
 * slot with the master's attendees, which from then on are its own.
 */
import { DomainError } from '../errors.js';
import type { Needs } from '../ports.js';
import { eventIdOf } from './ids.js';
import type { CalendarEvent } from './model.js';
import { occurrencesBetween, type Occurrence } from './recurrence/expand.js';
import { storedRecurrence } from './recurrence/rrule.js';

/** The occurrence of the series whose original start is `originalTime`, or 193001. */
export function findOccurrence(master: CalendarEvent, originalTime: number): Occurrence {
  const series = { start: master.start, end: master.end, rule: storedRecurrence(master.recurrence) };
  const found = occurrencesBetween(series, originalTime, originalTime + 1).find((o) => o.originalTime === originalTime);
  if (!found) throw new DomainError('not_found:event');
  return found;
}

export async function materializeException(repos: Needs<'events' | 'attendees'>, master: CalendarEvent, originalTime: number, version: number): Promise<CalendarEvent> {
  const occurrence = findOccurrence(master, originalTime);
  const exception: CalendarEvent = {
    ...master,
    eventId: eventIdOf(master.seriesId, originalTime),
    originalTime,
    isException: true,
    recurrence: '',
    start: occurrence.start,
    end: occurrence.end,
    status: 'confirmed',
    version,
    firstStart: occurrence.startTs,
    lastEnd: occurrence.endTs,
  };
  await repos.events.insert(exception);
  for (const placement of await repos.events.placementsOf(master.eventId)) {
    if (placement.removed) continue;
    await repos.events.putPlacement({ ...placement, eventId: exception.eventId, version, firstStart: exception.firstStart, lastEnd: exception.lastEnd });
  }
  for (const attendee of await repos.attendees.list(master.eventId, { includeRemoved: false, offset: 0, limit: 5000 })) {
    await repos.attendees.put({ ...attendee, eventId: exception.eventId });
    if (attendee.type === 'chat') {
      for (const member of await repos.attendees.chatMembers(master.eventId, attendee.attendeeId)) {
        await repos.attendees.putChatMember({ ...member, eventId: exception.eventId });
      }
    }
  }
  return exception;
}
