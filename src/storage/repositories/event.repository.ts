import { sql, type Kysely, type SqlBool } from 'kysely';
import type { BusyCandidate, BusyEvent, EventRepository, EventTombstone, PlacedEvent } from '../../core/events/ports.js';
import type { CalendarEvent, EventStatus, FreeBusyStatus, PersonalSettings, Placement, RsvpStatus } from '../../core/events/model.js';
import type { IdentityKey } from '../../core/tenancy/model.js';
import { expansionOf, readExpansion } from '../../core/events/recurrence/stored.js';
import { decodeEvent, encodeContent } from './event-content.js';
import type { Database, EventPlacementRow, EventRow } from '../tables.js';
import { prepare } from './prepared-query.js';

export function eventFromRow(r: EventRow): CalendarEvent {
  return decodeEvent(r.content, {
    eventId: r.event_id, seriesId: r.series_id, uid: r.uid, originalTime: r.original_time, tenantKey: r.tenant_key,
    organizerCalendarId: r.organizer_calendar_id, organizer: r.organizer as IdentityKey, status: r.status as EventStatus,
    isException: r.is_exception === 1, createTime: r.create_time, version: r.version, firstStart: r.first_start, lastEnd: r.last_end,
  });
}

export function eventToRow(e: CalendarEvent): EventRow {
  const content = encodeContent(e);
  return {
    event_id: e.eventId, series_id: e.seriesId, uid: e.uid, original_time: e.originalTime, tenant_key: e.tenantKey, organizer_calendar_id: e.organizerCalendarId,
    organizer: e.organizer, content, status: e.status, is_exception: e.isException ? 1 : 0,
    is_recurring: e.recurrence ? 1 : 0, summary: e.summary, create_time: e.createTime, version: e.version,
    first_start: e.firstStart, last_end: e.lastEnd, occurrences: expansionOf(e) ?? null,
  };
}

/** `busy` is the placed event's busyOf, or null while its row is not yet written. */
export const placementToRow = (p: Placement, busy: string | null): EventPlacementRow => ({
  calendar_id: p.calendarId, event_id: p.eventId, reason: p.reason, removed: p.removed ? 1 : 0,
  version: p.version, first_start: p.firstStart, last_end: p.lastEnd, busy,
});

/** What free/busy weighs of an event, copied onto each of its placements (migration 0007). */
interface BusyFacts extends Omit<BusyEvent, 'eventId'> {
  /** recurrence/stored.ts's text; null for one-off events, exceptions and series stored before migration 0007. */
  occurrences: string | null;
  /** A series master's slots held by its exceptions (their original times, cancelled ones too); empty otherwise. */
  taken: number[];
}

/** `taken`: the original times of the series' exception rows, for a series master. */
export function busyOf(e: CalendarEvent, taken: readonly number[]): string {
  const facts: BusyFacts = {
    seriesId: e.seriesId, originalTime: e.originalTime, status: e.status, isException: e.isException, start: e.start, end: e.end,
    recurrence: e.recurrence, freeBusyStatus: e.freeBusyStatus, occurrences: expansionOf(e) ?? null,
    taken: e.isException || !e.recurrence ? [] : [...taken].sort((a, b) => a - b),
  };
  return JSON.stringify(facts);
}

const placementFromRow = (r: EventPlacementRow): Placement => ({
  calendarId: r.calendar_id, eventId: r.event_id, reason: r.reason as Placement['reason'], removed: r.removed === 1,
  version: r.version, firstStart: r.first_start, lastEnd: r.last_end,
});

const EVENT_COLUMNS = [
  'events.event_id', 'events.series_id', 'events.uid', 'events.original_time', 'events.tenant_key', 'events.organizer_calendar_id', 'events.organizer',
  'events.content', 'events.status', 'events.is_exception', 'events.is_recurring', 'events.summary', 'events.create_time',
  'events.version', 'events.first_start', 'events.last_end',
] as const;

/** What eventFromRow reads: EVENT_COLUMNS without the copies kept for SQL (is_recurring, summary). */
const EVENT_ROW_COLUMNS = EVENT_COLUMNS.filter((c) => c !== 'events.is_recurring' && c !== 'events.summary');

