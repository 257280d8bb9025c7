/**
 * Settling room bookings when rooms book asynchronously (issue #12 §5;
 * events.md §2.7): an added room waits `needs_action` until its due time by
 * the clock; then, in the order the requests arrived, it is booked (`accept`,
 * the event on the room's calendar) or refused (`decline`) when an accepted
 * booking overlaps it: the same check, under the same room lock, as instant
 * booking (events/attendees/rooms.ts).
 *
 * Decisions:
 * - A pending booking blocks nobody: it is not on the room's calendar, so
 *   free/busy, room finding and other bookings see only accepted ones.
 * - Each booking is decided in a transaction of its own, which takes the
 *   writers' turn and re-reads the queue: several processes sharing one
 *   PostgreSQL database never decide a booking twice.
 * - A booking is weighed with the event as it is when decided: a move before
 *   then changes what is booked. A booking whose room attendee was removed,
 *   or whose event was deleted, is dropped undecided.
 * - Exceptions materialised from a series while its room was pending carry a
 *   copy of the pending attendee; they are decided with the series, each for
 *   its own slot.
 * - The decision is logged like instant booking logs it: an accept as the
 *   room's arrival (`event.attendeesAdded` naming the room, added to its
 *   calendar: push `create` there, `update` elsewhere), a decline as a
 *   content change that removes nothing, as a move that releases a room is
 *   logged. `event.rsvp` names a user, and a room is no identity.
 */
import { place } from '../events/attendees/placements.js';
import { recordAttendeeChange } from '../events/attendees/record.js';
import { tryBookRoom } from '../events/attendees/rooms.js';
import { contentChange } from '../events/changes.js';
import type { Attendee, CalendarEvent } from '../events/model.js';
import type { Clock, Needs, UnitOfWork } from '../ports.js';
import type { IdentityKey, Room } from '../tenancy/model.js';
import type { PendingBooking } from './ports.js';

type Touched = 'events' | 'attendees' | 'changes' | 'tenancy' | 'roomBookings';
type SettlementRepos = Needs<Touched>;

export class RoomSettlement {
  constructor(
    private readonly store: UnitOfWork<Touched>,
    private readonly clock: Clock,
  ) {}

  /** Decides the next booking due by the clock; undefined when none is due. */
  async settleNext(): Promise<PendingBooking | undefined> {
    return this.store.transaction(async (repos) => {
      const now = this.clock.now();
      const booking = await repos.roomBookings.nextDue(now);
      if (!booking) return undefined;
      await repos.roomBookings.remove(booking.eventId, booking.attendeeId);
      await decide(repos, booking, now);
      return booking;
    });
  }

  /** Decides every booking due now, one transaction each; returns how many left the queue. */
  async settleDue(): Promise<number> {
    let settled = 0;
    while (await this.settleNext()) settled++;
    return settled;
  }
}

async function decide(repos: SettlementRepos, booking: PendingBooking, at: number): Promise<void> {
  const event = await repos.events.get(booking.eventId);
  const room = await repos.tenancy.getRoom(booking.roomId);
  if (!event || !room) return;
  for (const target of [event, ...(await pendingCopies(repos, event, booking))]) {
    const attendee = await repos.attendees.get(target.eventId, booking.attendeeId);
    if (!attendee || attendee.removed || attendee.rsvpStatus !== 'needs_action' || target.status === 'cancelled') continue;
    await decideFor(repos, target, attendee, room, booking.requestedBy, at);
  }
}

/** A series' exceptions holding a copy of the booking's attendee, unless one was booked on the exception itself. */
async function pendingCopies(repos: SettlementRepos, event: CalendarEvent, booking: PendingBooking): Promise<CalendarEvent[]> {
  if (!event.recurrence || event.isException) return [];
  const copies: CalendarEvent[] = [];
  for (const exception of await repos.events.exceptionsOf(event.seriesId)) {
    if (!(await repos.roomBookings.get(exception.eventId, booking.attendeeId))) copies.push(exception);
  }
  return copies;
}

async function decideFor(repos: SettlementRepos, event: CalendarEvent, attendee: Attendee, room: Room, actor: IdentityKey, at: number): Promise<void> {
  const booked = await tryBookRoom(repos, event, room);
  await repos.attendees.put({ ...attendee, rsvpStatus: booked ? 'accept' : 'decline' });
  if (!booked) {
    await recordAttendeeChange(repos, event, actor, at, contentChange(event, []));
    return;
  }
  const addedTo = (await place(repos, event, room.calendarId, 'room')) ? [room.calendarId] : [];
  await recordAttendeeChange(repos, event, actor, at, { kind: 'event.attendeesAdded', eventId: event.eventId, attendeeIds: [attendee.attendeeId], addedTo });
}
