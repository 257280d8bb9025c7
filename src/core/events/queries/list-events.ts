/**
 * GET /events (events.md §3.4) in its four modes: full traversal, anchored
 * traversal, incremental sync, and a time window. Anchored traversals page by
 * offset; without an anchor a traversal is one page. Both end with a sync token:
 * the change-log head when the traversal began, so anything changed while paging
 * comes back in the next incremental sync.
 */
import { DomainError, invalid } from '../../errors.js';
import type { PageRequest } from '../../paging.js';
import type { Clock, Needs } from '../../ports.js';
import { identityKey, type Identity, type IdentityKey } from '../../tenancy/model.js';
import { resolveCalendar, type CalendarContext, type EventReads } from '../access.js';
import { requireCalendarAccess } from '../event-access.js';
import type { CalendarEvent } from '../model.js';
import type { EventTombstone, PlacedEvent } from '../ports.js';
import type { EventView } from '../views.js';
import { isSeriesMaster, seriesOverlaps, storedOverlaps } from './instances.js';
import { decodePageToken, decodeSyncToken, encodePageToken, encodeSyncToken, type PagePosition } from './list-tokens.js';
import { placedViews } from './many-views.js';

/** The page size of a traversal without anchor_time: past any calendar's size, so it never pages. */
const UNPAGED = 1_000_000_000;

/** Listing reads events as seen from the calendar, and the change-log head for sync tokens. */
export type EventListing = EventReads & Needs<'changes'>;

export interface ListEventsRequest {
  page: PageRequest;
  anchorTime?: number;
  syncToken?: string;
  /** What sync tokens start with (the adapter's choice, as the page's prefix). */
  syncPrefix: string;
  startTime?: number;
  endTime?: number;
}

export interface EventPage {
  items: EventView[];
  hasMore: boolean;
  /** Only while `hasMore`. */
  pageToken?: string;
  /** Only on the last page of a traversal. */
  syncToken?: string;
}

/** `operation`: GET /events is `list`; a copy kept of the calendar (CalDAV) is `mirror`, which third-party calendars allow. */
export async function listEvents(store: EventListing, clock: Clock, identity: Identity, calendarId: string, request: ListEventsRequest, operation: 'list' | 'mirror' = 'list'): Promise<EventPage> {
  const calendar = await resolveCalendar(store, identity, calendarId);
  requireCalendarAccess(identity, calendar, operation);
  const pageSize = request.page.size;
  if (request.startTime !== undefined || request.endTime !== undefined) return listWindow(store, identity, calendar, request, pageSize);
  return listTraversal(store, clock.now(), identity, calendar, request, pageSize);
}

/** Time window: one truncated response, no tokens; overlap semantics, series kept when any occurrence overlaps. */
async function listWindow(store: EventReads, identity: Identity, calendar: CalendarContext, request: ListEventsRequest, pageSize: number): Promise<EventPage> {
  if (request.syncToken || request.page.token) throw new DomainError('conflict:sync_token');
  // Not combinable with anchor_time either; Feishu's code is unconfirmed (events.md §5.12).
  if (request.anchorTime !== undefined) throw invalid('anchor_time', 'anchor_time cannot be combined with start_time and end_time');
  const { startTime: from, endTime: to } = request;
  if (from === undefined) throw invalid('start_time', 'start_time is required with end_time');
  if (to === undefined) throw invalid('end_time', 'end_time is required with start_time');
  if (to <= from) throw invalid('end_time', 'end_time must be after start_time', to);
  const candidates = await store.events.listOverlapping(calendar.calendarId, from, to);
  const items: PlacedEvent[] = [];
  for (const placed of candidates) {
    if (!isListed(placed.event)) continue;
    const inWindow = isSeriesMaster(placed.event) ? seriesOverlaps(placed.event, from, to) : storedOverlaps(placed.event, from, to);
    if (inWindow) items.push(placed);
    if (items.length >= pageSize) break;
  }
  return { items: await placedViews(store, identity, calendar, items), hasMore: false };
}

