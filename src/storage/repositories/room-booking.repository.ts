import type { Kysely, Selectable } from 'kysely';
import type { PendingBooking, RoomBookingRepository } from '../../core/rooms/ports.js';
import type { IdentityKey } from '../../core/tenancy/model.js';
import type { Database, RoomBookingRow } from '../tables.js';

const bookingFromRow = (r: Selectable<RoomBookingRow>): PendingBooking => ({
  eventId: r.event_id, attendeeId: r.attendee_id, roomId: r.room_id, arrival: Number(r.arrival), dueAt: Number(r.due_at),
  requestedBy: r.requested_by as IdentityKey,
});

export class KyselyRoomBookingRepository implements RoomBookingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async enqueue(b: Omit<PendingBooking, 'arrival'>): Promise<PendingBooking> {
    await this.remove(b.eventId, b.attendeeId);
    const row = await this.db.insertInto('room_bookings')
      .values({ event_id: b.eventId, attendee_id: b.attendeeId, room_id: b.roomId, due_at: b.dueAt, requested_by: b.requestedBy })
      .returning('arrival').executeTakeFirstOrThrow();
    return { ...b, arrival: Number(row.arrival) };
  }

  async nextDue(now: number): Promise<PendingBooking | undefined> {
    const row = await this.db.selectFrom('room_bookings as b').selectAll('b')
      .where('b.due_at', '<=', now)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('room_bookings as e').select('e.arrival')
        .whereRef('e.room_id', '=', 'b.room_id').whereRef('e.arrival', '<', 'b.arrival').where('e.due_at', '>', now))))
      .orderBy('b.arrival').limit(1).executeTakeFirst();
    return row && bookingFromRow(row);
  }

  async get(eventId: string, attendeeId: string): Promise<PendingBooking | undefined> {
    const row = await this.db.selectFrom('room_bookings').selectAll().where('event_id', '=', eventId).where('attendee_id', '=', attendeeId).executeTakeFirst();
    return row && bookingFromRow(row);
  }

  async remove(eventId: string, attendeeId: string): Promise<void> {
    await this.db.deleteFrom('room_bookings').where('event_id', '=', eventId).where('attendee_id', '=', attendeeId).execute();
  }
}
