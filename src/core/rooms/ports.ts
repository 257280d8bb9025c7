/** What asynchronous room booking needs from storage (storage/repositories/room-booking.repository.ts). */
import type { IdentityKey } from '../tenancy/model.js';

/**
 * A room attendee stored `needs_action` whose booking is still to be decided
 * (issue #12 §5; events.md §2.7).
 */
export interface PendingBooking {
  eventId: string;
  attendeeId: string;
  roomId: string;
  /**
   * Arrival order, rising across the store. Handed out inside the add's
   * transaction, which holds the writers' turn, so it is the commit order.
   */
  arrival: number;
  /** Clock milliseconds from which the booking may be decided. */
  dueAt: number;
  /** Who added the room: the decision's actor in the change feed. */
  requestedBy: IdentityKey;
}

export interface RoomBookingRepository {
  /** Queues a booking; a room added again after its removal takes a new place at the back. */
  enqueue(booking: Omit<PendingBooking, 'arrival'>): Promise<PendingBooking>;
  /**
   * The booking to decide next at `now`, the earliest-arrived among those due,
   * skipping any of a room with an earlier booking not yet due: per room the
   * decisions follow arrival even when the clock was set back between requests.
   */
  nextDue(now: number): Promise<PendingBooking | undefined>;
  get(eventId: string, attendeeId: string): Promise<PendingBooking | undefined>;
  /** Forgets a booking once decided (or moot). */
  remove(eventId: string, attendeeId: string): Promise<void>;
}
