/**
 * Removing attendees from one event row (events.md §2.6, §3.14): they read
 * `removed` and leave the list; the event leaves the calendars of users who no
 * longer attend in any way, and a room's calendar, which frees the room.
 */
import { DomainError } from '../../errors.js';
import type { Needs } from '../../ports.js';
import type { IdentityKey } from '../../tenancy/model.js';
import type { Attendee, CalendarEvent } from '../model.js';
import { attendingUsers, primaryCalendarOf, unplace } from './placements.js';
import { recordAttendeeChange } from './record.js';

export async function removeAttendees(repos: Needs<'events' | 'attendees' | 'calendars' | 'changes' | 'tenancy'>, event: CalendarEvent, attendeeIds: readonly string[], actor: IdentityKey, at: number): Promise<void> {
  const targets: Attendee[] = [];
  for (const id of attendeeIds) {
    const row = await repos.attendees.get(event.eventId, id);
    if (!row) throw new DomainError('not_found:attendee', [{ field: 'attendee_ids', description: 'not an attendee of this event', value: id }]);
    // Removing twice changes nothing.
    if (!row.removed) targets.push(row);
  }
  if (targets.length === 0) return;

  const removedFrom: string[] = [];
  const leaving = new Set<string>();
  for (const row of targets) {
    await repos.attendees.put({ ...row, removed: true, rsvpStatus: 'removed' });
    if (row.type === 'user' && row.userRef) leaving.add(row.userRef);
    if (row.type === 'chat') {
      for (const member of await repos.attendees.chatMembers(event.eventId, row.attendeeId)) leaving.add(member.userRef);
      await repos.attendees.removeChatMembers(event.eventId, row.attendeeId);
    }
    if (row.type === 'resource' && row.roomId) {
      const room = await repos.tenancy.getRoom(row.roomId);
      if (room && (await unplace(repos, event, room.calendarId))) removedFrom.push(room.calendarId);
    }
  }
  const still = await attendingUsers(repos, event.eventId);
  for (const userRef of leaving) {
    if (still.has(userRef)) continue;
    const calendarId = await primaryCalendarOf(repos, userRef);
    if (calendarId && (await unplace(repos, event, calendarId))) removedFrom.push(calendarId);
  }
  await recordAttendeeChange(repos, event, actor, at, { kind: 'event.attendeesRemoved', eventId: event.eventId, attendeeIds: targets.map((t) => t.attendeeId), removedFrom });
}
