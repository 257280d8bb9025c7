/**
 * Frozen. room_bookings: room attendees waiting for their decision when rooms
 * book asynchronously (issue #12 §5). `arrival` numbers them in commit order
 * (inserts run in the writers' turn); a row leaves once its booking is decided.
 * Written against Kysely<any> and importing nothing from the app.
 */
import type { Kysely } from 'kysely';

export function roomSettlement(dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<any>): Promise<void> {
      const table = db.schema.createTable('room_bookings');
      await (dialect === 'postgres'
        ? table.addColumn('arrival', 'bigserial', (c) => c.primaryKey())
        : table.addColumn('arrival', 'integer', (c) => c.primaryKey().autoIncrement()))
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('attendee_id', 'text', (c) => c.notNull())
        .addColumn('room_id', 'text', (c) => c.notNull())
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('room_bookings_attendee', ['event_id', 'attendee_id'])
        .execute();
      await db.schema.createIndex('room_bookings_due').on('room_bookings').columns(['due_at']).execute();
      await db.schema.createIndex('room_bookings_room').on('room_bookings').columns(['room_id', 'arrival']).execute();
    },
  };
}
