/**
 * Frozen. What free/busy reads per event, made cheap:
 * - events.occurrences: a series master's occurrence times, written with the
 *   series (a derived query column, like first_start and last_end), read
 *   instead of iterating the RRULE per request. Series saved before this
 *   migration have none and are iterated as before.
 * - the user's own attendee row answered from the index alone (reply and
 *   removal included), replacing 0006's (user, event) index, of which it is
 *   an extension.
 */
import type { Kysely } from 'kysely';

export function freeBusyReads(_dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('events').addColumn('occurrences', 'text').execute();
      await db.schema.createIndex('attendees_user_reply').on('attendees').columns(['user_ref', 'event_id', 'type', 'rsvp_status', 'removed']).execute();
      await db.schema.dropIndex('attendees_user_event').execute();
    },
  };
}