const PLACEMENT_COLUMNS = [
  'event_placements.calendar_id', 'event_placements.reason', 'event_placements.removed',
  'event_placements.version as p_version', 'event_placements.first_start as p_first_start', 'event_placements.last_end as p_last_end',
] as const;

type JoinedRow = EventRow & { calendar_id: string; reason: string; removed: number; p_version: number; p_first_start: number; p_last_end: number };

const placedFromRow = (r: JoinedRow): PlacedEvent => ({
  event: eventFromRow(r),
  placement: {
    calendarId: r.calendar_id, eventId: r.event_id, reason: r.reason as Placement['reason'], removed: r.removed === 1,
    version: r.p_version, firstStart: r.p_first_start, lastEnd: r.p_last_end,
  },
});

/**
 * Range reads come in two halves (migration 0007's indexes). A placement
 * spanning at most SHORT_SPAN overlaps [from, to) only if it starts after
 * from − SHORT_SPAN: its search is bounded on both sides. Only long ones
 * (series, long events) are searched by last_end alone. The span test is
 * written out, literal included, as the partial indexes state it, so that
 * SQLite's planner can use them; the unary plus keeps it off 0002's
 * (calendar_id, first_start) index, which would read a calendar's whole past.
 */
const SHORT_SPAN = 172800;
const SPAN = sql`event_placements.last_end - event_placements.first_start`;

/** `earliestStart` is `from - SHORT_SPAN`, passed in so that a prepared query can bind it. */
function shortOverlap(from: number, to: number, earliestStart = from - SHORT_SPAN) {
  return sql<SqlBool>`${SPAN} <= ${sql.lit(SHORT_SPAN)} and event_placements.first_start > ${earliestStart} and event_placements.first_start < ${to} and event_placements.last_end > ${from}`;
}

function longOverlap(from: number, to: number) {
  return sql<SqlBool>`${SPAN} > ${sql.lit(SHORT_SPAN)} and event_placements.last_end > ${from} and +event_placements.first_start < ${to}`;
}

// The point reads of an event's access check and its get (issue #14 §3).
const eventById = prepare((db, eventId: string) => db.selectFrom('events').selectAll().where('event_id', '=', eventId));
const placementOf = prepare((db, calendarId: string, eventId: string) =>
  db.selectFrom('event_placements').selectAll().where('calendar_id', '=', calendarId).where('event_id', '=', eventId));
const personalOf = prepare((db, eventId: string, identity: IdentityKey) =>
  db.selectFrom('event_personal').selectAll().where('identity', '=', identity).where('event_id', '=', eventId));

const placedOf = (db: Kysely<Database>) => db
  .selectFrom('event_placements')
  .innerJoin('events', 'events.event_id', 'event_placements.event_id')
  .select([...EVENT_COLUMNS, ...PLACEMENT_COLUMNS]);

// The range read of instance_view and list, and the reads of an incremental sync (issue #14 §3).
const overlapping = prepare((db, calendarId: string, from: number, to: number, earliestStart: number) => {
  // Only range reads expand series, so only they fetch and parse the stored occurrence lists.
  const live = () => placedOf(db).select('events.occurrences').where('event_placements.calendar_id', '=', calendarId).where('event_placements.removed', '=', 0);
  const both = live().where(shortOverlap(from, to, earliestStart)).unionAll(live().where(longOverlap(from, to))).as('both');
  return db.selectFrom(both).selectAll().orderBy('both.first_start').orderBy('both.event_id');
});

const changedSince = (db: Kysely<Database>, calendarId: string, identity: IdentityKey, since: number) => placedOf(db)
  .leftJoin('event_personal', (join) => join.onRef('event_personal.event_id', '=', 'events.event_id').on('event_personal.identity', '=', identity))
  .where('event_placements.calendar_id', '=', calendarId)
  .where((eb) => eb.or([
    eb('event_placements.version', '>', since),
    eb('events.version', '>', since),
    eb('event_personal.version', '>', since),
  ]));

const changedPage = prepare((db, calendarId: string, identity: IdentityKey, since: number, offset: number, limit: number) =>
  changedSince(db, calendarId, identity, since).orderBy('events.first_start').orderBy('events.event_id').offset(offset).limit(limit));

