/**
 * POST /events/search (events.md §3.6): title match in storage (case-insensitive,
 * LIKE wildcards literal), then the time filter and the attendee filters here.
 * Attendees are only looked up for candidates until the requested page is full.
 */
import { invalid } from '../../errors.js';
import { decodeCursor, encodeCursor, type PageRequest } from '../../paging.js';
import type { Clock, Needs } from '../../ports.js';
import type { Identity } from '../../tenancy/model.js';
import { resolveCalendar, type EventReads } from '../access.js';
import { requireCalendarAccess } from '../event-access.js';
import type { TimeInfoInput } from '../input.js';
import type { Attendee } from '../model.js';
import { isTimeZone, localToUtc } from '../recurrence/zones.js';
import { addDays, isValidDate, MAX_TIMESTAMP } from '../time.js';
import type { PlacedEvent } from '../ports.js';
import { OPEN_END } from '../model.js';
import type { EventView } from '../views.js';
import { isSeriesMaster, seriesOverlaps, storedOverlaps } from './instances.js';
import { placedViews } from './many-views.js';

/** Attendee lists fetched at once while filtering. */
const BATCH = 20;

export interface SearchRequest {
  query: string;
  /** filter.start_time / end_time: the window the events must overlap. */
  start?: TimeInfoInput;
  end?: TimeInfoInput;
  /** Present = filter: events with at least one of these (user refs, room ids, chat ids). */
  userRefs?: readonly string[];
  roomIds?: readonly string[];
  chatIds?: readonly string[];
  page: PageRequest;
}

export interface SearchPage {
  items: EventView[];
  hasMore: boolean;
  pageToken?: string;
}

export async function searchEvents(store: EventReads, clock: Clock, identity: Identity, calendarId: string, request: SearchRequest): Promise<SearchPage> {
  const calendar = await resolveCalendar(store, identity, calendarId);
  requireCalendarAccess(identity, calendar, 'search');
  const now = clock.now();
  const { size, prefix } = request.page;
  const offset = request.page.token ? decodeCursor(prefix, request.page.token, now).offset : 0;
  const { from, to } = windowOf(request, now);
  if (to <= from) throw invalid('filter.end_time', 'end_time must be after start_time');

  const inWindow = (await store.events.search(calendar.calendarId, request.query)).filter(({ event }) =>
    isSeriesMaster(event) ? seriesOverlaps(event, from, to) : storedOverlaps(event, from, to));
  const wanted = offset + size + 1;
  const matched = hasAttendeeFilter(request) ? await withAttendees(store, inWindow, request, wanted) : inWindow.slice(0, wanted);
  const page = matched.slice(offset, offset + size);
  const hasMore = matched.length > offset + size;
  return {
    items: await placedViews(store, identity, calendar, page),
    hasMore,
    ...(hasMore && { pageToken: encodeCursor(prefix, { offset: offset + size, head: 0, issuedAt: now }) }),
  };
}

/** The window of the unbounded search: the 30 days up to now. */
const PAST_MONTH = 30 * 86_400;

/**
 * The window the events must overlap. Search Event: "If start_time and end_time
 * are not passed, the default search is for events within the past month": the
 * 30 days before the clock's now. One bound alone leaves the other side open.
 */
function windowOf(request: SearchRequest, nowMs: number): { from: number; to: number } {
  if (request.start === undefined && request.end === undefined) {
    const now = Math.floor(nowMs / 1000);
    return { from: now - PAST_MONTH, to: now };
  }
  return {
    from: request.start ? boundOf(request.start, 'filter.start_time', false) : 0,
    to: request.end ? boundOf(request.end, 'filter.end_time', true) : OPEN_END,
  };
}

/**
 * A bound as time_info: a timestamp, or a date (midnight in `timezone`, UTC
 * without one). An end date is inclusive: the bound is the next midnight.
 */
function boundOf(info: TimeInfoInput, field: string, isEnd: boolean): number {
  const hasDate = info.date !== undefined && info.date !== '';
  const hasTimestamp = info.timestamp !== undefined && info.timestamp !== '';
  if (hasDate === hasTimestamp) throw invalid(field, 'exactly one of date and timestamp is required');
  if (hasTimestamp) {
    if (!/^\d{1,11}$/.test(info.timestamp!) || Number(info.timestamp) > MAX_TIMESTAMP) throw invalid(`${field}.timestamp`, 'timestamp must be Unix seconds', info.timestamp);
    return Number(info.timestamp);
  }
  if (!isValidDate(info.date!)) throw invalid(`${field}.date`, 'date must be YYYY-MM-DD', info.date);
  const zone = info.timezone || 'UTC';
  if (!isTimeZone(zone)) throw invalid(`${field}.timezone`, 'timezone must be an IANA time zone', zone);
  const [year, month, day] = (isEnd ? addDays(info.date!, 1) : info.date!).split('-').map(Number) as [number, number, number];
  return localToUtc({ year, month, day, hour: 0, minute: 0, second: 0 }, zone);
}

function hasAttendeeFilter(request: SearchRequest): boolean {
  return request.userRefs !== undefined || request.roomIds !== undefined || request.chatIds !== undefined;
}

/** Each given list narrows the result; within a list, one match is enough. */
function attendeesMatch(attendees: readonly Attendee[], request: SearchRequest): boolean {
  const has = (ids: readonly string[] | undefined, pick: (a: Attendee) => string | null, type: Attendee['type']) =>
    ids === undefined || attendees.some((a) => a.type === type && ids.includes(pick(a) ?? ''));
  return has(request.userRefs, (a) => a.userRef, 'user') && has(request.roomIds, (a) => a.roomId, 'resource') && has(request.chatIds, (a) => a.chatId, 'chat');
}

async function withAttendees(store: Needs<'attendees'>, candidates: readonly PlacedEvent[], request: SearchRequest, wanted: number): Promise<PlacedEvent[]> {
  const out: PlacedEvent[] = [];
  for (let i = 0; i < candidates.length && out.length < wanted; i += BATCH) {
    const batch = candidates.slice(i, i + BATCH);
    const lists = await Promise.all(batch.map((c) => store.attendees.list(c.event.eventId, { includeRemoved: false, offset: 0, limit: 5000 })));
    batch.forEach((c, j) => {
      if (attendeesMatch(lists[j]!, request)) out.push(c);
    });
  }
  return out.slice(0, wanted);
}
