/** The calendar list with its incremental sync (calendars.md §3.6), and search (§3.8). */
import { DomainError } from '../errors.js';
import { clampPageSize, decodeCursor, encodeCursor } from '../paging.js';
import type { Clock, Store } from '../ports.js';
import { identityKey, type Identity } from '../tenancy/model.js';
import type { CalendarView } from './model.js';
import { viewsOf } from './views.js';

const PAGE_PREFIX = 'ListCalendarsPageToken_';
const SYNC_PREFIX = 'ListCalendarsSyncToken_';
const SEARCH_PREFIX = 'SearchCalendarsPageToken_';

export const LIST_PAGE_SIZE = { min: 50, max: 1000, fallback: 500 };
export const SEARCH_PAGE_SIZE = { min: 1, max: 50, fallback: 20 };

export interface ListRequest {
  pageSize?: number;
  pageToken?: string;
  syncToken?: string;
}

export interface CalendarPage {
  items: CalendarView[];
  hasMore: boolean;
  pageToken: string;
  /** Only on the last page. */
  syncToken: string;
}

export class CalendarQueries {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /**
   * Full traversal pages through the subscribed calendars; its last page carries
   * a sync token (the change-log head when the traversal began). With a sync
   * token, only calendars whose row or membership changed come back, removals
   * as `is_deleted: true`.
   */
  async list(identity: Identity, request: ListRequest): Promise<CalendarPage> {
    const now = this.clock.now();
    const pageSize = clampPageSize(request.pageSize, LIST_PAGE_SIZE);
    const sync = request.syncToken !== undefined && request.syncToken !== '' ? decodeCursor(SYNC_PREFIX, request.syncToken, now) : undefined;
    const page = request.pageToken ? decodeCursor(PAGE_PREFIX, request.pageToken, now) : undefined;
    // A page of a full traversal cannot continue an incremental one, nor the reverse (190009).
    if (page && (page.since !== undefined) !== (sync !== undefined)) throw new DomainError('sync_token_conflict');
    if (page && sync && page.since !== sync.head) throw new DomainError('sync_token_conflict');

    const me = identityKey(identity);
    const head = page?.head ?? (await this.store.changes.head());
    const offset = page?.offset ?? 0;
    const pairs = sync
      ? await this.store.calendars.listChangedSince(me, sync.head, offset, pageSize + 1)
      : await this.store.calendars.listSubscribed(me, offset, pageSize + 1);
    const hasMore = pairs.length > pageSize;
    const items = await viewsOf(this.store, identity, pairs.slice(0, pageSize), true);
    const next = { offset: offset + pageSize, head, issuedAt: now, ...(sync && { since: sync.head }) };
    return {
      items,
      hasMore,
      pageToken: hasMore ? encodeCursor(PAGE_PREFIX, next) : '',
      syncToken: hasMore ? '' : encodeCursor(SYNC_PREFIX, { offset: 0, head, issuedAt: now }),
    };
  }

  /** Public calendars and (for users) users' primary calendars whose title or description contains `query`. */
  async search(identity: Identity, query: string, pageSize: number | undefined, pageToken: string | undefined): Promise<{
    items: CalendarView[]; hasMore: boolean; pageToken: string;
  }> {
    const now = this.clock.now();
    const size = clampPageSize(pageSize, SEARCH_PAGE_SIZE);
    const offset = pageToken ? decodeCursor(SEARCH_PREFIX, pageToken, now).offset : 0;
    const found = await this.store.calendars.search(identity.tenantKey, query, identity.kind === 'user', offset, size + 1);
    const hasMore = found.length > size;
    const page = found.slice(0, size);
    const me = identityKey(identity);
    const memberships = await Promise.all(page.map((c) => this.store.calendars.getMembership(c.calendarId, me)));
    const items = await viewsOf(this.store, identity, page.map((c, i) => [c, memberships[i]]), false);
    return { items, hasMore, pageToken: hasMore ? encodeCursor(SEARCH_PREFIX, { offset: offset + size, head: 0, issuedAt: now }) : '' };
  }
}