const changedCount = prepare((db, calendarId: string, identity: IdentityKey, since: number) =>
  changedSince(db, calendarId, identity, since).clearSelect().select((eb) => eb.fn.countAll<number>().as('n')));

const tombstonesSince = prepare((db, calendarId: string, since: number, offset: number, limit: number) => db
  .selectFrom('event_tombstones as t')
  .selectAll('t')
  .where('t.calendar_id', '=', calendarId)
  .where('t.version', '>', since)
  // An occurrence materialised again under the same id shows through its placement instead.
  .where(({ not, exists, selectFrom }) => not(exists(selectFrom('event_placements as p').select('p.event_id')
    .whereRef('p.calendar_id', '=', 't.calendar_id').whereRef('p.event_id', '=', 't.event_id'))))
  .orderBy('t.first_start')
  .orderBy('t.event_id')
  .offset(offset)
  .limit(limit));

const likePattern = (query: string) => `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class KyselyEventRepository implements EventRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private placed() {
    return placedOf(this.db);
  }

  async get(eventId: string): Promise<CalendarEvent | undefined> {
    const r = await eventById.first(this.db, eventId);
    return r && eventFromRow(r);
  }

  async insert(event: CalendarEvent): Promise<void> {
    await this.db.insertInto('events').values(eventToRow(event)).execute();
    // Every path places an event after writing it, so there is no copy to fill here; one
    // placed before would read its event at query time (listBusyCandidates), correct but slower.
    if (event.isException) await this.refreshSeriesCopy(event.seriesId);
  }

  async update(event: CalendarEvent, options: { stampPlacements?: boolean } = {}): Promise<void> {
    const { event_id, ...rest } = eventToRow(event);
    await this.db.updateTable('events').set(rest).where('event_id', '=', event_id).execute();
    const busy = await this.busyFor(event);
    const stamp = options.stampPlacements ? { version: event.version, first_start: event.firstStart, last_end: event.lastEnd } : {};
    await this.db.updateTable('event_placements').set({ busy, ...stamp }).where('event_id', '=', event_id).execute();
  }

  /** busyOf with the slots the series' exceptions hold, for a master. */
  private async busyFor(event: CalendarEvent): Promise<string> {
    if (event.isException || !event.recurrence) return busyOf(event, []);
    const rows = await this.db.selectFrom('events').select('original_time').where('series_id', '=', event.seriesId).where('original_time', '>', 0).execute();
    return busyOf(event, rows.map((r) => Number(r.original_time)));
  }

  /** An exception came or went: the master's copies list the slots anew. */
  private async refreshSeriesCopy(seriesId: string): Promise<void> {
    const row = await this.db.selectFrom('events').selectAll().where('series_id', '=', seriesId).where('original_time', '=', 0).executeTakeFirst();
    if (!row) return;
    const master = eventFromRow(row);
    await this.db.updateTable('event_placements').set({ busy: await this.busyFor(master) }).where('event_id', '=', master.eventId).execute();
  }

  async remove(eventId: string, version: number): Promise<void> {
    const row = await this.db.selectFrom('events').selectAll().where('event_id', '=', eventId).executeTakeFirst();
    if (row) {
      // One tombstone per calendar the event showed on, removed placements too: a client that
      // synced before the removal has not yet seen it go (events.md §2.10).
      const lastState = JSON.stringify(row);
      for (const p of await this.placementsOf(eventId)) {
        const tombstone = { calendar_id: p.calendarId, event_id: eventId, version, first_start: row.first_start, last_state: lastState };
        await this.db.insertInto('event_tombstones').values(tombstone)
          .onConflict((oc) => oc.columns(['calendar_id', 'event_id']).doUpdateSet({ version, first_start: row.first_start, last_state: lastState }))
          .execute();
      }
    }
    await this.db.deleteFrom('event_placements').where('event_id', '=', eventId).execute();
    await this.db.deleteFrom('event_personal').where('event_id', '=', eventId).execute();
    await this.db.deleteFrom('chat_member_rsvps').where('event_id', '=', eventId).execute();
    await this.db.deleteFrom('attendees').where('event_id', '=', eventId).execute();
    await this.db.deleteFrom('room_bookings').where('event_id', '=', eventId).execute();
    await this.db.deleteFrom('events').where('event_id', '=', eventId).execute();
    if (row?.is_exception === 1) await this.refreshSeriesCopy(row.series_id);
  }

  async exceptionsOf(seriesId: string): Promise<CalendarEvent[]> {
    const rows = await this.db.selectFrom('events').selectAll().where('series_id', '=', seriesId).where('original_time', '>', 0).orderBy('original_time').execute();
    return rows.map(eventFromRow);
  }

  async exceptionSlotsOf(seriesIds: readonly string[]): Promise<Array<{ seriesId: string; originalTime: number }>> {
    const out: Array<{ seriesId: string; originalTime: number }> = [];
    // Chunked: SQLite caps bound parameters per statement.
    for (let i = 0; i < seriesIds.length; i += 500) {
      const rows = await this.db.selectFrom('events').select(['series_id', 'original_time'])
        .where('series_id', 'in', seriesIds.slice(i, i + 500)).where('original_time', '>', 0).execute();
      for (const r of rows) out.push({ seriesId: r.series_id, originalTime: Number(r.original_time) });
    }
    return out;
  }

  async findByUid(tenantKey: string, uid: string, calendarId?: string): Promise<CalendarEvent[]> {
    let query = this.db.selectFrom('events').selectAll('events').where('events.tenant_key', '=', tenantKey).where('events.uid', '=', uid);
    if (calendarId !== undefined) {
      query = query.where(({ exists, selectFrom }) => exists(selectFrom('event_placements as p').select('p.event_id')
        .whereRef('p.event_id', '=', 'events.event_id').where('p.calendar_id', '=', calendarId).where('p.removed', '=', 0)));
    }
    const rows = await query.orderBy('events.original_time').orderBy('events.organizer_calendar_id').execute();
    return rows.map(eventFromRow);
  }

  async findPlacedMasters(tenantKey: string, calendarId: string, uids: readonly string[]): Promise<CalendarEvent[]> {
    const out: CalendarEvent[] = [];
    // Chunked: SQLite caps bound parameters per statement. The event's columns only: a multiget of
    // 100 spent a third of its time building rows, and the placement is known (live, on this calendar).
    for (let i = 0; i < uids.length; i += 500) {
      const rows = await this.db.selectFrom('events').select(EVENT_ROW_COLUMNS)
        .where('events.tenant_key', '=', tenantKey).where('events.uid', 'in', uids.slice(i, i + 500))
        .where('events.original_time', '=', 0).where('events.is_exception', '=', 0).where('events.status', '!=', 'cancelled')
        .where(({ exists, selectFrom }) => exists(selectFrom('event_placements as p').select('p.event_id')
          .whereRef('p.event_id', '=', 'events.event_id').where('p.calendar_id', '=', calendarId).where('p.removed', '=', 0)))
        .orderBy('events.uid').orderBy('events.organizer_calendar_id')
        .execute();
      for (const r of rows) out.push(eventFromRow(r as EventRow));
    }
    return out;
  }

  async getPlacement(calendarId: string, eventId: string): Promise<Placement | undefined> {
    const r = await placementOf.first(this.db, calendarId, eventId);
    return r && placementFromRow(r);
  }

  async putPlacement(p: Placement, known?: CalendarEvent): Promise<void> {
    const event = known?.eventId === p.eventId ? known : await this.get(p.eventId);
    const row = placementToRow(p, event ? await this.busyFor(event) : null);
    await this.db
      .insertInto('event_placements')
      .values(row)
      .onConflict((oc) => oc.columns(['calendar_id', 'event_id']).doUpdateSet({
        reason: row.reason, removed: row.removed, version: row.version, first_start: row.first_start, last_end: row.last_end,
      }))
      .execute();
  }

  async placementsOf(eventId: string): Promise<Placement[]> {
    const rows = await this.db.selectFrom('event_placements').selectAll().where('event_id', '=', eventId).orderBy('calendar_id').execute();
    return rows.map(placementFromRow);
  }

  async updatePlacementSpans(eventId: string, firstStart: number, lastEnd: number): Promise<void> {
    await this.db.updateTable('event_placements').set({ first_start: firstStart, last_end: lastEnd }).where('event_id', '=', eventId).execute();
  }

  async listPlaced(calendarId: string, options: { endAfter?: number; offset: number; limit: number }): Promise<PlacedEvent[]> {
    let query = this.placed()
      .where('event_placements.calendar_id', '=', calendarId)
      .where('event_placements.removed', '=', 0)
      // Deleted events and series leave the calendar; cancelled exceptions stay, they cancel their slot.
      .where((eb) => eb.or([eb('events.status', '!=', 'cancelled'), eb('events.is_exception', '=', 1)]));
    if (options.endAfter !== undefined) {
      const anchor = options.endAfter;
      // Anchor mode (events.md §3.4): every series master, whatever its dates; others ending at or after the anchor.
      query = query.where((eb) => eb.or([
        eb.and([eb('events.is_recurring', '=', 1), eb('events.is_exception', '=', 0)]),
        eb.and([eb('events.last_end', '>=', anchor), eb.or([eb('events.is_exception', '=', 0), eb('events.original_time', '>=', anchor)])]),
      ]));
    }
    const rows = await query.orderBy('events.first_start').orderBy('events.event_id').offset(options.offset).limit(options.limit).execute();
    return rows.map((r) => placedFromRow(r as JoinedRow));
  }

  async listChanged(calendarId: string, identity: IdentityKey, since: number, offset: number, limit: number): Promise<PlacedEvent[]> {
    const rows = await changedPage.all(this.db, calendarId, identity, since, offset, limit);
    return rows.map((r) => placedFromRow(r as JoinedRow));
  }

  async countChanged(calendarId: string, identity: IdentityKey, since: number): Promise<number> {
    const r = await changedCount.first(this.db, calendarId, identity, since);
    return Number(r!.n);
  }

  async listTombstones(calendarId: string, since: number, offset: number, limit: number): Promise<EventTombstone[]> {
    const rows = await tombstonesSince.all(this.db, calendarId, since, offset, limit);
    return rows.map((r) => ({ calendarId: r.calendar_id, event: eventFromRow(JSON.parse(r.last_state) as EventRow), version: Number(r.version) }));
  }

  async listOverlapping(calendarId: string, from: number, to: number): Promise<PlacedEvent[]> {
    const rows = await overlapping.all(this.db, calendarId, from, to, from - SHORT_SPAN);
    return rows.map((r) => {
      const placed = placedFromRow(r as JoinedRow);
      return r.occurrences === null ? placed : { ...placed, expansion: readExpansion(r.occurrences) };
    });
  }

  async listBusyCandidates(calendarId: string, from: number, to: number, user: { ref: string; identity: IdentityKey }): Promise<BusyCandidate[]> {
    // Personal marks and chat invitations are rare: one probe each spares a lookup per event.
    const probe = await this.db.selectNoFrom((eb) => [
      eb.selectFrom('event_personal').select('event_id').where('identity', '=', user.identity).limit(1).as('mark'),
      eb.selectFrom('chat_member_rsvps').select('event_id').where('user_ref', '=', user.ref).limit(1).as('chat'),
    ]).executeTakeFirst();
    const hasMarks = probe?.mark != null;
    const hasChats = probe?.chat != null;
    const live = () => this.db.selectFrom('event_placements')
      .leftJoin('attendees as own', (join) => join.onRef('own.event_id', '=', 'event_placements.event_id').on('own.user_ref', '=', user.ref).on('own.type', '=', 'user'))
      .select(['event_placements.event_id', 'event_placements.busy', 'own.rsvp_status as own_rsvp', 'own.removed as own_removed'])
      .select((eb) => [
        hasMarks
          ? eb.selectFrom('event_personal as mine').select('mine.settings').whereRef('mine.event_id', '=', 'event_placements.event_id').where('mine.identity', '=', user.identity).as('own_settings')
          : sql<string | null>`null`.as('own_settings'),
        hasChats
          ? eb.selectFrom('chat_member_rsvps as chat').select('chat.rsvp_status').whereRef('chat.event_id', '=', 'event_placements.event_id').where('chat.user_ref', '=', user.ref).limit(1).as('chat_rsvp')
          : sql<string | null>`null`.as('chat_rsvp'),
      ])
      .where('event_placements.calendar_id', '=', calendarId)
      .where('event_placements.removed', '=', 0);
    const rows = await live().where(shortOverlap(from, to)).unionAll(live().where(longOverlap(from, to))).execute();
    const candidates: BusyCandidate[] = [];
    for (const r of rows) {
      const busy = r.busy ?? (await this.busyNow(r.event_id));
      if (busy === undefined) continue;
      // Field by field: rest/spread of a JSON.parse result takes V8's slow path.
      const f = JSON.parse(busy) as BusyFacts;
      const candidate: BusyCandidate = {
        event: {
          eventId: r.event_id, seriesId: f.seriesId, originalTime: f.originalTime, status: f.status, isException: f.isException,
          start: f.start, end: f.end, recurrence: f.recurrence, freeBusyStatus: f.freeBusyStatus,
        },
      };
      if (f.occurrences) candidate.expansion = readExpansion(f.occurrences);
      if (f.taken.length > 0) candidate.taken = f.taken;
      if (r.own_rsvp !== null && r.own_removed === 0) candidate.ownRsvp = r.own_rsvp as RsvpStatus;
      if (r.chat_rsvp !== null) candidate.chatRsvp = r.chat_rsvp as RsvpStatus;
      const mark = r.own_settings === null ? null : (JSON.parse(r.own_settings) as { freeBusyStatus: FreeBusyStatus | null }).freeBusyStatus;
      if (mark) candidate.ownFreeBusy = mark;
      candidates.push(candidate);
    }
    return candidates;
  }

  /** A placement whose copy is missing (placed before its event was written; no path does) is read from its event. */
  private async busyNow(eventId: string): Promise<string | undefined> {
    const event = await this.get(eventId);
    return event && this.busyFor(event);
  }

  async search(calendarId: string, query: string): Promise<PlacedEvent[]> {
    const rows = await this.placed()
      .where('event_placements.calendar_id', '=', calendarId)
      .where('event_placements.removed', '=', 0)
      .where('events.status', '!=', 'cancelled')
      .where(sql<boolean>`lower(events.summary) like ${likePattern(query)} escape '\\'`)
      .orderBy('events.first_start')
      .orderBy('events.event_id')
      .limit(5000)
      .execute();
    return rows.map((r) => placedFromRow(r as JoinedRow));
  }

  async getPersonal(eventId: string, identity: IdentityKey): Promise<PersonalSettings | undefined> {
    const r = await personalOf.first(this.db, eventId, identity);
    return r && Object.assign(JSON.parse(r.settings) as Omit<PersonalSettings, 'eventId' | 'identity' | 'version'>, { eventId, identity, version: r.version });
  }

  async putPersonal(s: PersonalSettings): Promise<void> {
    const settings = JSON.stringify({ color: s.color, reminders: s.reminders, visibility: s.visibility, freeBusyStatus: s.freeBusyStatus });
    await this.db
      .insertInto('event_personal')
      .values({ event_id: s.eventId, identity: s.identity, settings, version: s.version })
      .onConflict((oc) => oc.columns(['identity', 'event_id']).doUpdateSet({ settings, version: s.version }))
      .execute();
  }

  async personalFor(identity: IdentityKey, eventIds: readonly string[]): Promise<PersonalSettings[]> {
    if (eventIds.length === 0) return [];
    const out: PersonalSettings[] = [];
    // Chunked: SQLite caps bound parameters per statement.
    for (let i = 0; i < eventIds.length; i += 500) {
      const rows = await this.db.selectFrom('event_personal').selectAll().where('identity', '=', identity).where('event_id', 'in', eventIds.slice(i, i + 500)).execute();
      for (const r of rows) out.push(Object.assign(JSON.parse(r.settings) as Omit<PersonalSettings, 'eventId' | 'identity' | 'version'>, { eventId: r.event_id, identity, version: r.version }));
    }
    return out;
  }

  async claimIdempotent(appId: string, calendarId: string, key: string, eventId: string): Promise<string> {
    await this.db
      .insertInto('event_idempotency')
      .values({ app_id: appId, calendar_id: calendarId, idempotency_key: key, event_id: eventId })
      .onConflict((oc) => oc.columns(['app_id', 'calendar_id', 'idempotency_key']).doNothing())
      .execute();
    const r = await this.db.selectFrom('event_idempotency').select('event_id')
      .where('app_id', '=', appId).where('calendar_id', '=', calendarId).where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    return r.event_id;
  }
}
