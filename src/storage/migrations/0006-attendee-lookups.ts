/**
 * Frozen. A user's own attendee rows among a page of events (free/busy,
 * self_rsvp_status) were found through user_ref alone, reading every row the
 * user ever had; this index answers (user, event) directly.
 */
import type { Kysely } from 'kysely';

export function attendeeLookups(_dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createIndex('attendees_user_event').on('attendees').columns(['user_ref', 'event_id']).execute();
    },
  };
}