async function listTraversal(store: EventListing, now: number, identity: Identity, calendar: CalendarContext, request: ListEventsRequest, pageSize: number): Promise<EventPage> {
  const prefix = request.page.prefix;
  const since = request.syncToken ? decodeSyncToken(request.syncPrefix, request.syncToken, now) : undefined;
  const page = request.page.token ? decodePageToken(prefix, request.page.token, now) : undefined;
  // A page of a full traversal cannot continue an incremental one, nor the reverse.
  if (page && (page.since !== undefined) !== (since !== undefined)) throw new DomainError('conflict:sync_token');
  if (page && since !== undefined && page.since !== since) throw new DomainError('conflict:sync_token');
  // A page token belongs to the traversal it was cut from, anchor included.
  if (page && request.anchorTime !== undefined && page.anchor !== request.anchorTime) throw new DomainError('gone:page_token');
  const anchor = page ? page.anchor : request.anchorTime;
  // "Currently, page_token will be returned only when anchor_time is passed in" (Get Event List): without an
  // anchor a traversal is one page, all of it, has_more false with the sync token, and page_size does not cut it.
  const limit = anchor === undefined ? UNPAGED : pageSize;

  const head = page?.head ?? (await store.changes.head(identity.tenantKey));
  const offset = page?.offset ?? 0;
  const rows = since !== undefined
    ? await listChangedWithTombstones(store, calendar.calendarId, identityKey(identity), since, offset, limit + 1)
    : await store.events.listPlaced(calendar.calendarId, { ...(anchor !== undefined && { endAfter: anchor }), offset, limit: limit + 1 });
  const hasMore = rows.length > limit;
  // Incremental pages apply the anchor here, so a page may hold fewer items than its size (§3.4 allows it).
  const pageRows = rows.slice(0, limit).filter((r) => since === undefined || anchor === undefined || matchesAnchor(r.event, anchor));
  const items = await placedViews(store, identity, calendar, pageRows);
  if (!hasMore) return { items, hasMore, syncToken: encodeSyncToken(request.syncPrefix, head, now) };
  const next: PagePosition = { offset: offset + limit, head, issuedAt: now, ...(since !== undefined && { since }), ...(anchor !== undefined && { anchor }) };
  return { items, hasMore, pageToken: encodePageToken(prefix, next) };
}

/**
 * Incremental rows: changed events, then destroyed exceptions (delete_exception=true)
 * as cancelled items, so a sync client drops them too (events.md §2.10). One offset
 * runs across both lists; a tombstone reads as the exception's removed placement.
 */
async function listChangedWithTombstones(store: Needs<'events'>, calendarId: string, identity: IdentityKey, since: number, offset: number, limit: number): Promise<PlacedEvent[]> {
  const live = await store.events.listChanged(calendarId, identity, since, offset, limit);
  if (live.length === limit) return live;
  const liveTotal = live.length > 0 || offset === 0 ? offset + live.length : await store.events.countChanged(calendarId, identity, since);
  const tombstones = await store.events.listTombstones(calendarId, since, Math.max(0, offset - liveTotal), limit - live.length);
  return [...live, ...tombstones.map(tombstoneAsPlaced)];
}

function tombstoneAsPlaced({ calendarId, event, version }: EventTombstone): PlacedEvent {
  return {
    event: { ...event, status: 'cancelled', version },
    placement: { calendarId, eventId: event.eventId, reason: 'organizer', removed: true, version, firstStart: event.firstStart, lastEnd: event.lastEnd },
  };
}

/** Deleted events and series leave the calendar; cancelled exceptions stay, they cancel their slot. */
function isListed(event: CalendarEvent): boolean {
  return event.status !== 'cancelled' || event.isException;
}

/** The anchor rule of §3.4 (as listPlaced applies it in SQL): every master, others ending at or after the anchor. */
function matchesAnchor(event: CalendarEvent, anchor: number): boolean {
  if (isSeriesMaster(event)) return true;
  return event.lastEnd >= anchor && (!event.isException || event.originalTime >= anchor);
}
