/**
 * Expanded reads: the instances of one series (events.md §3.8) and the
 * instance view of a calendar (§3.9). Both narrow with an indexed query first
 * (the series and its exceptions; placements overlapping the window) and then
 * decide exactly with the pure matcher in instances.ts.
 */
import { DomainError, invalid } from '../../errors.js';
import { decodeCursor, encodeCursor, type PageRequest } from '../../paging.js';
import type { Clock, Needs } from '../../ports.js';
import type { Identity } from '../../tenancy/model.js';
import { loadEvent, resolveCalendar, type EventReads } from '../access.js';
import { requireCalendarAccess, requireEventAccess } from '../event-access.js';
import type { Attendee, CalendarEvent } from '../model.js';
import type { StoredExpansion } from '../recurrence/stored.js';
import type { EventView } from '../views.js';
import { byStart, isSeriesMaster, plainOccurrences, seriesInstances, storedInstance, storedOverlaps, type Instance } from './instances.js';
import { instanceViews } from './many-views.js';

/** "At most two years" (events.md §3.8): two calendar years, one of them a leap year. */
const INSTANCES_MAX_SPAN = 731 * 86400;
/** The window must be shorter than 40 days (§3.9, 193103). */
const VIEW_MAX_SPAN = 40 * 86400;
const VIEW_MAX_INSTANCES = 1000;

export interface Window {
  from: number;
  to: number;
}

export interface InstancesPage {
  items: EventView[];
  hasMore: boolean;
  pageToken?: string;
}

export interface InstanceViewResult {
  items: EventView[];
  /** Room attendees by stored event id (master or exception). */
  rooms: Map<string, Attendee[]>;
}

function checkWindow({ from, to }: Window): void {
  if (to <= from) throw invalid('end_time', 'end_time must be after start_time', to);
}

export async function listInstances(store: EventReads, clock: Clock, identity: Identity, calendarId: string, eventId: string, window: Window, page: PageRequest): Promise<InstancesPage> {
  const calendar = await resolveCalendar(store, identity, calendarId);
  requireCalendarAccess(identity, calendar, 'read_instances');
  checkWindow(window);
  if (window.to - window.from > INSTANCES_MAX_SPAN) throw invalid('end_time', 'the time range may span at most two years');
  const now = clock.now();
  const { size, prefix } = page;
  const offset = page.token ? decodeCursor(prefix, page.token, now).offset : 0;

  const ctx = await loadEvent(store, identity, calendar, eventId);
  // An occurrence id is no stored event (as get, events.md §2.2).
  if (ctx.occurrence !== undefined) throw new DomainError('not_found:event');
  requireEventAccess(identity, ctx, 'read_instances');
  // Instances of a one-off event or of an exception: Feishu fails, code unconfirmed (events.md §5.12).
  if (!isSeriesMaster(ctx.event)) throw invalid('event_id', 'the event is not a recurring event', eventId);

  const exceptions = await store.events.exceptionsOf(ctx.event.seriesId);
  const found = seriesInstances(ctx.event, exceptions, window.from, window.to, offset + size + 1);
  const hasMore = found.length > offset + size;
  return {
    items: await instanceViews(store, identity, calendar, found.slice(offset, offset + size)),
    hasMore,
    ...(hasMore && { pageToken: encodeCursor(prefix, { offset: offset + size, head: 0, issuedAt: now }) }),
  };
}

export async function instanceView(store: EventReads, identity: Identity, calendarId: string, window: Window): Promise<InstanceViewResult> {
  const calendar = await resolveCalendar(store, identity, calendarId);
  requireCalendarAccess(identity, calendar, 'instance_view');
  checkWindow(window);
  if (window.to - window.from >= VIEW_MAX_SPAN) throw new DomainError('limit:instance_range');

  const placed = await store.events.listOverlapping(calendar.calendarId, window.from, window.to);
  const candidates = placed.map((p) => p.event);
  const expansions = new Map(placed.flatMap((p) => (p.expansion ? [[p.event.eventId, p.expansion] as const] : [])));
  const instances = expandAll(candidates, await slotsTaken(store, candidates), window, expansions);
  const items = await instanceViews(store, identity, calendar, instances);
  const rooms = new Map<string, Attendee[]>();
  for (const room of await store.attendees.roomsOf([...new Set(instances.map((i) => i.event.eventId))])) {
    rooms.set(room.eventId, [...(rooms.get(room.eventId) ?? []), room]);
  }
  return { items, rooms };
}

/** Original times held by exceptions, per series: one query for every series in the window. */
async function slotsTaken(store: Needs<'events'>, candidates: readonly CalendarEvent[]): Promise<Map<string, Set<number>>> {
  const series = candidates.filter((e) => isSeriesMaster(e) && e.status !== 'cancelled').map((e) => e.seriesId);
  const taken = new Map<string, Set<number>>(series.map((id) => [id, new Set()]));
  for (const slot of await store.events.exceptionSlotsOf(series)) taken.get(slot.seriesId)?.add(slot.originalTime);
  return taken;
}

/**
 * Every instance in the window: one-off events and exceptions (cancelled ones
 * too) by their own times, series expanded without the slots exceptions hold.
 * Deleted one-offs and series are gone. More than 1000 → 193104.
 */
export function expandAll(
  candidates: readonly CalendarEvent[], taken: ReadonlyMap<string, ReadonlySet<number>>, { from, to }: Window,
  expansions: ReadonlyMap<string, StoredExpansion> = new Map(),
): Instance[] {
  const out: Instance[] = [];
  const tooMany = () => new DomainError('limit:instance_count');
  for (const event of candidates) {
    if (event.status === 'cancelled' && !event.isException) continue;
    if (isSeriesMaster(event)) {
      const budget = VIEW_MAX_INSTANCES + 1 - out.length;
      out.push(...plainOccurrences(event, taken.get(event.seriesId) ?? new Set(), from, to, budget, expansions.get(event.eventId)));
    } else if (storedOverlaps(event, from, to)) {
      out.push(storedInstance(event));
    }
    if (out.length > VIEW_MAX_INSTANCES) throw tooMany();
  }
  return out.sort(byStart);
}
