/**
 * Frozen. What free/busy reads per event, made cheap:
 * - events.occurrences: a series master's occurrence times, written with the
 *   series (a derived query column, like first_start and last_end), read
 *   instead of iterating the RRULE per request. Series saved before this
 *   migration have none and are iterated as before.
 * - event_placements.busy: what free/busy weighs of the placed event (uid,
 *   original time, status, times, rule, free/busy mark, occurrence list, the
 *   slots a series' exceptions hold) as
 *   JSON, copied onto each placement so that a calendar's busy periods are
 *   read without visiting the events table. Filled here for existing rows
 *   (without occurrence lists, which take the recurrence code to compute).
 * - range indexes split by span (short and long placements), each bounded.
 * - the user's own attendee row answered from the index alone (reply and
 *   removal included), replacing 0006's (user, event) index, of which it is
 *   an extension; chat replies found by user, so free/busy can tell in one
 *   probe that a user has none.
 */
import { sql, type Kysely } from 'kysely';

/** Two days, in seconds: placements spanning at most this are short (event.repository's SHORT_SPAN). */
const SHORT_SPAN = 172800;

interface LegacyEvent { event_id: string; uid: string; original_time: number; status: string; is_exception: number; content: string }

/** The JSON the event repository writes (busyOf in event.repository.ts, as of this migration). */
function busyOf(e: LegacyEvent, taken: number[]): string {
  const c = JSON.parse(e.content) as Record<string, unknown>;
  const master = e.is_exception === 0 && Boolean(c.recurrence);
  return JSON.stringify({
    uid: e.uid, originalTime: Number(e.original_time), status: e.status, isException: e.is_exception === 1,
    start: c.start, end: c.end, recurrence: c.recurrence, freeBusyStatus: c.freeBusyStatus, occurrences: null,
    taken: master ? taken.sort((a, b) => a - b) : [],
  });
}

async function fillBusy(db: Kysely<any>): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('events').select(['event_id', 'uid', 'original_time', 'status', 'is_exception', 'content'])
      .where('event_id', '>', after).orderBy('event_id').limit(1000).execute() as LegacyEvent[];
    if (rows.length === 0) return;
    for (const row of rows) {
      const exceptions = row.is_exception === 1 ? [] : await db.selectFrom('events').select('original_time')
        .where('uid', '=', row.uid).where('original_time', '>', 0).execute() as Array<{ original_time: number }>;
      const busy = busyOf(row, exceptions.map((x) => Number(x.original_time)));
      await db.updateTable('event_placements').set({ busy }).where('event_id', '=', row.event_id).execute();
    }
    after = rows[rows.length - 1]!.event_id;
  }
}

export function freeBusyReads(dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('events').addColumn('occurrences', 'text').execute();
      await db.schema.alterTable('event_placements').addColumn('busy', 'text').execute();
      await fillBusy(db);
      // Range reads split placements by span. A short one (at most two days: one-off events,
      // exceptions) overlaps a window only if it starts less than two days before it, so its
      // search is bounded on both sides by first_start; only long ones (series, long events)
      // are searched by last_end, which reads every later one. Without the split, a window
      // read every placement of the calendar ending after it: the whole future of a full room.
      const short = sql`last_end - first_start`;
      // SQLite: the indexes carry the copies, so a window's busy periods are a few neighbouring
      // index pages rather than a table row per event (1M events: 2.0 → 1.1 ms per user and
      // fortnight). PostgreSQL caps index entries at a third of a page, which long occurrence
      // lists exceed: there the copies stay in the table.
      const carried = dialect === 'sqlite' ? ['removed', 'event_id', 'busy'] : [];
      await db.schema.createIndex('event_placements_short').on('event_placements')
        .columns(['calendar_id', 'first_start', 'last_end', ...carried]).where(short, '<=', SHORT_SPAN).execute();
      await db.schema.createIndex('event_placements_long').on('event_placements')
        .columns(['calendar_id', 'last_end', 'first_start', ...carried]).where(short, '>', SHORT_SPAN).execute();
      await db.schema.dropIndex('event_placements_range').execute();
      await db.schema.createIndex('chat_member_rsvps_user').on('chat_member_rsvps').columns(['user_ref']).execute();
      await db.schema.createIndex('attendees_user_reply').on('attendees').columns(['user_ref', 'event_id', 'type', 'rsvp_status', 'removed']).execute();
      await db.schema.dropIndex('attendees_user_event').execute();
    },
  };
}
